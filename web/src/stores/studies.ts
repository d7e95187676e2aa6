import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type {
  ConsentFormDto,
  CreateConsentFormInput,
  CreateStudyInput,
  StudyDto,
  StudyEqualityDto,
  StudyParticipationDto,
} from '../api/types';

function newestFirst(forms: readonly ConsentFormDto[]): ConsentFormDto[] {
  return [...forms].sort((a, b) => b.version - a.version);
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

  return {
    studies: readonly(studies),
    loaded: readonly(loaded),
    consentForms: readonly(consentForms),
    participation: readonly(participation),
    equality: readonly(equality),
    loadStudies,
    createStudy,
    loadStudy,
    loadConsentForms,
    createConsentForm,
    loadParticipation,
    loadEquality,
  };
});
