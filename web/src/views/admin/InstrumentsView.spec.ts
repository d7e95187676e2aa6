import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import { instrumentDetail, LICENSED, LICENSED_V1, SELF_ASSESSMENT, SJT } from '../../testing/instruments';
import InstrumentsView from './InstrumentsView.vue';
import InstrumentView from './InstrumentView.vue';

const SESSION = 'GET /api/auth/session';
const LIST = 'GET /api/instruments';
const LOAD = 'POST /api/instruments/licensed-packs';

async function mountPage(routes: Parameters<typeof stubFetch>[0]) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('platform_admin')] },
      csrfToken: 'csrf',
    }),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/admin/instruments');
  const wrapper = mount(InstrumentsView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router, ...stub };
}

describe('InstrumentsView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists every instrument version with its licence, and marks the versions in use', async () => {
    const { wrapper } = await mountPage({
      [LIST]: jsonResponse(200, [SJT, LICENSED_V1, SELF_ASSESSMENT, LICENSED]),
    });

    expect(wrapper.get('h1').text()).toBe('Instruments');
    const table = wrapper.get('[data-testid="instruments-table"]');
    expect(table.get('caption').text()).toBe('Instrument versions');
    const rows = table.findAll('[data-testid="instrument-row"]');
    // By title, then the newest version of a key first.
    expect(rows.map((row) => row.attributes('data-instrument-id'))).toEqual([
      'cq-self-assessment-v1',
      'cq-sjt-v1',
      'cqs-v2',
      'cqs-v1',
    ]);
    const cells = (index: number) =>
      rows[index]!.findAll('td').map((cell) => cell.text().replace(/\s+/g, ' '));
    expect(rows[0]!.get('[data-testid="instrument-label"]').text()).toBe(
      'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale',
    );
    expect(cells(0)).toEqual([
      'cq-self-assessment',
      '1',
      'Self-assessment (rating scale)',
      'Bundled with CQ Pathway',
      'CQ Pathway project',
      '42 In use — cannot change',
    ]);
    expect(cells(1).slice(2, 4)).toEqual(['Situational judgement test', 'Bundled with CQ Pathway']);
    expect(cells(2)).toEqual([
      'cqs',
      '2',
      'Self-assessment (rating scale)',
      'Licensed pack',
      'Cultural Intelligence Center',
      '0',
    ]);
    expect(rows.map((row) => row.find('[data-testid="instrument-in-use"]').exists())).toEqual([
      true,
      false,
      false,
      true,
    ]);
    const link = rows[2]!.get('[data-testid="instrument-link"]');
    expect(link.attributes('href')).toBe('/admin/instruments/cqs-v2');
    expect(link.text()).toBe('Cultural Intelligence Scale, version 2');
    wrapper.unmount();
  });

  it('loads a licensed pack, lists what happened to each instrument and shows the new versions', async () => {
    let listed = [SELF_ASSESSMENT, LICENSED_V1];
    const { wrapper, requests } = await mountPage({
      [LIST]: () => jsonResponse(200, listed),
      [LOAD]: () => {
        listed = [SELF_ASSESSMENT, LICENSED_V1, LICENSED];
        return jsonResponse(201, {
          instruments: [
            { key: 'cqs', version: 2, outcome: 'new_version' },
            { key: 'cqs-short', version: 1, outcome: 'added' },
            { key: 'cqs-observer', version: 1, outcome: 'unchanged' },
          ],
        });
      },
    });
    const form = wrapper.get('[data-testid="licensed-pack-form"]');
    expect(form.get('label[for="licensed-pack-path"]').text()).toBe('Folder on the server');
    expect(form.get('#licensed-pack-path-hint').text()).toContain('outside the CQ Pathway folder');
    expect(form.text()).toContain('all or nothing');
    expect(wrapper.findAll('[data-testid="instrument-row"]')).toHaveLength(2);

    await form.get('#licensed-pack-path').setValue('  /srv/licensed/cqs  ');
    await form.get('#licensed-pack-permission').setValue('CQC licence 2026-114, 1 March 2026');
    await form.trigger('submit');
    await flushPromises();

    const posts = requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      path: '/api/instruments/licensed-packs',
      body: { path: '/srv/licensed/cqs', permissionReference: 'CQC licence 2026-114, 1 March 2026' },
    });
    expect(posts[0]?.headers.get('X-CSRF-Token')).toBe('csrf');

    const result = wrapper.get('[data-testid="licensed-pack-result"]');
    expect(result.text()).toContain('Licensed pack loaded: 3 instruments');
    expect(result.findAll('[data-testid="licensed-pack-outcome"]').map((item) => item.text())).toEqual([
      'cqs version 2: Added as a new version (the old one has responses)',
      'cqs-short version 1: Added',
      'cqs-observer version 1: Unchanged',
    ]);
    expect(document.activeElement).toBe(result.element);
    expect(requests.filter((request) => `${request.method} ${request.path}` === LIST)).toHaveLength(2);
    expect(
      wrapper.findAll('[data-testid="instrument-row"]').map((row) => row.attributes('data-instrument-id')),
    ).toEqual(['cq-self-assessment-v1', 'cqs-v2', 'cqs-v1']);
    expect(form.get<HTMLInputElement>('#licensed-pack-path').element.value).toBe('');
    wrapper.unmount();
  });

  it('shows the reasons a pack is refused beside the fields, and checks for empty fields first', async () => {
    const { wrapper, requests } = await mountPage({
      [LIST]: jsonResponse(200, [SELF_ASSESSMENT]),
      [LOAD]: apiError(400, 'VALIDATION_FAILED', 'Validation failed', [
        {
          field: 'path',
          message:
            'Licensed packs must stay outside the CQ Pathway folder, so that licensed text is never committed with the code.',
        },
        { field: 'permissionReference', message: 'Enter the permission reference (3 to 500 characters)' },
      ]),
    });
    const form = wrapper.get('[data-testid="licensed-pack-form"]');

    await form.trigger('submit');
    await flushPromises();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    expect(
      form
        .get('[data-testid="error-summary"]')
        .findAll('a')
        .map((link) => [link.text(), link.attributes('href')]),
    ).toEqual([
      ['Enter the folder the pack is in', '#licensed-pack-path'],
      ['Enter the permission reference', '#licensed-pack-permission'],
    ]);

    await form.get('#licensed-pack-path').setValue('/work/main/content/instruments');
    await form.get('#licensed-pack-permission').setValue('ok');
    await form.trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(form.get('#licensed-pack-path-error').text()).toContain(
      'Licensed packs must stay outside the CQ Pathway folder',
    );
    expect(form.get('#licensed-pack-permission-error').text()).toContain('3 to 500 characters');
    expect(form.get('#licensed-pack-path').attributes('aria-describedby')).toBe(
      'licensed-pack-path-hint licensed-pack-path-error',
    );
    const summary = form.get('[data-testid="error-summary"]');
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.find('[data-testid="licensed-pack-result"]').exists()).toBe(false);
    // What was typed stays, to correct it.
    expect(form.get<HTMLInputElement>('#licensed-pack-path').element.value).toBe(
      '/work/main/content/instruments',
    );
    wrapper.unmount();
  });
});

describe('InstrumentView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  async function mountDetail(id: string, detail: ReturnType<typeof instrumentDetail>) {
    stubFetch({
      [SESSION]: jsonResponse(200, {
        user: { ...demoUser, roles: [grant('platform_admin')] },
        csrfToken: 'csrf',
      }),
      [`GET /api/instruments/${id}`]: jsonResponse(200, detail),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push(`/admin/instruments/${id}`);
    const wrapper = mount(InstrumentView, {
      attachTo: document.body,
      props: { instrumentId: id },
      global: { plugins: [pinia, router] },
    });
    await flushPromises();
    return wrapper;
  }

  it('lists the capabilities and items, with their text when the licence allows it', async () => {
    const wrapper = await mountDetail('cq-self-assessment-v1', instrumentDetail(SELF_ASSESSMENT));

    expect(wrapper.get('h1').text()).toBe('CQ Pathway self-assessment');
    expect(wrapper.get('[data-testid="instrument-label"]').text()).toContain(
      'not the validated Cultural Intelligence Scale',
    );
    expect(
      wrapper
        .get('[data-testid="instrument-factors"]')
        .findAll('tbody th')
        .map((cell) => cell.text()),
    ).toEqual(['Drive', 'Action']);
    const items = wrapper.findAll('[data-testid="instrument-item"]');
    expect(items.map((item) => item.get('th').text())).toEqual(['drive-01', 'action-01']);
    expect(items[0]!.get('[data-testid="instrument-item-text"]').text()).toBe(
      'I enjoy working with people from other cultures.',
    );
    expect(items[1]!.text()).toContain('Reverse-scored');
    expect(wrapper.find('[data-testid="instrument-withheld"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="instrument-summary"]').text()).toContain('In use — cannot change');
    wrapper.unmount();
  });

  it('shows only the item ids of an instrument whose licence forbids sharing its wording', async () => {
    const wrapper = await mountDetail('cqs-v2', instrumentDetail(LICENSED));

    expect(wrapper.get('[data-testid="instrument-withheld"]').text()).toContain('listed by id only');
    const items = wrapper.findAll('[data-testid="instrument-item"]');
    expect(items.map((item) => item.get('th').text())).toEqual(['drive-01', 'action-01']);
    expect(items.map((item) => item.get('[data-testid="instrument-item-text"]').text())).toEqual([
      'Text withheld under licence',
      'Text withheld under licence',
    ]);
    const summary = wrapper.get('[data-testid="instrument-summary"]').text();
    expect(summary).toContain('CQC licence 2026-114, 1 March 2026');
    expect(summary).toContain('Withheld under licence: reports show item ids only');
    wrapper.unmount();
  });
});
