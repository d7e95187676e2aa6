import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';
import {
  ASSESSMENT_PATH,
  consentStudy,
  cqProfile,
  ENROLMENT,
  equality,
  likertInstrument,
  STEP,
  stepAssessment,
} from '../testing/assessmentFixtures';
import { apiError, jsonResponse, stubFetch } from '../testing/fetchStub';
import { useAssessmentsStore } from './assessments';

const KEY = 'cq-self-assessment';
const ANSWERS = `${ASSESSMENT_PATH}/${KEY}/answers`;
const SUBMISSION = `${ASSESSMENT_PATH}/${KEY}/submission`;

describe('assessments store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken('csrf');
  });

  it('loads an assessment step', async () => {
    const { requests } = stubFetch({ [`GET ${ASSESSMENT_PATH}`]: jsonResponse(200, stepAssessment()) });
    const store = useAssessmentsStore();

    await store.loadAssessment(ENROLMENT, STEP);

    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${ASSESSMENT_PATH}`]);
    expect(store.assessment?.title).toBe('Pre-assessment');
    expect(store.assessment?.instruments.map((i) => i.key)).toEqual([KEY]);
  });

  it('saves draft answers with the CSRF header and keeps when they were saved', async () => {
    const { requests } = stubFetch({
      [`GET ${ASSESSMENT_PATH}`]: jsonResponse(200, stepAssessment()),
      [`PUT ${ANSWERS}`]: jsonResponse(200, { savedAt: '2026-03-03T14:05:00.000Z', answered: 1, total: 2 }),
    });
    const store = useAssessmentsStore();
    await store.loadAssessment(ENROLMENT, STEP);

    const saved = await store.saveAnswers(ENROLMENT, STEP, KEY, { 'drive-01': 3, 'drive-02': null });

    expect(saved).toEqual({ savedAt: '2026-03-03T14:05:00.000Z', answered: 1, total: 2 });
    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(ANSWERS);
    expect(put?.body).toEqual({ answers: { 'drive-01': 3, 'drive-02': null } });
    expect(put?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(store.assessment?.instruments[0]?.savedAt).toBe('2026-03-03T14:05:00.000Z');
    expect(store.assessment?.instruments[0]?.answers).toEqual({ 'drive-01': 3, 'drive-02': null });
  });

  it('rejects a save the server refuses with the field details', async () => {
    stubFetch({
      [`PUT ${ANSWERS}`]: apiError(
        400,
        'VALIDATION_FAILED',
        'Question 1: choose a point on the scale from 1 to 3.',
        [{ field: 'answers.drive-01', message: 'Question 1: choose a point on the scale from 1 to 3.' }],
      ),
    });
    const store = useAssessmentsStore();

    const failure = await store.saveAnswers(ENROLMENT, STEP, KEY, { 'drive-01': 9 }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).details[0]?.field).toBe('answers.drive-01');
  });

  it('submits a questionnaire and marks the step complete when the server says so', async () => {
    const { requests } = stubFetch({
      [`GET ${ASSESSMENT_PATH}`]: jsonResponse(200, stepAssessment()),
      [`POST ${SUBMISSION}`]: jsonResponse(201, {
        submittedAt: '2026-03-03T14:10:00.000Z',
        stepComplete: true,
      }),
    });
    const store = useAssessmentsStore();
    await store.loadAssessment(ENROLMENT, STEP);

    await store.submit(ENROLMENT, STEP, KEY);

    expect(requests.at(-1)?.method).toBe('POST');
    expect(requests.at(-1)?.path).toBe(SUBMISSION);
    expect(store.assessment?.instruments[0]?.submittedAt).toBe('2026-03-03T14:10:00.000Z');
    expect(store.assessment?.complete).toBe(true);
  });

  it('leaves the step incomplete while other questionnaires are still to do', async () => {
    stubFetch({
      [`GET ${ASSESSMENT_PATH}`]: jsonResponse(
        200,
        stepAssessment({ instruments: [likertInstrument(), likertInstrument({ key: 'other' })] }),
      ),
      [`POST ${SUBMISSION}`]: jsonResponse(201, {
        submittedAt: '2026-03-03T14:10:00.000Z',
        stepComplete: false,
      }),
    });
    const store = useAssessmentsStore();
    await store.loadAssessment(ENROLMENT, STEP);

    await store.submit(ENROLMENT, STEP, KEY);

    expect(store.assessment?.complete).toBe(false);
    expect(store.assessment?.instruments[1]?.submittedAt).toBeNull();
  });

  it('records a consent decision on the form version read, and keeps the new state', async () => {
    const { requests } = stubFetch({
      'GET /api/me/consents': jsonResponse(200, { studies: [consentStudy()] }),
      'POST /api/me/consents': jsonResponse(
        201,
        consentStudy({ state: 'given', decidedAt: '2026-03-03T10:00:00.000Z', decidedOnVersion: 2 }),
      ),
    });
    const store = useAssessmentsStore();
    await store.loadConsents();

    await store.decideConsent('study-1', 'form-1', 'given');

    expect(requests.at(-1)?.body).toEqual({ studyId: 'study-1', consentFormId: 'form-1', decision: 'given' });
    expect(requests.at(-1)?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(store.consents.map((s) => s.state)).toEqual(['given']);
  });

  it('withdraws from a study', async () => {
    const { requests } = stubFetch({
      'GET /api/me/consents': jsonResponse(200, { studies: [consentStudy({ state: 'given' })] }),
      'POST /api/me/consents/study-1/withdrawal': jsonResponse(
        201,
        consentStudy({ state: 'withdrawn', withdrawnAt: '2026-04-01T10:00:00.000Z' }),
      ),
    });
    const store = useAssessmentsStore();
    await store.loadConsents();

    await store.withdrawConsent('study-1');

    expect(requests.at(-1)?.method).toBe('POST');
    expect(requests.at(-1)?.path).toBe('/api/me/consents/study-1/withdrawal');
    expect(store.consents[0]?.state).toBe('withdrawn');
  });

  it('saves equality answers and notes on the loaded step that they have been asked', async () => {
    const { requests } = stubFetch({
      [`GET ${ASSESSMENT_PATH}`]: jsonResponse(200, stepAssessment({ equalityAsked: false })),
      'PUT /api/me/equality': jsonResponse(200, equality({ asked: true })),
    });
    const store = useAssessmentsStore();
    await store.loadAssessment(ENROLMENT, STEP);

    await store.saveEquality({ ethnicity: null, gender: null, band: null });

    expect(requests.at(-1)?.body).toEqual({ ethnicity: null, gender: null, band: null });
    expect(store.equality?.asked).toBe(true);
    expect(store.assessment?.equalityAsked).toBe(true);
  });

  it('loads the CQ profile', async () => {
    stubFetch({ 'GET /api/me/cq-profile': jsonResponse(200, cqProfile()) });
    const store = useAssessmentsStore();

    await store.loadProfile();

    expect(store.profile?.enrolments[0]?.points.map((p) => p.timepoint)).toEqual(['pre', 'post']);
  });
});
