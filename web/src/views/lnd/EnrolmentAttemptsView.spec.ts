import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { EnrolmentAttemptsDto, EnrolmentRowDto } from '../../api/types';
import CohortEnrolmentTable from '../../components/cohorts/CohortEnrolmentTable.vue';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, noContent, stubFetch } from '../../testing/fetchStub';
import EnrolmentAttemptsView from './EnrolmentAttemptsView.vue';

const SESSION = 'GET /api/auth/session';
const ATTEMPTS = 'GET /api/trusts/t1/enrolments/e-1/attempts';
const WAIVE = 'PUT /api/trusts/t1/enrolments/e-1/pre-assessment-waiver';
const UNWAIVE = 'DELETE /api/trusts/t1/enrolments/e-1/pre-assessment-waiver';
const WAIVER_STATE = 'GET /api/trusts/t1/enrolments/e-1/pre-assessment-waiver';
const OPEN = () => jsonResponse(200, { state: 'open', reason: null, waivedBy: null });

const MODULES: EnrolmentAttemptsDto[] = [
  {
    packageId: 'p-1',
    packageTitle: 'CQ essentials',
    stepTitle: 'Module 1: Cultural intelligence',
    attempts: [
      {
        id: 'a-1',
        number: 1,
        completion: 'completed',
        success: 'failed',
        scoreScaled: 0.4,
        totalSeconds: 1800,
        startedAt: '2026-03-03T10:00:00.000Z',
        completedAt: '2026-03-03T10:30:00.000Z',
      },
      {
        id: 'a-2',
        number: 2,
        completion: 'incomplete',
        success: 'unknown',
        scoreScaled: null,
        totalSeconds: 3960,
        startedAt: '2026-03-04T09:00:00.000Z',
        completedAt: null,
      },
    ],
  },
  { packageId: 'p-2', packageTitle: 'CQ in teams', stepTitle: 'Module 2: Teams', attempts: [] },
];

async function mountPage(path: string, routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })] },
      csrfToken: 'csrf',
    }),
    [ATTEMPTS]: jsonResponse(200, MODULES),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(EnrolmentAttemptsView, {
    attachTo: document.body,
    props: { trustId: 't1', enrolmentId: 'e-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, ...stub };
}

describe('EnrolmentAttemptsView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists the attempts at each module, each linking to its detail', async () => {
    const { wrapper, requests } = await mountPage('/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1');

    expect(requests.map((r) => `${r.method} ${r.path}`)).toContain(ATTEMPTS);
    expect(wrapper.get('h1').text()).toBe('Module attempts');
    const sections = wrapper.findAll('[data-testid="module-attempts"]');
    expect(sections.map((section) => section.get('h2').text())).toEqual([
      'Module 1: Cultural intelligence',
      'Module 2: Teams',
    ]);

    const rows = sections[0]!.findAll('[data-testid="attempt-row"]');
    expect(
      rows.map((row) =>
        row
          .findAll('th, td')
          .map((cell) => cell.text())
          .slice(0, 4),
      ),
    ).toEqual([
      ['Attempt 1 at Module 1: Cultural intelligence', 'Failed', '40%', '30 minutes'],
      ['Attempt 2 at Module 1: Cultural intelligence', 'In progress', 'No score', '1 hour 6 minutes'],
    ]);
    expect(rows[1]!.findAll('td').at(-1)?.text()).toBe('Not completed');
    expect(rows[0]!.findAll('td').at(-1)?.text()).toMatch(/^3 March 2026 at /);
    expect(rows.map((row) => row.get('a').attributes('href'))).toEqual([
      '/lnd/trusts/t1/attempts/a-1?cohort=c-1',
      '/lnd/trusts/t1/attempts/a-2?cohort=c-1',
    ]);
    expect(sections[1]!.get('[data-testid="module-attempts-none"]').text()).toBe('Not opened yet.');
    expect(sections[1]!.find('table').exists()).toBe(false);
    expect(wrapper.get('.nhsuk-back-link').attributes('href')).toBe('/lnd/trusts/t1/cohorts/c-1');
    wrapper.unmount();
  });

  it('goes back to the cohorts list when it was not opened from a cohort', async () => {
    const { wrapper } = await mountPage('/lnd/trusts/t1/enrolments/e-1/attempts');

    expect(wrapper.get('.nhsuk-back-link').attributes('href')).toBe('/lnd/cohorts');
    expect(wrapper.findAll('[data-testid="attempt-row"]')).toHaveLength(2);
    wrapper.unmount();
  });
});

describe('the pre-assessment waiver', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for a reason, then for confirmation, and sends the reason', async () => {
    const { wrapper, requests } = await mountPage('/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1', {
      [WAIVER_STATE]: OPEN(),
      [WAIVE]: noContent(),
    });
    const section = wrapper.get('[data-testid="waiver-section"]');
    expect(section.get('h2').text()).toBe('Pre-assessment waiver');
    expect(section.get('[data-testid="waiver-state-open"]').text()).toBe(
      'This person has not done the pre-assessment yet.',
    );
    expect(section.find('[data-testid="waiver-undo"]').exists()).toBe(false);

    // The reason is required.
    await section.get('[data-testid="waiver-form"]').trigger('submit');
    await flushPromises();
    expect(section.get('#waiver-reason-e-1-error').text()).toContain(
      'Enter the reason for waiving the pre-assessment for this person',
    );
    expect(section.get('[data-testid="error-summary"] a').attributes('href')).toBe('#waiver-reason-e-1');

    // Then it is confirmed before anything is sent.
    await section.get('textarea').setValue('  Joined the cohort after the pre-assessment window closed.  ');
    expect(section.get('label[for="waiver-reason-e-1"]').text()).toBe(
      'Reason for waiving the pre-assessment',
    );
    await section.get('[data-testid="waiver-form"]').trigger('submit');
    await flushPromises();
    expect(requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
    const confirm = section.get('[data-testid="waiver-confirm"]');
    expect(document.activeElement).toBe(confirm.element);
    expect(confirm.text()).toContain(
      'This person will be able to start the modules without doing the pre-assessment.',
    );
    expect(confirm.get('[data-testid="waiver-confirm-reason"]').text()).toBe(
      'Joined the cohort after the pre-assessment window closed.',
    );

    // Changing the reason goes back to it, as typed.
    await confirm.get('[data-testid="waiver-change"]').trigger('click');
    await flushPromises();
    expect(document.activeElement?.id).toBe('waiver-reason-e-1');
    await section.get('[data-testid="waiver-form"]').trigger('submit');
    await flushPromises();

    await section.get('[data-testid="waiver-confirm-form"]').trigger('submit');
    await flushPromises();

    const puts = requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({
      path: '/api/trusts/t1/enrolments/e-1/pre-assessment-waiver',
      body: { reason: 'Joined the cohort after the pre-assessment window closed.' },
    });
    expect(puts[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    const banner = section.get('[data-testid="waiver-result"]');
    expect(banner.text()).toContain('The pre-assessment has been waived for this person');
    expect(section.find('[data-testid="waiver-form"]').exists()).toBe(false);
    expect(section.get('[data-testid="waiver-state-waived"]').text()).toContain('Reason:');
    expect(section.get('[data-testid="waiver-undo"]').text()).toBe('Undo waiver for this person');
    wrapper.unmount();
  });

  it('undoes a waiver', async () => {
    const { wrapper, requests } = await mountPage('/lnd/trusts/t1/enrolments/e-1/attempts', {
      [WAIVER_STATE]: jsonResponse(200, { state: 'waived', reason: 'Joined late', waivedBy: 'Sam Lee' }),
      [UNWAIVE]: noContent(),
    });
    expect(wrapper.get('[data-testid="waiver-state-waived"]').text()).toBe(
      'The pre-assessment is waived for this person (by Sam Lee). Reason: Joined late.',
    );
    const section = wrapper.get('[data-testid="waiver-section"]');

    await section.get('[data-testid="waiver-undo"]').trigger('click');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      '/api/trusts/t1/enrolments/e-1/pre-assessment-waiver',
    ]);
    expect(section.get('[data-testid="waiver-result"]').text()).toContain(
      'The pre-assessment waiver for this person has been undone',
    );
    expect(section.find('[data-testid="waiver-undo"]').exists()).toBe(false);
    expect(section.find('[data-testid="waiver-form"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows why a waiver is refused beside the reason', async () => {
    const { wrapper, requests } = await mountPage('/lnd/trusts/t1/enrolments/e-1/attempts', {
      [WAIVER_STATE]: OPEN(),
      [WAIVE]: apiError(409, 'CONFLICT', 'This person has been withdrawn from the cohort.'),
    });
    const section = wrapper.get('[data-testid="waiver-section"]');

    await section.get('textarea').setValue('Long-term sick leave');
    await section.get('[data-testid="waiver-form"]').trigger('submit');
    await flushPromises();
    await section.get('[data-testid="waiver-confirm-form"]').trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'PUT').map((request) => request.body)).toEqual([
      { reason: 'Long-term sick leave' },
    ]);
    expect(section.get('#waiver-reason-e-1-error').text()).toContain(
      'This person has been withdrawn from the cohort.',
    );
    expect(section.get<HTMLTextAreaElement>('textarea').element.value).toBe('Long-term sick leave');
    expect(section.find('[data-testid="waiver-result"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('the module attempts link on a cohort dashboard', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('links each enrolment to its module attempts, naming the person for screen readers', async () => {
    stubFetch({ [SESSION]: jsonResponse(200, { user: null, csrfToken: 'csrf' }) });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    const enrolment: EnrolmentRowDto = {
      id: 'e-1',
      personId: 'p-1',
      staffNumber: '0012345',
      fullName: 'Ama Mensah',
      workEmail: 'ama.mensah@nhs.net',
      band: '7',
      directorate: null,
      status: 'in_progress',
      stepsCompleted: 1,
      stepsTotal: 5,
      enrolledAt: '2026-03-01T10:00:00.000Z',
      lastActivityAt: null,
      withdrawnReason: null,
    };
    const wrapper = mount(CohortEnrolmentTable, {
      props: {
        trustId: 't1',
        cohortId: 'c-1',
        enrolments: [enrolment],
        caption: 'Enrolments',
        moveTargets: [],
      },
      global: { plugins: [pinia, router] },
    });

    const link = wrapper.get('[data-testid="enrolment-attempts-link"]');
    expect(link.attributes('href')).toBe('/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1');
    expect(link.text()).toBe('Module attempts for Ama Mensah');
    expect(link.get('.nhsuk-u-visually-hidden').text()).toBe('for Ama Mensah');
    const waiver = wrapper.get('[data-testid="enrolment-waiver-link"]');
    expect(waiver.attributes('href')).toBe(
      '/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1#pre-assessment-waiver',
    );
    expect(waiver.text()).toBe('Pre-assessment waiver for Ama Mensah');
    wrapper.unmount();
  });
});
