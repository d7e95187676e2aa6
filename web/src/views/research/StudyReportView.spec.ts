import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { EvaluationDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { SELF_ASSESSMENT_LABEL, studyEvaluation, TRUST_A, trustEvaluation } from '../../testing/evaluation';
import { demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import StudyReportView from './StudyReportView.vue';

const SESSION = 'GET /api/auth/session';
const EVALUATION = 'GET /api/studies/s-1/evaluation';

async function mountReport(path: string, study: EvaluationDto = studyEvaluation()) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('platform_admin')] },
      csrfToken: 'csrf',
    }),
    [EVALUATION]: (request) =>
      jsonResponse(
        200,
        new URL(request.url).searchParams.get('trustId') === TRUST_A ? trustEvaluation() : study,
      ),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(StudyReportView, {
    attachTo: document.body,
    props: { studyId: 's-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, router, ...stub };
}

const evaluationRequests = (requests: { path: string }[]) =>
  requests.filter((r) => r.path.startsWith('/api/studies/s-1/evaluation')).map((r) => r.path);

describe('StudyReportView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('reports on the whole study: title, study, date, synthetic data and findings in plain English', async () => {
    const { wrapper, router, requests } = await mountReport('/research/studies/s-1/report');

    expect(router.currentRoute.value.name).toBe('research-study-report');
    expect(evaluationRequests(requests)).toEqual(['/api/studies/s-1/evaluation']);
    expect(wrapper.get('h1').text()).toBe('Pilot evaluation report: all trusts');
    expect(document.title).toBe('Pilot evaluation report: all trusts – CQ Pathway');
    expect(wrapper.get('[data-testid="report-study"]').text()).toBe(studyEvaluation().studyName);
    expect(wrapper.get('[data-testid="report-date"]').text()).toMatch(
      /^\d{1,2} [A-Z][a-z]+ \d{4}, from the figures as of 20 November 2026 at 2:05pm$/,
    );
    expect(wrapper.get('[data-testid="report-synthetic"]').text()).toContain('made from synthetic data');

    const findings = Object.fromEntries(
      wrapper.findAll('[data-testid="report-finding"]').map((p) => [p.attributes('data-measure'), p.text()]),
    );
    expect(findings.drive).toBe(
      'CQ drive: scores rose by 0.42 points on the 7-point scale (95% CI 0.31 to 0.53), a medium effect (d_z = 0.55, 95% CI 0.41 to 0.68; Holm-adjusted p < 0.001), among 209 managers with both scores.',
    );
    expect(findings.knowledge).toContain('a negligible effect');
    expect(findings.knowledge).toContain(
      'The 95% confidence interval includes zero, so the change may be due to chance.',
    );
    expect(findings.strategy).toContain('scores fell by 0.30 points');
    expect(findings.action).toBe(
      'CQ action: no result is given because fewer than 10 people have both scores.',
    );
    expect(findings['knowledge-test']).toContain('rose from 55% to 68%, by 13.0 percentage points');
    expect(findings.reaction).toContain('180 managers answered the feedback survey');

    // No trust, so nothing to compare with.
    expect(wrapper.find('[data-testid="report-comparison"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('draws accessible charts with the same numbers in tables', async () => {
    const { wrapper } = await mountReport('/research/studies/s-1/report');

    for (const id of ['flow-diagram', 'dumbbell-chart', 'change-chart']) {
      const svg = wrapper.get(`[data-testid="${id}"]`);
      expect(svg.attributes('role')).toBe('img');
      expect(svg.attributes('aria-label')).toBeTruthy();
    }
    expect(wrapper.get('[data-testid="dumbbell-chart"]').attributes('aria-label')).toContain(
      'CQ drive: 4.36 to 4.78.',
    );
    expect(wrapper.get('[data-testid="change-chart"]').attributes('aria-label')).toContain(
      'CQ strategy: −0.30 (95% CI −0.45 to −0.15).',
    );
    expect(wrapper.get('[data-testid="flow-diagram"]').attributes('aria-label')).toContain(
      'Consenting participants: 254, 10.6% fewer than the stage before.',
    );
    // The withheld capability is in neither chart.
    expect(wrapper.get('[data-testid="dumbbell-chart"]').attributes('aria-label')).not.toContain('CQ action');
    expect(wrapper.get('[data-testid="flow-diagram"]').text()).toContain('10.6% lost (30 people)');
    const means = wrapper.get('[data-testid="report-means-table"]');
    expect(means.findAll('tbody tr').map((r) => r.text())).toContain('CQ drive4.364.78209');
    const change = wrapper.get('[data-testid="report-change-table"]');
    expect(change.findAll('tbody tr')[0]!.text()).toBe('CQ drive0.420.31 to 0.530.55 (0.41 to 0.68)');
    expect(wrapper.findAll('[data-testid="flow-table"] [data-testid="flow-stage"]')).toHaveLength(7);
    wrapper.unmount();
  });

  it('generates methods and limitations from the data', async () => {
    const { wrapper } = await mountReport('/research/studies/s-1/report');

    const methods = wrapper.get('[data-testid="report-methods"]').text();
    expect(methods).toContain('single-group pre/post evaluation');
    expect(methods).toContain('n = 209 from pre to post');
    expect(methods).toContain('34 (14.0%) had no usable post-assessment score and were excluded');
    expect(methods).toContain('Holm and the Benjamini–Hochberg methods');
    expect(methods).toContain(SELF_ASSESSMENT_LABEL);
    const limitations = wrapper.get('[data-testid="report-limitations"]').text();
    expect(limitations).toContain('With no control group');
    expect(limitations).toContain('These results come from synthetic data');
    wrapper.unmount();
  });

  it("compares a trust's change with the whole study's, loading both", async () => {
    const { wrapper, requests } = await mountReport(`/research/studies/s-1/report?trustId=${TRUST_A}`);

    expect(evaluationRequests(requests).sort()).toEqual([
      '/api/studies/s-1/evaluation',
      `/api/studies/s-1/evaluation?trustId=${TRUST_A}`,
    ]);
    expect(wrapper.get('h1').text()).toBe('Pilot evaluation report: Northfield Trust');
    const table = wrapper.get('[data-testid="report-comparison-table"]');
    expect(table.get('caption').text()).toBe('Change from pre to post: Northfield Trust and the whole study');
    const rows = Object.fromEntries(
      table
        .findAll('[data-testid="report-comparison-row"]')
        .map((r) => [r.attributes('data-measure'), r.findAll('td').map((c) => c.text())]),
    );
    expect(rows.drive).toEqual([
      '0.30 (0.12 to 0.48)',
      '0.44 (0.17 to 0.70)',
      '59',
      '0.42 (0.31 to 0.53)',
      '0.55 (0.41 to 0.68)',
      '209',
    ]);
    expect(rows.strategy).toEqual([
      'Withheld',
      '—',
      '59',
      '−0.30 (−0.45 to −0.15)',
      '−0.35 (−0.49 to −0.21)',
      '208',
    ]);
    expect(rows.action).toEqual(['0.59 (0.40 to 0.79)', '0.80 (0.51 to 1.10)', '59', 'Withheld', '—', '<10']);
    const findings = wrapper.findAll('[data-testid="report-finding"]').map((p) => p.text());
    expect(findings).toContain(
      'CQ strategy: no result is given because the statistics could not be calculated (every difference is the same).',
    );
    expect(wrapper.get('[data-testid="report-methods"]').text()).toContain(
      'of the managers in Northfield Trust who consented',
    );
    wrapper.unmount();
  });

  it('prints with the print button, and says nothing about synthetic data for a real study', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const { wrapper } = await mountReport(
      '/research/studies/s-1/report',
      studyEvaluation({ studyName: 'CQ Pathway evaluation' }),
    );

    expect(wrapper.find('[data-testid="report-synthetic"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="report-limitations"]').text()).not.toContain('synthetic');
    await wrapper.get('[data-testid="report-print"]').trigger('click');
    expect(print).toHaveBeenCalledOnce();
    expect(wrapper.get('[data-testid="report-print"]').text()).toBe('Print or save as PDF');
    wrapper.unmount();
  });
});
