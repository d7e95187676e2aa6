import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { AttemptDetailDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import AttemptDetailView from './AttemptDetailView.vue';

const SESSION = 'GET /api/auth/session';
const DETAIL = 'GET /api/trusts/t1/attempts/a-1';
const HOSTILE = '<img src=x onerror=alert(1)>';

function detail(overrides: Partial<AttemptDetailDto> = {}): AttemptDetailDto {
  return {
    id: 'a-1',
    number: 2,
    completion: 'completed',
    success: 'failed',
    scoreScaled: 0.4,
    totalSeconds: 1830,
    startedAt: '2026-03-03T10:00:00.000Z',
    completedAt: '2026-03-03T10:30:30.000Z',
    enrolmentId: 'e-1',
    personName: 'Ama Mensah',
    packageTitle: 'CQ essentials',
    versionNumber: 3,
    scos: [
      {
        id: 'sco-1',
        position: 1,
        title: 'Introduction',
        completion: 'completed',
        success: 'unknown',
        scoreScaled: null,
        totalSeconds: 600,
        suspended: false,
        location: null,
        sessionCount: 1,
        updatedAt: '2026-03-03T10:10:00.000Z',
      },
      {
        id: 'sco-2',
        position: 2,
        title: 'Quiz',
        completion: 'completed',
        success: 'failed',
        scoreScaled: 0.4,
        totalSeconds: 1230,
        suspended: false,
        location: 'page-7',
        sessionCount: 2,
        updatedAt: '2026-03-03T10:30:00.000Z',
      },
    ],
    interactions: [
      {
        scoId: 'sco-2',
        index: 0,
        id: 'q1',
        type: 'fill-in',
        learnerResponse: HOSTILE,
        correctResponses: ['<b>respect</b>', 'curiosity'],
        result: 'incorrect',
        latencySeconds: 65,
        description: '<script>alert(2)</script>What matters most?',
        timestamp: '2026-03-03T10:20:00.000Z',
      },
      {
        scoId: 'sco-2',
        index: 1,
        id: 'q2',
        type: 'choice',
        learnerResponse: null,
        correctResponses: [],
        result: null,
        latencySeconds: null,
        description: null,
        timestamp: null,
      },
    ],
    ...overrides,
  };
}

async function mountDetail(routes: Parameters<typeof stubFetch>[0]) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })] },
      csrfToken: 'csrf',
    }),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/lnd/trusts/t1/attempts/a-1?cohort=c-1');
  const wrapper = mount(AttemptDetailView, {
    attachTo: document.body,
    props: { trustId: 't1', attemptId: 'a-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, ...stub };
}

function cells(wrapper: VueWrapper, row: string): string[][] {
  return wrapper
    .findAll(`[data-testid="${row}"]`)
    .map((tr) => tr.findAll('th, td').map((cell) => cell.text()));
}

describe('AttemptDetailView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('summarises the attempt and lists its parts', async () => {
    const { wrapper } = await mountDetail({ [DETAIL]: jsonResponse(200, detail()) });

    expect(wrapper.get('h1').text()).toBe('Attempt 2: CQ essentials');
    const summary = wrapper.get('[data-testid="attempt-summary"]');
    const rows = summary
      .findAll('.nhsuk-summary-list__row')
      .map((row) => [row.get('dt').text(), row.get('dd').text()]);
    expect(rows.slice(0, 7)).toEqual([
      ['Person', 'Ama Mensah'],
      ['Module', 'CQ essentials'],
      ['Version', '3'],
      ['Attempt', '2'],
      ['Status', 'Failed'],
      ['Score', '40%'],
      ['Time', '30 minutes'],
    ]);
    expect(rows.map(([key]) => key).slice(7)).toEqual(['Started', 'Completed']);
    expect(cells(wrapper, 'attempt-sco')).toEqual([
      ['Introduction', 'Completed', 'No score', '10 minutes', '1', 'None'],
      ['Quiz', 'Failed', '40%', '20 minutes', '2', 'page-7'],
    ]);
    expect(wrapper.get('.nhsuk-back-link').attributes('href')).toBe(
      '/lnd/trusts/t1/enrolments/e-1/attempts?cohort=c-1',
    );
    wrapper.unmount();
  });

  it('shows learner responses and other module data as text, never as markup', async () => {
    const { wrapper } = await mountDetail({ [DETAIL]: jsonResponse(200, detail()) });

    const [first, second] = cells(wrapper, 'attempt-interaction');
    expect(first).toEqual([
      'Quiz',
      'q1 <script>alert(2)</script>What matters most?',
      'fill-in',
      HOSTILE,
      '<b>respect</b>curiosity',
      'incorrect',
      '1 minute 5 seconds',
    ]);
    expect(wrapper.findAll('[data-testid="interaction-correct"] li').map((li) => li.text())).toEqual([
      '<b>respect</b>',
      'curiosity',
    ]);
    expect(second).toEqual([
      'Quiz',
      'q2',
      'choice',
      'No response',
      'Not recorded',
      'Not recorded',
      'Not recorded',
    ]);
    const table = wrapper.get('[data-testid="attempt-interactions"]').element;
    expect(table.querySelector('img')).toBeNull();
    expect(table.querySelector('script')).toBeNull();
    expect(table.querySelector('b')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(wrapper.get('[data-testid="interaction-response"]').element.textContent?.trim()).toBe(HOSTILE);
    wrapper.unmount();
  });

  it('says when the module recorded no answers', async () => {
    const { wrapper } = await mountDetail({ [DETAIL]: jsonResponse(200, detail({ interactions: [] })) });

    expect(wrapper.get('[data-testid="interactions-empty"]').text()).toContain('did not record any answers');
    expect(wrapper.find('[data-testid="attempt-interactions"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows an error summary when the attempt cannot be found', async () => {
    const { wrapper } = await mountDetail({
      [DETAIL]: apiError(404, 'NOT_FOUND', 'That attempt could not be found.'),
    });

    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain('That attempt could not be found.');
    expect(wrapper.find('[data-testid="attempt-summary"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
