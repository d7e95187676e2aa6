import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { InstrumentDetailDto } from '../../api/types';
import { createAppRouter } from '../../router';
import type { ResponseRecordDto } from '../../stores/responses';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import { instrumentDetail, instrumentSummary, SELF_ASSESSMENT, SJT } from '../../testing/instruments';
import EnrolmentAttemptsView from '../lnd/EnrolmentAttemptsView.vue';
import EnrolmentResponsesView from './EnrolmentResponsesView.vue';

const SESSION = 'GET /api/auth/session';
const RESPONSES = 'GET /api/admin/enrolments/e-1/responses';
const INSTRUMENTS = 'GET /api/instruments';
const CORRECT = 'POST /api/admin/responses/r-2/corrections';
const CORRECT_SJT = 'POST /api/admin/responses/r-3/corrections';

const SURVEY = instrumentSummary('cq-survey', 1, { title: 'Programme feedback survey', kind: 'survey' });

const SJT_DETAIL: InstrumentDetailDto = {
  ...instrumentDetail(SJT),
  scale: null,
  items: ['sjt-01', 'sjt-02', 'sjt-03'].map((id, index) => ({
    id,
    factor: 'action',
    text: `What would you do in situation ${index + 1}?`,
    reverseKeyed: false,
    scenario: `Scenario ${index + 1}: a colleague is new to the team.`,
    options: [
      { id: 'a', text: 'Carry on as usual' },
      { id: 'b', text: 'Ask them how they prefer to work' },
      { id: 'c', text: 'Tell your manager' },
    ],
    best: 'b',
    type: null,
  })),
  forms: { pre: ['sjt-01', 'sjt-02'], post: ['sjt-03'] },
};

const SURVEY_DETAIL: InstrumentDetailDto = {
  ...instrumentDetail(SURVEY),
  items: [
    { ...instrumentDetail(SURVEY).items[0]!, id: 'q1', text: 'The programme was useful.', type: 'scale' },
    { ...instrumentDetail(SURVEY).items[0]!, id: 'q2', text: 'What would you change?', type: 'text' },
  ],
};

function record(id: string, extra: Partial<ResponseRecordDto>): ResponseRecordDto {
  return {
    id,
    instrumentKey: 'cq-self-assessment',
    instrumentVersion: 1,
    timepoint: 'pre',
    answers: {},
    overall: null,
    submittedAt: '2026-03-03T10:00:00.000Z',
    supersededAt: null,
    correctsId: null,
    correctionReason: null,
    ...extra,
  };
}

const ORIGINAL = record('r-1', {
  answers: { 'drive-01': 2, 'action-01': 4 },
  overall: 3,
  supersededAt: '2026-03-05T09:00:00.000Z',
});
const CORRECTION = record('r-2', {
  answers: { 'drive-01': 5, 'action-01': 4 },
  overall: 4.5,
  submittedAt: '2026-03-05T09:00:00.000Z',
  correctsId: 'r-1',
  correctionReason: 'The learner reported a mis-click on the first question.',
});
const SJT_RESPONSE = record('r-3', {
  instrumentKey: 'cq-sjt',
  answers: { 'sjt-01': 'b', 'sjt-02': null },
  overall: 0.5,
});
const DRAFT = record('r-4', {
  timepoint: 'post',
  answers: { 'drive-01': 3, 'action-01': null },
  submittedAt: null,
});
const SURVEY_RESPONSE = record('r-5', {
  instrumentKey: 'cq-survey',
  timepoint: 'follow_up',
  answers: { q1: 4, q2: 'More examples, please.' },
  overall: null,
  submittedAt: '2026-06-01T08:30:00.000Z',
});

const RECORDS = [ORIGINAL, CORRECTION, SJT_RESPONSE, DRAFT, SURVEY_RESPONSE];

function session(role: 'platform_admin' | 'lnd_admin') {
  return jsonResponse(200, {
    user: { ...demoUser, roles: [grant(role, role === 'lnd_admin' ? { trustId: 't1' } : {})] },
    csrfToken: 'csrf',
  });
}

async function mountPage(routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    [SESSION]: session('platform_admin'),
    [RESPONSES]: jsonResponse(200, RECORDS),
    [INSTRUMENTS]: jsonResponse(200, [SELF_ASSESSMENT, SJT, SURVEY]),
    'GET /api/instruments/cq-self-assessment-v1': jsonResponse(200, instrumentDetail(SELF_ASSESSMENT)),
    'GET /api/instruments/cq-sjt-v1': jsonResponse(200, SJT_DETAIL),
    'GET /api/instruments/cq-survey-v1': jsonResponse(200, SURVEY_DETAIL),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/admin/enrolments/e-1/responses');
  const wrapper = mount(EnrolmentResponsesView, {
    attachTo: document.body,
    props: { enrolmentId: 'e-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, ...stub };
}

function chainOf(wrapper: VueWrapper, responseId: string) {
  const chain = wrapper
    .findAll('[data-testid="response-chain"]')
    .find((candidate) => candidate.find(`[data-response-id="${responseId}"]`).exists());
  if (!chain) throw new Error(`No chain holds ${responseId}`);
  return chain;
}

function answersOf(recordWrapper: ReturnType<VueWrapper['get']>) {
  return recordWrapper
    .findAll('[data-testid="response-answer"]')
    .map((row) => [row.get('th').text(), row.get('td').text()]);
}

async function openCorrection(wrapper: VueWrapper, responseId: string) {
  await chainOf(wrapper, responseId).get('[data-testid="correct-response"]').trigger('click');
  await flushPromises();
  return wrapper.get('[data-testid="correction"]');
}

describe('EnrolmentResponsesView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists the responses by timepoint and instrument, each correction with the record it replaced', async () => {
    const { wrapper, requests } = await mountPage();

    expect(requests.map((request) => `${request.method} ${request.path}`)).toContain(RESPONSES);
    expect(wrapper.get('h1').text()).toBe('Assessment responses');
    expect(document.title).toBe('Assessment responses – CQ Pathway');

    const timepoints = wrapper.findAll('[data-testid="responses-timepoint"]');
    expect(timepoints.map((section) => section.get('h2').text())).toEqual([
      'Before the programme',
      'After the programme',
      'Follow-up',
    ]);
    expect(
      timepoints[0]!
        .findAll('[data-testid="responses-instrument"]')
        .map((section) => section.attributes('data-instrument-key')),
    ).toEqual(['cq-self-assessment', 'cq-sjt']);
    expect(timepoints[0]!.get('h3').text()).toBe('cq-self-assessment – CQ Pathway self-assessment');

    // The correction is the current record, with its reason and what it corrects.
    const chain = chainOf(wrapper, 'r-2');
    const current = chain.get('[data-response-id="r-2"]');
    expect(current.get('[data-testid="tag-correction"]').text()).toBe('Correction');
    expect(current.find('[data-testid="tag-corrected"]').exists()).toBe(false);
    expect(current.get('[data-testid="response-instrument"]').text()).toBe('cq-self-assessment, version 1');
    expect(current.get('[data-testid="response-submitted"]').text()).toMatch(/^5 March 2026 at /);
    expect(current.get('[data-testid="response-overall"]').text()).toBe('4.5');
    expect(current.get('[data-testid="response-reason"]').text()).toBe(
      'The learner reported a mis-click on the first question.',
    );
    expect(current.get('[data-testid="response-corrects"]').text()).toMatch(
      /^The response submitted 3 March 2026 at /,
    );
    expect(answersOf(current)).toEqual([
      ['drive-01: I enjoy working with people from other cultures.', '5 out of 5 (Strongly agree)'],
      ['action-01: I change how I speak when a situation calls for it.', '4 out of 5'],
    ]);
    expect(current.find('[data-testid="correct-response"]').exists()).toBe(true);

    // The original stays visible under it, read only.
    const history = chain.get('[data-testid="response-history"]');
    const original = history.get('[data-response-id="r-1"]');
    expect(original.get('[data-testid="tag-corrected"]').text()).toBe('Corrected');
    expect(original.find('[data-testid="tag-correction"]').exists()).toBe(false);
    expect(original.get('[data-testid="response-overall"]').text()).toBe('3');
    expect(original.get('[data-testid="response-superseded"]').text()).toMatch(/^5 March 2026 at /);
    expect(answersOf(original)[0]).toEqual([
      'drive-01: I enjoy working with people from other cultures.',
      '2 out of 5',
    ]);
    expect(history.find('[data-testid="correct-response"]').exists()).toBe(false);
    // Only one block for the two records: the original is not listed again on its own.
    expect(wrapper.findAll('[data-response-id="r-1"]')).toHaveLength(1);

    // Situational judgement answers show the option chosen, only for the items of the form asked.
    const sjt = chainOf(wrapper, 'r-3').get('[data-response-id="r-3"]');
    expect(sjt.find('[data-testid="tag-corrected"]').exists()).toBe(false);
    expect(sjt.find('[data-testid="tag-correction"]').exists()).toBe(false);
    expect(answersOf(sjt)).toEqual([
      ['sjt-01: What would you do in situation 1?', 'b: Ask them how they prefer to work'],
      ['sjt-02: What would you do in situation 2?', 'Not answered'],
    ]);

    // A draft has no submission date and cannot be corrected.
    const draft = chainOf(wrapper, 'r-4');
    expect(draft.get('[data-testid="response-submitted"]').text()).toBe('Draft — not submitted');
    expect(draft.find('[data-testid="correct-response"]').exists()).toBe(false);

    const survey = chainOf(wrapper, 'r-5');
    expect(survey.get('[data-testid="response-overall"]').text()).toBe('Not scored');
    expect(answersOf(survey)).toEqual([
      ['q1: The programme was useful.', '4 out of 5'],
      ['q2: What would you change?', 'More examples, please.'],
    ]);
    wrapper.unmount();
  });

  it('shows item ids only when the instrument wording is withheld, and says when an instrument is missing', async () => {
    const withheld = instrumentDetail({
      ...SELF_ASSESSMENT,
      licence: { ...SELF_ASSESSMENT.licence, redistributable: false },
    });
    const { wrapper } = await mountPage({
      [INSTRUMENTS]: jsonResponse(200, [SELF_ASSESSMENT, SJT]),
      'GET /api/instruments/cq-self-assessment-v1': jsonResponse(200, withheld),
    });

    expect(answersOf(chainOf(wrapper, 'r-2').get('[data-response-id="r-2"]'))).toEqual([
      ['drive-01', '5 out of 5 (Strongly agree)'],
      ['action-01', '4 out of 5'],
    ]);
    expect(wrapper.get('[data-testid="responses-definitions-missing"]').text()).toContain(
      'Some questionnaires could not be loaded',
    );
    // The survey's answers are still listed, by id, but cannot be corrected without the questionnaire.
    const survey = chainOf(wrapper, 'r-5');
    expect(answersOf(survey)).toEqual([
      ['q1', '4'],
      ['q2', 'More examples, please.'],
    ]);
    expect(survey.find('[data-testid="correct-response"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('corrects a response: answers pre-filled, a reason, a check, then numbers sent for scale items', async () => {
    let records: ResponseRecordDto[] = RECORDS;
    const newRecord = record('r-6', {
      answers: { 'drive-01': 3, 'action-01': null },
      overall: 3,
      submittedAt: '2026-03-07T11:00:00.000Z',
      correctsId: 'r-2',
      correctionReason: 'The learner asked for the first answer to be changed.',
    });
    const { wrapper, requests } = await mountPage({
      [RESPONSES]: () => jsonResponse(200, records),
      [CORRECT]: () => {
        records = [
          ORIGINAL,
          { ...CORRECTION, supersededAt: '2026-03-07T11:00:00.000Z' },
          newRecord,
          SJT_RESPONSE,
          DRAFT,
          SURVEY_RESPONSE,
        ];
        return jsonResponse(201, newRecord);
      },
    });

    const form = await openCorrection(wrapper, 'r-2');
    expect(form.get('h5').text()).toBe('Correct this response');
    expect(form.text()).toContain('The original response is kept and marked as corrected');
    expect(form.text()).toContain('recorded in the audit log');
    expect(form.get('legend').text()).toBe('Answers to CQ Pathway self-assessment, version 1');

    const drive = form.get<HTMLInputElement>('#correction-r-2-drive-01');
    const action = form.get<HTMLInputElement>('#correction-r-2-action-01');
    expect(drive.element.value).toBe('5');
    expect(action.element.value).toBe('4');
    expect(drive.attributes('inputmode')).toBe('numeric');
    expect(form.get('label[for="correction-r-2-drive-01"]').text()).toBe(
      'drive-01: I enjoy working with people from other cultures.',
    );
    expect(form.get('#correction-r-2-drive-01-hint').text()).toBe(
      'Enter a number from 1 (Strongly disagree) to 5 (Strongly agree). Leave it empty if the question was not answered.',
    );
    expect(form.get('label[for="correction-r-2-reason"]').text()).toBe('Reason for the correction');

    // Without a reason, and with a point off the scale, nothing is sent.
    await drive.setValue('9');
    await form.get('[data-testid="correction-form"]').trigger('submit');
    await flushPromises();
    const summary = form.get('[data-testid="error-summary"]');
    expect(summary.findAll('li').map((item) => item.text())).toEqual([
      'drive-01: enter a whole number from 1 to 5, or leave it empty if the question was not answered',
      'Enter the reason for the correction',
    ]);
    expect(summary.findAll('a').map((link) => link.attributes('href'))).toEqual([
      '#correction-r-2-drive-01',
      '#correction-r-2-reason',
    ]);
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await drive.setValue('3');
    await action.setValue('');
    await form.get('textarea').setValue('  The learner asked for the first answer to be changed.  ');
    await form.get('[data-testid="correction-form"]').trigger('submit');
    await flushPromises();

    // A check before anything is sent.
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    const confirm = wrapper.get('[data-testid="correction-confirm"]');
    expect(document.activeElement).toBe(confirm.element);
    expect(confirm.text()).toContain('The original response will be kept and marked as corrected.');
    expect(confirm.findAll('[data-testid="correction-changes"] li').map((item) => item.text())).toEqual([
      'drive-01: I enjoy working with people from other cultures.: from 5 out of 5 (Strongly agree) to 3 out of 5',
      'action-01: I change how I speak when a situation calls for it.: from 4 out of 5 to Not answered',
    ]);
    expect(confirm.get('[data-testid="correction-confirm-reason"]').text()).toBe(
      'The learner asked for the first answer to be changed.',
    );

    await confirm.get('[data-testid="correction-confirm-form"]').trigger('submit');
    await flushPromises();

    const posts = requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe('/api/admin/responses/r-2/corrections');
    expect(posts[0]!.body).toEqual({
      answers: { 'drive-01': 3, 'action-01': null },
      reason: 'The learner asked for the first answer to be changed.',
    });
    expect(posts[0]!.headers.get('X-CSRF-Token')).toBe('csrf');

    // The list is loaded again: the new correction is current, both earlier records under it.
    expect(requests.filter((request) => `${request.method} ${request.path}` === RESPONSES)).toHaveLength(2);
    const banner = wrapper.get('[data-testid="correction-result"]');
    expect(banner.text()).toContain('The response has been corrected');
    expect(wrapper.find('[data-testid="correction"]').exists()).toBe(false);
    const chain = chainOf(wrapper, 'r-6');
    expect(chain.get('[data-response-id="r-6"] [data-testid="tag-correction"]').text()).toBe('Correction');
    expect(
      chain
        .get('[data-testid="response-history"]')
        .findAll('[data-testid="response-record"]')
        .map((item) => item.attributes('data-response-id')),
    ).toEqual(['r-2', 'r-1']);
    expect(chain.get('[data-response-id="r-2"] [data-testid="tag-corrected"]').text()).toBe('Corrected');
    expect(chain.findAll('[data-testid="correct-response"]')).toHaveLength(1);
    wrapper.unmount();
  });

  it('offers the options of a situational judgement item and sends the option ids', async () => {
    const { wrapper, requests } = await mountPage({
      [CORRECT_SJT]: jsonResponse(201, { ...SJT_RESPONSE, id: 'r-7', correctsId: 'r-3' }),
    });

    const form = await openCorrection(wrapper, 'r-3');
    // Only the items of the form the person was asked.
    expect(
      form.findAll('[data-testid="correction-answer"]').map((field) => field.attributes('data-item-id')),
    ).toEqual(['sjt-01', 'sjt-02']);
    const first = form.get<HTMLSelectElement>('select#correction-r-3-sjt-01');
    expect(first.element.value).toBe('b');
    expect(first.findAll('option').map((option) => option.text())).toEqual([
      'Not answered',
      'a: Carry on as usual',
      'b: Ask them how they prefer to work',
      'c: Tell your manager',
    ]);
    expect(form.get<HTMLSelectElement>('select#correction-r-3-sjt-02').element.value).toBe('');

    await first.setValue('');
    await form.get<HTMLSelectElement>('select#correction-r-3-sjt-02').setValue('c');
    await form.get('textarea').setValue('Answers were entered against the wrong scenarios.');
    await form.get('[data-testid="correction-form"]').trigger('submit');
    await flushPromises();
    await wrapper.get('[data-testid="correction-confirm-form"]').trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      {
        answers: { 'sjt-01': null, 'sjt-02': 'c' },
        reason: 'Answers were entered against the wrong scenarios.',
      },
    ]);
    wrapper.unmount();
  });

  it('keeps the text of a text answer', async () => {
    const { wrapper } = await mountPage();

    const form = await openCorrection(wrapper, 'r-5');
    expect(form.get<HTMLInputElement>('input#correction-r-5-q1').element.value).toBe('4');
    expect(form.get<HTMLTextAreaElement>('textarea#correction-r-5-q2').element.value).toBe(
      'More examples, please.',
    );
    await form.get('[data-testid="correction-cancel"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="correction"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('correct-r-5');
    wrapper.unmount();
  });

  it('shows a refused answer in the error summary, beside its question', async () => {
    const message = 'Question 1: choose a point on the scale from 1 to 5.';
    const { wrapper, requests } = await mountPage({
      [CORRECT]: apiError(400, 'VALIDATION_FAILED', message, [{ field: 'answers.drive-01', message }]),
    });

    const form = await openCorrection(wrapper, 'r-2');
    await form.get('#correction-r-2-drive-01').setValue('4');
    await form.get('textarea').setValue('Typed in the wrong box.');
    await form.get('[data-testid="correction-form"]').trigger('submit');
    await flushPromises();
    await wrapper.get('[data-testid="correction-confirm-form"]').trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('There is a problem');
    expect(summary.get('a').text()).toBe(message);
    expect(summary.get('a').attributes('href')).toBe('#correction-r-2-drive-01');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.get('#correction-r-2-drive-01-error').text()).toContain(message);
    // Back on the form, with what was typed.
    expect(wrapper.get<HTMLInputElement>('#correction-r-2-drive-01').element.value).toBe('4');
    expect(wrapper.get<HTMLTextAreaElement>('#correction-r-2-reason').element.value).toBe(
      'Typed in the wrong box.',
    );
    expect(wrapper.find('[data-testid="correction-result"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows why a correction is refused when the response was already corrected', async () => {
    const message = 'This response has already been corrected: correct the newest record.';
    const { wrapper } = await mountPage({ [CORRECT]: apiError(409, 'CONFLICT', message) });

    const form = await openCorrection(wrapper, 'r-2');
    await form.get('textarea').setValue('Typed in the wrong box.');
    await form.get('[data-testid="correction-form"]').trigger('submit');
    await flushPromises();
    await wrapper.get('[data-testid="correction-confirm-form"]').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.findAll('li').map((item) => item.text())).toEqual([message]);
    expect(wrapper.find('[data-testid="correction-form"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="correction-result"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says when the enrolment has no responses', async () => {
    const { wrapper, requests } = await mountPage({ [RESPONSES]: jsonResponse(200, []) });

    expect(wrapper.get('[data-testid="responses-empty"]').text()).toContain(
      'No assessment responses have been recorded for this enrolment yet.',
    );
    expect(requests.some((request) => request.path === '/api/instruments')).toBe(false);
    wrapper.unmount();
  });
});

describe('the assessment responses link on the module attempts page', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  async function mountAttempts(role: 'platform_admin' | 'lnd_admin') {
    stubFetch({
      [SESSION]: session(role),
      'GET /api/trusts/t1/enrolments/e-1/attempts': jsonResponse(200, []),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push('/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1');
    const wrapper = mount(EnrolmentAttemptsView, {
      attachTo: document.body,
      props: { trustId: 't1', enrolmentId: 'e-1' },
      global: { plugins: [pinia, router] },
    });
    await flushPromises();
    return wrapper;
  }

  it('is shown to platform admins, with the way back', async () => {
    const wrapper = await mountAttempts('platform_admin');

    const link = wrapper.get('[data-testid="enrolment-responses-link"] a');
    expect(link.text()).toBe('Assessment responses (platform admin)');
    expect(link.attributes('href')).toBe('/admin/enrolments/e-1/responses?trust=t1&cohort=c-1');
    wrapper.unmount();
  });

  it('is not shown to L&D admins', async () => {
    const wrapper = await mountAttempts('lnd_admin');

    expect(wrapper.find('[data-testid="enrolment-responses-link"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
