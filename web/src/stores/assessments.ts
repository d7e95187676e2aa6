import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type Timepoint = Schemas['Timepoint'];
export type StepAssessmentDto = Schemas['StepAssessmentDto'];
export type AssessmentInstrumentDto = Schemas['AssessmentInstrumentDto'];
export type AssessmentItemDto = Schemas['AssessmentItemDto'];
export type AnswerValue = AssessmentInstrumentDto['answers'][string];
export type Answers = Record<string, AnswerValue>;
export type SavedAnswersDto = Schemas['SavedAnswersDto'];
export type SubmittedDto = Schemas['SubmittedDto'];
export type ConsentStudyDto = Schemas['ConsentStudyDto'];
export type ConsentDecision = Schemas['ConsentDecision'];
export type EqualityDto = Schemas['EqualityDto'];
export type EqualityAnswer = Schemas['EqualityAnswerDto'];
export type CqProfileDto = Schemas['CqProfileDto'];
export type ProfileEnrolmentDto = Schemas['ProfileEnrolmentDto'];

/**
 * The learner's side of the pre/post assessments: an assessment step with its questionnaires, saving and
 * submitting answers, research consent, equality monitoring and the learner's own CQ profile.
 */
export const useAssessmentsStore = defineStore('assessments', () => {
  const assessment = ref<StepAssessmentDto | null>(null);
  const consents = ref<ConsentStudyDto[]>([]);
  const consentsLoaded = ref(false);
  const equality = ref<EqualityDto | null>(null);
  const profile = ref<CqProfileDto | null>(null);

  // Answers to older requests are dropped, so a quick change of step cannot show the wrong one.
  let request = 0;

  async function loadAssessment(enrolmentId: string, stepId: string): Promise<StepAssessmentDto> {
    const current = ++request;
    const result = await unwrap(
      api.GET('/api/me/enrolments/{enrolmentId}/steps/{stepId}/assessment', {
        params: { path: { enrolmentId, stepId } },
      }),
    );
    if (current === request) assessment.value = result;
    return result;
  }

  function instrumentOf(enrolmentId: string, stepId: string, key: string): AssessmentInstrumentDto | null {
    const step = assessment.value;
    if (!step || step.enrolmentId !== enrolmentId || step.stepId !== stepId) return null;
    return step.instruments.find((instrument) => instrument.key === key) ?? null;
  }

  /** Autosave: replaces the draft answers of one questionnaire. */
  async function saveAnswers(
    enrolmentId: string,
    stepId: string,
    instrumentKey: string,
    answers: Answers,
  ): Promise<SavedAnswersDto> {
    const sent = { ...answers };
    const saved = await unwrap(
      api.PUT('/api/me/enrolments/{enrolmentId}/steps/{stepId}/assessment/{instrumentKey}/answers', {
        params: { path: { enrolmentId, stepId, instrumentKey } },
        body: { answers: sent },
      }),
    );
    const instrument = instrumentOf(enrolmentId, stepId, instrumentKey);
    if (instrument) {
      instrument.answers = sent;
      instrument.savedAt = saved.savedAt;
    }
    return saved;
  }

  /** Submits one questionnaire: final, its answers cannot change after. */
  async function submit(enrolmentId: string, stepId: string, instrumentKey: string): Promise<SubmittedDto> {
    const submitted = await unwrap(
      api.POST('/api/me/enrolments/{enrolmentId}/steps/{stepId}/assessment/{instrumentKey}/submission', {
        params: { path: { enrolmentId, stepId, instrumentKey } },
      }),
    );
    const instrument = instrumentOf(enrolmentId, stepId, instrumentKey);
    if (instrument) instrument.submittedAt = submitted.submittedAt;
    if (submitted.stepComplete && assessment.value && instrument) assessment.value.complete = true;
    return submitted;
  }

  function keepStudy(study: ConsentStudyDto): void {
    const index = consents.value.findIndex((item) => item.studyId === study.studyId);
    if (index === -1) consents.value.push(study);
    else consents.value.splice(index, 1, study);
  }

  async function loadConsents(): Promise<void> {
    const mine = await unwrap(api.GET('/api/me/consents'));
    consents.value = mine.studies;
    consentsLoaded.value = true;
  }

  /** Agrees or declines to take part in a study, on the version of its form the learner read. */
  async function decideConsent(
    studyId: string,
    consentFormId: string,
    decision: ConsentDecision,
  ): Promise<ConsentStudyDto> {
    const study = await unwrap(api.POST('/api/me/consents', { body: { studyId, consentFormId, decision } }));
    keepStudy(study);
    return study;
  }

  async function withdrawConsent(studyId: string): Promise<ConsentStudyDto> {
    const study = await unwrap(
      api.POST('/api/me/consents/{studyId}/withdrawal', { params: { path: { studyId } } }),
    );
    keepStudy(study);
    return study;
  }

  async function loadEquality(): Promise<EqualityDto> {
    const result = await unwrap(api.GET('/api/me/equality'));
    equality.value = result;
    return result;
  }

  /** Saves the equality monitoring answers; all null records that the questions were skipped. */
  async function saveEquality(answer: Required<EqualityAnswer>): Promise<EqualityDto> {
    const result = await unwrap(api.PUT('/api/me/equality', { body: answer }));
    equality.value = result;
    if (assessment.value) assessment.value.equalityAsked = result.asked;
    return result;
  }

  async function loadProfile(): Promise<void> {
    profile.value = await unwrap(api.GET('/api/me/cq-profile'));
  }

  return {
    assessment: readonly(assessment),
    consents: readonly(consents),
    consentsLoaded: readonly(consentsLoaded),
    equality: readonly(equality),
    profile: readonly(profile),
    loadAssessment,
    saveAnswers,
    submit,
    loadConsents,
    decideConsent,
    withdrawConsent,
    loadEquality,
    saveEquality,
    loadProfile,
  };
});
