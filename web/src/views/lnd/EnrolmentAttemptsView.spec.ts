import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { EnrolmentAttemptsDto, EnrolmentRowDto } from '../../api/types';
import CohortEnrolmentTable from '../../components/cohorts/CohortEnrolmentTable.vue';
import { createAppRouter } from '../../router';
import { demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import EnrolmentAttemptsView from './EnrolmentAttemptsView.vue';

const SESSION = 'GET /api/auth/session';
const ATTEMPTS = 'GET /api/trusts/t1/enrolments/e-1/attempts';

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

async function mountPage(path: string) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })] },
      csrfToken: 'csrf',
    }),
    [ATTEMPTS]: jsonResponse(200, MODULES),
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
    wrapper.unmount();
  });
});
