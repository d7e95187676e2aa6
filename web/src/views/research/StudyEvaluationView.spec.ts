import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import { createAppRouter } from '../../router';
import {
  COHORT_A1,
  COHORT_A2,
  COHORT_B1,
  smallGroupEvaluation,
  studyEvaluation,
  TRUST_A,
  TRUST_B,
} from '../../testing/evaluation';
import { demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import StudyEvaluationView from './StudyEvaluationView.vue';

const SESSION = 'GET /api/auth/session';
const EVALUATION = 'GET /api/studies/s-1/evaluation';
const RESEARCHER = [grant('researcher', { studyId: 's-1', studyName: 'CQ Pathway evaluation' })];

async function mountPage(path: string) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, { user: { ...demoUser, roles: RESEARCHER }, csrfToken: 'csrf' }),
    // Any filter gives the small group; no filter gives the whole study.
    [EVALUATION]: (request) =>
      jsonResponse(200, new URL(request.url).search ? smallGroupEvaluation() : studyEvaluation()),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(StudyEvaluationView, {
    attachTo: document.body,
    props: { studyId: 's-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, router, ...stub };
}

const evaluationRequests = (requests: { path: string }[]) =>
  requests.filter((r) => r.path.startsWith('/api/studies/s-1/evaluation')).map((r) => r.path);

describe('StudyEvaluationView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('sends the filters in the address to the API and shows small counts as "<10"', async () => {
    const { wrapper, router, requests } = await mountPage(
      `/research/studies/s-1/evaluation?trustId=${TRUST_A}&band=8b&ethnicGroup=bme&cohortId=nonsense`,
    );

    expect(router.currentRoute.value.name).toBe('research-study-evaluation');
    expect(evaluationRequests(requests)).toEqual([
      `/api/studies/s-1/evaluation?trustId=${TRUST_A}&band=8b&ethnicGroup=bme`,
    ]);
    expect(wrapper.get('[data-testid="evaluation-shown-for"]').text()).toContain(
      'Showing: Northfield Trust, Band 8b, BME (all stated groups except White). Consenting participants: <10',
    );
    const flow = wrapper.findAll('[data-testid="flow-stage"]');
    expect(flow.map((row) => row.get('[data-testid="suppressed-count"]').text())).toEqual([
      'not by equality group',
      'not by equality group',
      '<10 (between 1 and 9, not shown)',
      '<10 (between 1 and 9, not shown)',
      '0',
    ]);
    const drive = wrapper.get('[data-testid="evaluation-capabilities"] [data-measure="drive"]');
    expect(drive.get('[data-testid="comparison-n"]').text()).toBe('<10 (between 1 and 9, not shown)');
    expect(drive.get('[data-testid="comparison-withheld"]').text()).toBe(
      'Withheld: Fewer than 10 people have both scores.',
    );
    expect(wrapper.get('[data-testid="suppression-note"]').text()).toContain(
      'a count from 1 to 9 is shown as “<10” (fewer than 10)',
    );
    expect(wrapper.get('[data-testid="suppression-note"]').text()).toContain('“Withheld” means');

    // The form shows the filters in force.
    const form = wrapper.get('[data-testid="evaluation-filters"]');
    expect(form.attributes('method')).toBe('get');
    expect((form.get('#evaluation-trust').element as HTMLSelectElement).value).toBe(TRUST_A);
    expect((form.get('#evaluation-band').element as HTMLSelectElement).value).toBe('8b');
    expect((form.get('#evaluation-ethnic-group').element as HTMLSelectElement).value).toBe('bme');
    wrapper.unmount();
  });

  it('applies the chosen filters by updating the address, limiting cohorts to the chosen trust', async () => {
    const { wrapper, router, requests } = await mountPage('/research/studies/s-1/evaluation');

    const cohortOptions = () =>
      wrapper.findAll('#evaluation-cohort option').map((o) => (o.element as HTMLOptionElement).value);
    expect(cohortOptions()).toEqual(['', COHORT_A1, COHORT_A2, COHORT_B1]);
    const ethnic = wrapper.findAll('#evaluation-ethnic-group option').map((o) => o.text());
    expect(ethnic.slice(0, 3)).toEqual([
      'All ethnic groups',
      'White',
      'BME (all stated groups except White)',
    ]);

    await wrapper.get('#evaluation-cohort').setValue(COHORT_B1);
    await wrapper.get('#evaluation-trust').setValue(TRUST_A);
    expect(cohortOptions()).toEqual(['', COHORT_A1, COHORT_A2]);
    // The Riverside cohort is not in Northfield, so it is no longer chosen.
    expect((wrapper.get('#evaluation-cohort').element as HTMLSelectElement).value).toBe('');
    await wrapper.get('#evaluation-cohort').setValue(COHORT_A2);
    await wrapper.get('#evaluation-band').setValue('8b');
    await wrapper.get('[data-testid="evaluation-filters"]').trigger('submit');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ trustId: TRUST_A, cohortId: COHORT_A2, band: '8b' });
    expect(evaluationRequests(requests)).toEqual([
      '/api/studies/s-1/evaluation',
      `/api/studies/s-1/evaluation?trustId=${TRUST_A}&cohortId=${COHORT_A2}&band=8b`,
    ]);
    expect(wrapper.get('[data-testid="evaluation-shown-for"]').text()).toContain(
      'Northfield Trust, Northfield autumn, Band 8b',
    );
    wrapper.unmount();
  });

  it('shows every part of the evaluation, with numbers formatted and withheld rows saying why', async () => {
    const { wrapper } = await mountPage('/research/studies/s-1/evaluation');

    expect(wrapper.get('h1').text()).toBe('Evaluation');
    expect(document.title).toContain('Evaluation – CQ Pathway pilot evaluation 1');
    const attrition = wrapper.findAll('[data-testid="flow-attrition"]').map((c) => c.text());
    expect(attrition.slice(0, 3)).toEqual(['—', '5.3%', '10.6%']);

    const capabilities = wrapper.get('[data-testid="evaluation-capabilities"]');
    expect(capabilities.get('caption').text()).toBe('Change in each capability from pre to post');
    const drive = capabilities.get('[data-measure="drive"]');
    const cells = drive.findAll('td').map((c) => c.text());
    expect(cells).toEqual([
      '209',
      '4.36 (0.90)',
      '4.78 (1.00)',
      '0.42 (0.31 to 0.53)',
      '0.55 (0.41 to 0.68)',
      '0.54',
      '< 0.001',
      '< 0.001',
      '< 0.001',
      '< 0.001 (normal approx.)',
    ]);
    expect(capabilities.get('[data-measure="strategy"] [data-testid="comparison-change"]').text()).toBe(
      '−0.30 (−0.45 to −0.15)',
    );
    expect(capabilities.get('[data-measure="strategy"] [data-testid="comparison-holm"]').text()).toBe(
      '0.037',
    );
    expect(capabilities.get('[data-measure="action"]').text()).toContain(
      'Withheld: Fewer than 10 people have both scores.',
    );

    expect(wrapper.get('[data-testid="evaluation-follow-up"] caption').text()).toBe(
      'Change in each capability from pre to follow-up',
    );
    expect(wrapper.get('[data-testid="evaluation-knowledge"] [data-testid="comparison-change"]').text()).toBe(
      '0.130 (0.100 to 0.160)',
    );
    expect(wrapper.get('[data-testid="reaction-counts"]').text()).toContain('feedback: 180');
    expect(
      wrapper
        .findAll('[data-testid="reaction-factor"]')
        .map((r) => [r.get('th').text(), ...r.findAll('td').map((c) => c.text())]),
    ).toEqual([
      ['Relevance', '180', '4.10 (0.50)', '4.10 (1.00)'],
      ['Quality', 'Withheld: fewer than 10 answers.'],
    ]);
    expect(wrapper.findAll('[data-testid="module-row"]').map((r) => r.text())).toEqual([
      'What cultural intelligence is23624.5',
      'Acting on the data<10 (between 1 and 9, not shown)—',
    ]);
    expect(
      wrapper.findAll('[data-testid="reliability-row"]').map((r) => r.findAll('td').at(-1)!.text()),
    ).toEqual(['0.80 (0.75 to 0.84)', 'Withheld: Fewer than 10 complete responses.']);
    expect(wrapper.findAll('[data-testid="decision-choice"]').map((r) => r.text())).toEqual([
      'Name what happened120',
      'Wait and see<10 (between 1 and 9, not shown)',
      'Speak to them laterwithheld (not shown, so a smaller count cannot be worked out)',
    ]);
    expect(wrapper.get('[data-testid="evaluation-instruments"]').text()).toContain(
      'not the validated Cultural Intelligence Scale',
    );
    for (const table of wrapper.findAll('table')) expect(table.find('caption').exists()).toBe(true);
    wrapper.unmount();
  });

  it('links to the report for the whole study and for each trust', async () => {
    const { wrapper } = await mountPage('/research/studies/s-1/evaluation');

    const links = wrapper.findAll('[data-testid="report-link"]');
    expect(links.map((l) => [l.text(), l.attributes('href')])).toEqual([
      ['Report for all trusts', '/research/studies/s-1/report'],
      ['Report for Northfield Trust', `/research/studies/s-1/report?trustId=${TRUST_A}`],
      ['Report for Riverside Trust', `/research/studies/s-1/report?trustId=${TRUST_B}`],
    ]);
    wrapper.unmount();
  });
});
