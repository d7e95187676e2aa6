import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { StepAssessmentDto } from '../../stores/assessments';
import {
  ASSESSMENT_PATH,
  consentStudy,
  equality,
  likertInstrument,
  sjtInstrument,
  stepAssessment,
  surveyInstrument,
} from '../../testing/assessmentFixtures';
import { apiError, jsonResponse, stubFetch, type RecordedRequest } from '../../testing/fetchStub';
import AssessmentView from './AssessmentView.vue';

const GET = `GET ${ASSESSMENT_PATH}`;
const LIKERT_ANSWERS = `PUT ${ASSESSMENT_PATH}/cq-self-assessment/answers`;
const LIKERT_SUBMISSION = `POST ${ASSESSMENT_PATH}/cq-self-assessment/submission`;

const savedTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

async function mountView(): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const stub = { render: () => null };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/learning/:enrolmentId/assessments/:stepId', component: AssessmentView, props: true },
      { path: '/profile', name: 'profile', component: stub },
      { path: '/:rest(.*)*', component: stub },
    ],
  });
  await router.push('/learning/e1/assessments/s1');
  const wrapper = mount(AssessmentView, {
    attachTo: document.body,
    props: { enrolmentId: 'e1', stepId: 's1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return wrapper;
}

function sent(requests: RecordedRequest[], route: string): RecordedRequest[] {
  return requests.filter((request) => `${request.method} ${request.path}` === route);
}

describe('AssessmentView', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows why a locked assessment cannot be started, with a way back', async () => {
    stubFetch({
      [GET]: jsonResponse(
        200,
        stepAssessment({
          title: 'Post-assessment',
          timepoint: 'post',
          locked: true,
          lockedReason: 'Opens when you have finished every module.',
          instruments: [],
        }),
      ),
    });
    const wrapper = await mountView();

    expect(wrapper.get('[data-testid="assessment-locked-reason"]').text()).toBe(
      'Opens when you have finished every module.',
    );
    expect(wrapper.get('[data-testid="assessment-back"]').attributes('href')).toBe('/learning');
    expect(wrapper.find('[data-testid="questionnaire"]').exists()).toBe(false);
    expect(document.title).toContain('Post-assessment');
    wrapper.unmount();
  });

  it('asks for a consent decision first, posts it on the form read, then reloads', async () => {
    let decided = false;
    const { requests } = stubFetch({
      [GET]: () =>
        jsonResponse(
          200,
          stepAssessment({ consentNeeded: decided ? [] : [consentStudy()], equalityAsked: true }),
        ),
      'POST /api/me/consents': () => {
        decided = true;
        return jsonResponse(201, consentStudy({ state: 'declined', decidedAt: '2026-03-03T10:00:00.000Z' }));
      },
    });
    const wrapper = await mountView();

    const study = wrapper.get('[data-testid="consent-study"]');
    expect(study.text()).toContain('CQ Pathway evaluation');
    expect(study.findAll('[data-testid="consent-information"] p').map((p) => p.text())).toEqual([
      'We are studying how managers use cultural intelligence.',
      'Taking part is voluntary.',
    ]);
    expect(study.findAll('[data-testid="consent-statements"] li')).toHaveLength(2);
    expect(study.get('[data-testid="consent-note"]').text()).toContain('whether or not you take part');
    expect(study.get('[data-testid="consent-note"]').text()).toContain(
      'withdraw at any time from My CQ profile',
    );
    expect(study.get('legend').text()).toBe('Do you agree to take part in this study?');
    expect(wrapper.find('[data-testid="questionnaire"]').exists()).toBe(false);

    // Nothing chosen: the error summary takes focus and nothing is sent.
    await wrapper.get('[data-testid="consent-form"]').trigger('submit');
    await flushPromises();
    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('Select whether you agree to take part in this study');
    expect(document.activeElement).toBe(summary.element);
    expect(sent(requests, 'POST /api/me/consents')).toHaveLength(0);

    const [yes, no] = wrapper.findAll('[data-testid="consent-decision"]');
    expect(wrapper.get(`label[for="${yes?.attributes('id')}"]`).text()).toBe('Yes, I agree to take part');
    await no?.setValue(true);
    await wrapper.get('[data-testid="consent-form"]').trigger('submit');
    await flushPromises();

    expect(sent(requests, 'POST /api/me/consents').map((r) => r.body)).toEqual([
      { studyId: 'study-1', consentFormId: 'form-1', decision: 'declined' },
    ]);
    expect(sent(requests, GET)).toHaveLength(2);
    expect(wrapper.find('[data-testid="consent-study"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="questionnaire"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows a consent form that changed meanwhile again, with the reason', async () => {
    let version = 1;
    const { requests } = stubFetch({
      [GET]: () =>
        jsonResponse(
          200,
          stepAssessment({
            consentNeeded: [
              consentStudy({ form: { ...consentStudy().form, id: `form-${version}`, version } }),
            ],
          }),
        ),
      'POST /api/me/consents': () => {
        version = 2;
        return apiError(
          409,
          'CONFLICT',
          'The consent form has been updated since you opened it. Read the new version and decide again.',
        );
      },
    });
    const wrapper = await mountView();

    await wrapper.findAll('[data-testid="consent-decision"]')[0]?.setValue(true);
    await wrapper.get('[data-testid="consent-form"]').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain(
      'The consent form has been updated',
    );
    expect(wrapper.text()).toContain('Information sheet version 2');
    expect(sent(requests, GET)).toHaveLength(2);
    // The new version has to be decided on afresh.
    expect(
      wrapper.findAll<HTMLInputElement>('[data-testid="consent-decision"]').some((r) => r.element.checked),
    ).toBe(false);
    wrapper.unmount();
  });

  it('asks the equality questions once, and skipping them saves nothing but nulls', async () => {
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment({ equalityAsked: false })),
      'GET /api/me/equality': jsonResponse(200, equality({ recordedBand: '7' })),
      'PUT /api/me/equality': jsonResponse(200, equality({ asked: true })),
    });
    const wrapper = await mountView();

    const step = wrapper.get('[data-testid="equality-step"]');
    const explanation = step.get('[data-testid="equality-explanation"]').text();
    expect(explanation).toContain('optional');
    expect(explanation).toContain('kept separately from your assessment answers');
    expect(explanation).toContain('never your answers');
    expect(explanation).toContain('learning and development team never sees them');
    expect(step.text()).toContain('Your staff record says Band 7. Is that right?');
    expect(step.find('[data-testid="ethnic-group-asian"] legend').text()).toBe('Asian or Asian British');
    expect(wrapper.find('[data-testid="questionnaire"]').exists()).toBe(false);

    await wrapper.get('[data-testid="equality-ethnicity"][value="H"]').setValue(true);
    await wrapper.get('[data-testid="equality-skip"]').trigger('click');
    await flushPromises();

    expect(sent(requests, 'PUT /api/me/equality').map((r) => r.body)).toEqual([
      { ethnicity: null, gender: null, band: null },
    ]);
    expect(wrapper.find('[data-testid="equality-step"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="questionnaire"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('saves the equality answers given, with the confirmed or corrected band', async () => {
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment({ equalityAsked: false })),
      'GET /api/me/equality': jsonResponse(200, equality({ recordedBand: '7' })),
      'PUT /api/me/equality': jsonResponse(
        200,
        equality({ asked: true, ethnicity: 'H', gender: 'woman', band: '8a' }),
      ),
    });
    const wrapper = await mountView();

    await wrapper.get('[data-testid="equality-ethnicity"][value="H"]').setValue(true);
    await wrapper.get('[data-testid="equality-gender"][value="woman"]').setValue(true);
    expect(wrapper.find('[data-testid="equality-band"]').exists()).toBe(false);
    await wrapper.get('[data-testid="equality-band-confirm"][value="no"]').setValue(true);
    await wrapper.get('[data-testid="equality-band"]').setValue('8a');
    await wrapper.get('[data-testid="equality-form"]').trigger('submit');
    await flushPromises();

    expect(sent(requests, 'PUT /api/me/equality').map((r) => r.body)).toEqual([
      { ethnicity: 'H', gender: 'woman', band: '8a' },
    ]);
    wrapper.unmount();
  });

  it('shows the questionnaire label, and saves an answer shortly after it is given', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const savedAt = new Date().toISOString();
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment({ instruments: [likertInstrument(), sjtInstrument()] })),
      [LIKERT_ANSWERS]: jsonResponse(200, { savedAt, answered: 1, total: 2 }),
    });
    const wrapper = await mountView();

    expect(wrapper.get('[data-testid="questionnaire-position"]').text()).toBe('Questionnaire 1 of 2');
    expect(wrapper.get('[data-testid="instrument-label"]').text()).toContain(
      'not the validated Cultural Intelligence Scale',
    );
    const first = wrapper.findAll('[data-testid="questionnaire-item"]')[0]!;
    expect(first.get('legend').text()).toContain('I find leading a diverse team rewarding.');
    expect(first.findAll('label').map((label) => label.text())).toEqual([
      'Disagree',
      'Neither agree nor disagree',
      'Agree',
    ]);
    const status = wrapper.get('[data-testid="save-status"]');
    expect(status.attributes('aria-live')).toBe('polite');

    await first.findAll('input')[2]!.setValue(true);
    await flushPromises();
    expect(sent(requests, LIKERT_ANSWERS)).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(800);
    await flushPromises();

    expect(sent(requests, LIKERT_ANSWERS).map((r) => r.body)).toEqual([
      { answers: { 'drive-01': 3, 'drive-02': null } },
    ]);
    expect(status.text()).toBe(`Saved at ${savedTime.format(new Date(savedAt))}`);
    wrapper.unmount();
  });

  it('saves at once when the learner moves on to another question', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment()),
      [LIKERT_ANSWERS]: jsonResponse(200, { savedAt: new Date().toISOString(), answered: 1, total: 2 }),
    });
    const wrapper = await mountView();
    const [first, second] = wrapper.findAll('[data-testid="questionnaire-item"]');
    const options = first!.findAll('input');

    await options[0]!.setValue(true);
    // Moving between the options of the same question does not count as leaving it.
    await options[0]!.trigger('focusout', { relatedTarget: options[1]!.element });
    await flushPromises();
    expect(sent(requests, LIKERT_ANSWERS)).toHaveLength(0);

    await options[0]!.trigger('focusout', { relatedTarget: second!.get('input').element });
    await flushPromises();
    expect(sent(requests, LIKERT_ANSWERS).map((r) => r.body)).toEqual([
      { answers: { 'drive-01': 1, 'drive-02': null } },
    ]);
    wrapper.unmount();
  });

  it('keeps answers that could not be saved, says so, and tries again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let online = false;
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment()),
      [LIKERT_ANSWERS]: () => {
        if (!online) throw new TypeError('Failed to fetch');
        return jsonResponse(200, { savedAt: new Date().toISOString(), answered: 1, total: 2 });
      },
    });
    const wrapper = await mountView();
    const first = wrapper.findAll('[data-testid="questionnaire-item"]')[0]!;

    await first.findAll('input')[1]!.setValue(true);
    await vi.advanceTimersByTimeAsync(800);
    await flushPromises();

    const status = wrapper.get('[data-testid="save-status"]');
    expect(status.text()).toContain('Not saved yet — we will try again');
    expect(status.attributes('data-state')).toBe('retrying');
    // Nothing blocks answering, and the answer is still chosen.
    expect(wrapper.find('[data-testid="error-summary"]').exists()).toBe(false);
    expect(first.findAll<HTMLInputElement>('input')[1]!.element.checked).toBe(true);
    expect(sent(requests, LIKERT_ANSWERS)).toHaveLength(1);

    online = true;
    await vi.advanceTimersByTimeAsync(2000);
    await flushPromises();

    expect(sent(requests, LIKERT_ANSWERS).map((r) => r.body)).toEqual([
      { answers: { 'drive-01': 2, 'drive-02': null } },
      { answers: { 'drive-01': 2, 'drive-02': null } },
    ]);
    expect(status.text()).toMatch(/^Saved at \d{2}:\d{2}$/);
    wrapper.unmount();
  });

  it('shows an answer the server refuses beside its question', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stubFetch({
      [GET]: jsonResponse(200, stepAssessment()),
      [LIKERT_ANSWERS]: apiError(
        400,
        'VALIDATION_FAILED',
        'Question 2: choose a point on the scale from 1 to 3.',
        [{ field: 'answers.drive-02', message: 'Question 2: choose a point on the scale from 1 to 3.' }],
      ),
    });
    const wrapper = await mountView();

    await wrapper.findAll('[data-testid="questionnaire-item"]')[1]!.findAll('input')[0]!.setValue(true);
    await vi.advanceTimersByTimeAsync(800);
    await flushPromises();

    const second = wrapper.findAll('[data-testid="questionnaire-item"]')[1]!;
    expect(second.get('.nhsuk-error-message').text()).toContain('Question 2: choose a point on the scale');
    const link = wrapper.get('[data-testid="error-summary"] a');
    expect(link.attributes('href')).toBe(`#${second.get('input').attributes('id')}`);
    expect(wrapper.get('[data-testid="save-status"]').attributes('data-state')).toBe('invalid');
    wrapper.unmount();
  });

  it('asks for confirmation before submitting, then moves on to the next questionnaire', async () => {
    let submitted = false;
    const { requests } = stubFetch({
      [GET]: jsonResponse(200, stepAssessment({ instruments: [likertInstrument(), sjtInstrument()] })),
      [LIKERT_ANSWERS]: jsonResponse(200, { savedAt: new Date().toISOString(), answered: 1, total: 2 }),
      [LIKERT_SUBMISSION]: () => {
        submitted = true;
        return jsonResponse(201, { submittedAt: new Date().toISOString(), stepComplete: false });
      },
    });
    const wrapper = await mountView();

    await wrapper.findAll('[data-testid="questionnaire-item"]')[0]!.findAll('input')[0]!.setValue(true);
    await wrapper.get('[data-testid="questionnaire-form"]').trigger('submit');
    await flushPromises();

    const confirmation = wrapper.get('[data-testid="submit-confirmation"]');
    expect(confirmation.get('[data-testid="submit-summary"]').text()).toBe(
      'You have answered 1 of 2 questions. Once you submit you cannot change your answers.',
    );
    expect(document.activeElement?.textContent).toBe('Submit your answers');
    expect(submitted).toBe(false);

    await wrapper.get('[data-testid="submit-confirm"]').trigger('click');
    await flushPromises();

    expect(submitted).toBe(true);
    // The answers were saved before the submission.
    const order = requests.map((r) => `${r.method} ${r.path}`).filter((r) => r !== GET);
    expect(order.at(-1)).toBe(LIKERT_SUBMISSION);
    expect(sent(requests, LIKERT_ANSWERS).at(-1)?.body).toEqual({
      answers: { 'drive-01': 1, 'drive-02': null },
    });
    const next = wrapper.get('[data-testid="questionnaire"]');
    expect(next.attributes('data-instrument-key')).toBe('cq-sjt');
    expect(wrapper.get('[data-testid="questionnaire-position"]').text()).toBe('Questionnaire 2 of 2');
    expect(document.activeElement?.textContent).toBe('CQ Pathway situations');
    // A situational judgement item: the scenario describes the question's radios.
    const fieldset = next.get('fieldset');
    expect(next.get('[data-testid="item-scenario"]').text()).toContain(
      'A new nurse rarely speaks in handover.',
    );
    expect(fieldset.attributes('aria-describedby')).toContain(
      next.get('[data-testid="item-scenario"]').attributes('id'),
    );
    expect(fieldset.get('legend').text()).toBe('What would you do first?');
    wrapper.unmount();
  });

  it('will not submit a questionnaire with no answers', async () => {
    const { requests } = stubFetch({ [GET]: jsonResponse(200, stepAssessment()) });
    const wrapper = await mountView();

    await wrapper.get('[data-testid="questionnaire-form"]').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('Answer at least one question before you submit.');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.find('[data-testid="submit-confirmation"]').exists()).toBe(false);
    expect(requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    wrapper.unmount();
  });

  it('counts the characters of a written answer', async () => {
    stubFetch({ [GET]: jsonResponse(200, stepAssessment({ instruments: [surveyInstrument()] })) });
    const wrapper = await mountView();

    const textarea = wrapper.get('[data-testid="answer-text"]');
    expect(wrapper.get(`label[for="${textarea.attributes('id')}"]`).text()).toContain(
      'What was most useful?',
    );
    expect(wrapper.get('[data-testid="character-count"]').text()).toBe('You have 4,000 characters remaining');
    await textarea.setValue('Useful');
    expect(wrapper.get('[data-testid="character-count"]').text()).toBe('You have 3,994 characters remaining');
    await textarea.setValue('x'.repeat(4001));
    expect(wrapper.get('[data-testid="character-count"]').text()).toBe('You have 1 character too many');
    expect(wrapper.find('.nhsuk-textarea--error').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows the completion panel with links back, and to the profile after the post-assessment', async () => {
    const done: StepAssessmentDto = stepAssessment({
      title: 'Post-assessment',
      timepoint: 'post',
      complete: true,
      instruments: [likertInstrument({ submittedAt: '2026-05-01T10:00:00.000Z' })],
    });
    stubFetch({ [GET]: jsonResponse(200, done) });
    const wrapper = await mountView();

    expect(wrapper.get('[data-testid="assessment-complete"]').text()).toContain('Assessment complete');
    expect(wrapper.get('[data-testid="complete-learning-link"]').attributes('href')).toBe('/learning');
    expect(wrapper.get('[data-testid="complete-profile-link"]').attributes('href')).toBe('/profile');
    wrapper.unmount();
  });
});
