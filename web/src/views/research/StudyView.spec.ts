import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { StudyEqualityDto, StudyParticipationDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import { LICENSED, SELF_ASSESSMENT } from '../../testing/instruments';
import { consentForm, STUDY } from '../../testing/studies';
import StudiesView from '../admin/StudiesView.vue';
import ResearchStudiesView from './ResearchStudiesView.vue';
import StudyView from './StudyView.vue';

const SESSION = 'GET /api/auth/session';

const PARTICIPATION: StudyParticipationDto = {
  studyId: 's-1',
  threshold: 10,
  stages: [
    { stage: 'enrolled', label: 'Enrolled in a study trust', count: 48, display: '48' },
    { stage: 'decided', label: 'Made a consent decision', count: 31, display: '31' },
    { stage: 'consented', label: 'Consenting participants', count: 25, display: '25' },
    { stage: 'declined', label: 'Declined', count: null, display: '<10' },
    { stage: 'withdrawn', label: 'Withdrew consent', count: 0, display: '0' },
    { stage: 'pre', label: 'Participants with a pre-assessment', count: 22, display: '22' },
    { stage: 'post', label: 'Participants with a post-assessment', count: null, display: '<10' },
    { stage: 'follow_up', label: 'Participants with a follow-up', count: 0, display: '0' },
  ],
};

const EQUALITY: StudyEqualityDto = {
  studyId: 's-1',
  threshold: 10,
  asked: { count: 24, display: '24' },
  dimensions: [
    {
      id: 'gender',
      title: 'Gender',
      cells: [
        { value: 'woman', label: 'Woman', count: 14, display: '14' },
        { value: 'man', label: 'Man', count: null, display: 'withheld' },
        { value: 'non_binary', label: 'Non-binary', count: null, display: '<10' },
        { value: 'unanswered', label: 'Question skipped', count: 0, display: '0' },
      ],
      total: { count: 24, display: '24' },
    },
    {
      id: 'band',
      title: 'Band',
      cells: [{ value: '7', label: 'Band 7', count: null, display: '<10' }],
      total: { count: null, display: '<10' },
    },
  ],
};

const ROUTES = {
  'GET /api/studies/s-1': jsonResponse(200, STUDY),
  'GET /api/studies/s-1/participation': jsonResponse(200, PARTICIPATION),
  'GET /api/studies/s-1/equality': jsonResponse(200, EQUALITY),
  'GET /api/studies/s-1/consent-forms': jsonResponse(200, [consentForm(1), consentForm(2)]),
  'GET /api/instruments': jsonResponse(200, [SELF_ASSESSMENT, LICENSED]),
};

const RESEARCHER = [grant('researcher', { studyId: 's-1', studyName: 'CQ Pathway evaluation' })];

async function mountPage(roles: ReturnType<typeof grant>[], routes: Parameters<typeof stubFetch>[0] = {}) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, { user: { ...demoUser, roles }, csrfToken: 'csrf' }),
    ...ROUTES,
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/research/studies/s-1');
  const wrapper = mount(StudyView, {
    attachTo: document.body,
    props: { studyId: 's-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, router, ...stub };
}

function rowsOf(table: ReturnType<ReturnType<typeof mount>['get']>) {
  return table
    .findAll('tbody tr')
    .map((row) => [row.get('th').text(), row.get('td [data-testid="suppressed-count"]').text()]);
}

describe('StudyView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows participation with small counts suppressed as the API sends them, and explains why', async () => {
    const { wrapper, router } = await mountPage(RESEARCHER);

    expect(router.currentRoute.value.name).toBe('research-study');
    expect(wrapper.get('h1').text()).toBe('CQ Pathway evaluation');
    expect(document.title).toBe('CQ Pathway evaluation – CQ Pathway');
    const table = wrapper.get('[data-testid="participation-table"]');
    expect(table.get('caption').text()).toBe('People at each stage of the study');
    const rows = table.findAll('[data-testid="participation-stage"]');
    expect(
      rows.map((row) => [row.get('th').text(), row.get('[data-testid="suppressed-count"]').text()]),
    ).toEqual([
      ['Enrolled in a study trust', '48'],
      ['Made a consent decision', '31'],
      ['Consenting participants', '25'],
      ['Declined', '<10 (between 1 and 9, not shown)'],
      ['Withdrew consent', '0'],
      ['Participants with a pre-assessment', '22'],
      ['Participants with a post-assessment', '<10 (between 1 and 9, not shown)'],
      ['Participants with a follow-up', '0'],
    ]);
    // The explanation is for screen readers only; "<10" is what is seen.
    expect(rows[3]!.get('.nhsuk-u-visually-hidden').text()).toBe('(between 1 and 9, not shown)');
    const note = wrapper.get('[data-testid="suppression-note"]').text();
    expect(note).toContain('a count from 1 to 9 is shown as “<10” (fewer than 10)');
    expect(note).toContain('shown as “withheld”');
    wrapper.unmount();
  });

  it('links to each export of the study as a download', async () => {
    const { wrapper } = await mountPage(RESEARCHER);
    const links = wrapper.get('[data-testid="study-exports"]').findAll('a');
    expect(links.map((a) => [a.attributes('href'), a.attributes('download')])).toEqual(
      ['export.zip', 'wide.csv', 'long.csv', 'codebook.csv', 'read.sps', 'read.R'].map((f) => [
        `/api/studies/s-1/exports/${f}`,
        f,
      ]),
    );
    wrapper.unmount();
  });

  it('shows equality monitoring as one table of counts per question, with totals', async () => {
    const { wrapper } = await mountPage(RESEARCHER);

    const section = wrapper.get('[data-testid="study-equality"]');
    expect(section.get('h2').text()).toBe('Equality monitoring (aggregate only)');
    expect(section.get('[data-testid="equality-asked"]').text()).toContain('questions: 24.');
    const tables = section.findAll('[data-testid="equality-dimension"]');
    expect(tables.map((table) => table.get('caption').text())).toEqual(['Gender', 'Band']);
    expect(rowsOf(tables[0]!)).toEqual([
      ['Woman', '14'],
      ['Man', 'withheld (not shown, so a smaller count cannot be worked out)'],
      ['Non-binary', '<10 (between 1 and 9, not shown)'],
      ['Question skipped', '0'],
      ['Total', '24'],
    ]);
    expect(rowsOf(tables[1]!)).toEqual([
      ['Band 7', '<10 (between 1 and 9, not shown)'],
      ['Total', '<10 (between 1 and 9, not shown)'],
    ]);
    wrapper.unmount();
  });

  it('lists the consent form versions read-only and the questionnaires with their labels', async () => {
    const { wrapper } = await mountPage(RESEARCHER);

    const consent = wrapper.get('[data-testid="study-consent"]');
    expect(
      consent.findAll('[data-testid="consent-version"]').map((v) => v.attributes('data-version')),
    ).toEqual(['2', '1']);
    expect(consent.find('form').exists()).toBe(false);
    expect(consent.find('a[href="/admin/studies/s-1/consent"]').exists()).toBe(false);

    const instruments = wrapper.findAll('[data-testid="study-instrument"]');
    expect(instruments.map((row) => row.findAll('td')[0]!.text())).toEqual([
      'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale',
      'Cultural Intelligence Scale (licensed)',
    ]);
    expect(instruments[1]!.get('th').text()).toContain('cqs, version 2');
    // Aggregate only: nothing on the page identifies a person.
    expect(wrapper.text()).not.toMatch(/@|staff number:/i);
    expect(wrapper.get('.nhsuk-back-link').attributes('href')).toBe('/research/studies');
    wrapper.unmount();
  });

  it('keeps the other parts when one cannot be loaded, and links platform admins to the consent page', async () => {
    const { wrapper } = await mountPage([grant('platform_admin')], {
      'GET /api/studies/s-1/equality': apiError(
        500,
        'INTERNAL',
        'Sorry, there is a problem with the service.',
      ),
    });

    expect(wrapper.get('[data-testid="study-equality"]').text()).toContain(
      'Equality monitoring could not be shown',
    );
    expect(wrapper.findAll('[data-testid="participation-stage"]')).toHaveLength(8);
    expect(wrapper.get('[data-testid="study-consent"] a[href="/admin/studies/s-1/consent"]').text()).toBe(
      'Publish a new version of the consent form',
    );
    expect(wrapper.get('.nhsuk-back-link').attributes('href')).toBe('/admin/studies');
    wrapper.unmount();
  });
});

describe('links to a study page', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  async function mountList(component: typeof StudiesView, path: string, roles: ReturnType<typeof grant>[]) {
    stubFetch({
      [SESSION]: jsonResponse(200, { user: { ...demoUser, roles }, csrfToken: 'csrf' }),
      'GET /api/studies': jsonResponse(200, [STUDY]),
      'GET /api/trusts': jsonResponse(200, []),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push(path);
    const wrapper = mount(component, { attachTo: document.body, global: { plugins: [pinia, router] } });
    await flushPromises();
    return wrapper;
  }

  it("links each of a researcher's studies to its page", async () => {
    const wrapper = await mountList(ResearchStudiesView, '/research/studies', RESEARCHER);

    const link = wrapper.get('[data-testid="study-link"]');
    expect(link.text()).toBe('CQ Pathway evaluation');
    expect(link.attributes('href')).toBe('/research/studies/s-1');
    expect(wrapper.find('[data-testid="study-consent-link"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('links each study on the admin list to its page and its consent form versions', async () => {
    const wrapper = await mountList(StudiesView, '/admin/studies', [grant('platform_admin')]);

    expect(wrapper.get('[data-testid="study-link"]').attributes('href')).toBe('/research/studies/s-1');
    const consent = wrapper.get('[data-testid="study-consent-link"]');
    expect(consent.attributes('href')).toBe('/admin/studies/s-1/consent');
    expect(consent.text()).toBe('Consent form versions for CQ Pathway evaluation');
    wrapper.unmount();
  });
});
