import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type {
  ConsentFormDto,
  CreateConsentFormInput,
  CreateStudyInput,
  EvaluationDto,
  EvaluationQuery,
  StudyDto,
  StudyEqualityDto,
  StudyParticipationDto,
} from '../api/types';

function newestFirst(forms: readonly ConsentFormDto[]): ConsentFormDto[] {
  return [...forms].sort((a, b) => b.version - a.version);
}

/** The evaluation's filters in a fixed order, without empty ones: the key of a loaded evaluation. */
export function evaluationKey(studyId: string, filters: EvaluationQuery = {}): string {
  const parts = (['trustId', 'cohortId', 'band', 'ethnicGroup'] as const)
    .filter((name) => filters[name])
    .map((name) => `${name}=${filters[name]}`);
  return parts.length ? `${studyId}?${parts.join('&')}` : studyId;
}

export const useStudiesStore = defineStore('studies', () => {
  const studies = ref<StudyDto[]>([]);
  const loaded = ref(false);
  /** Consent form versions by study id, newest first. */
  const consentForms = ref<Record<string, ConsentFormDto[]>>({});
  /** Participation counts by study id, small cells already suppressed by the API. */
  const participation = ref<Record<string, StudyParticipationDto>>({});
  /** Aggregate equality monitoring by study id, small cells already suppressed by the API. */
  const equality = ref<Record<string, StudyEqualityDto>>({});

  /** Evaluations by evaluationKey(studyId, filters), small cells already withheld by the API. */
  const evaluations = ref<Record<string, EvaluationDto>>({});

  async function loadStudies(): Promise<void> {
    studies.value = await unwrap(api.GET('/api/studies'));
    loaded.value = true;
  }

  async function createStudy(input: CreateStudyInput): Promise<StudyDto> {
    const study = await unwrap(api.POST('/api/studies', { body: input }));
    studies.value = [...studies.value, study].sort((a, b) => a.name.localeCompare(b.name));
    return study;
  }

  async function loadStudy(studyId: string): Promise<StudyDto> {
    const study = await unwrap(api.GET('/api/studies/{studyId}', { params: { path: { studyId } } }));
    studies.value = studies.value.some((s) => s.id === study.id)
      ? studies.value.map((s) => (s.id === study.id ? study : s))
      : [...studies.value, study];
    return study;
  }

  async function loadConsentForms(studyId: string): Promise<ConsentFormDto[]> {
    const forms = newestFirst(
      await unwrap(api.GET('/api/studies/{studyId}/consent-forms', { params: { path: { studyId } } })),
    );
    consentForms.value = { ...consentForms.value, [studyId]: forms };
    return forms;
  }

  /** Publishes a new version of a study's consent form; decisions already made stay as they are. */
  async function createConsentForm(studyId: string, input: CreateConsentFormInput): Promise<ConsentFormDto> {
    const form = await unwrap(
      api.POST('/api/studies/{studyId}/consent-forms', { params: { path: { studyId } }, body: input }),
    );
    const others = (consentForms.value[studyId] ?? []).filter((known) => known.id !== form.id);
    consentForms.value = { ...consentForms.value, [studyId]: newestFirst([...others, form]) };
    return form;
  }

  async function loadParticipation(studyId: string): Promise<void> {
    const result = await unwrap(
      api.GET('/api/studies/{studyId}/participation', { params: { path: { studyId } } }),
    );
    participation.value = { ...participation.value, [studyId]: result };
  }

  async function loadEquality(studyId: string): Promise<void> {
    const result = await unwrap(
      api.GET('/api/studies/{studyId}/equality', { params: { path: { studyId } } }),
    );
    equality.value = { ...equality.value, [studyId]: result };
  }

  /** The study evaluation for one set of filters (trust, cohort, band, ethnic group). */
  async function loadEvaluation(studyId: string, filters: EvaluationQuery = {}): Promise<EvaluationDto> {
    const query: EvaluationQuery = {};
    if (filters.trustId) query.trustId = filters.trustId;
    if (filters.cohortId) query.cohortId = filters.cohortId;
    if (filters.band) query.band = filters.band;
    if (filters.ethnicGroup) query.ethnicGroup = filters.ethnicGroup;
    const result = await unwrap(
      api.GET('/api/studies/{studyId}/evaluation', { params: { path: { studyId }, query } }),
    );
    evaluations.value = { ...evaluations.value, [evaluationKey(studyId, query)]: result };
    return result;
  }

  return {
    studies: readonly(studies),
    loaded: readonly(loaded),
    consentForms: readonly(consentForms),
    participation: readonly(participation),
    equality: readonly(equality),
    evaluations: readonly(evaluations),
    loadStudies,
    createStudy,
    loadStudy,
    loadConsentForms,
    createConsentForm,
    loadParticipation,
    loadEquality,
    loadEvaluation,
  };
});
