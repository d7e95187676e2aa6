import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { PackageDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, noContent, stubFetch } from '../../testing/fetchStub';
import ModulesView from './ModulesView.vue';

const SESSION = 'GET /api/auth/session';
const LIST = 'GET /api/packages';

function pkg(id: string, title: string, trustId: string | null, extra: Partial<PackageDto> = {}): PackageDto {
  return {
    id,
    title,
    trustId,
    versionCount: 1,
    attemptPolicy: 'on_completed',
    grading: 'highest',
    latest: {
      id: `${id}-v1`,
      versionNumber: 1,
      scormVersion: '1.2',
      filename: `${id}.zip`,
      fileCount: 3,
      totalBytes: 2048,
      createdAt: '2026-03-03T10:00:00.000Z',
      scos: [],
      sequencing: null,
    },
    ...extra,
  };
}

const OURS = pkg('p-1', 'Runtime basic calls', 't1');
const GLOBAL = pkg('p-2', 'CQ essentials', null);

async function mountAs(roles: ReturnType<typeof grant>[], routes: Parameters<typeof stubFetch>[0]) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, { user: { ...demoUser, roles }, csrfToken: 'csrf' }),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/lnd/modules');
  const wrapper = mount(ModulesView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, ...stub };
}

const LND = [grant('lnd_admin', { trustId: 't1', trustName: 'Trust One' })];

describe('attempt settings on the learning modules page', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("offers the settings of the trust's own modules only, starting from their current settings", async () => {
    const { wrapper } = await mountAs(LND, { [LIST]: jsonResponse(200, [OURS, GLOBAL]) });

    const forms = wrapper.findAll('[data-testid="module-policy"]');
    expect(forms.map((form) => form.attributes('data-package-id'))).toEqual(['p-1']);
    const form = forms[0]!;
    expect(form.get('h3').text()).toBe('Runtime basic calls');
    const attempts = form.get<HTMLSelectElement>('[data-testid="module-policy-attempts"]');
    const grading = form.get<HTMLSelectElement>('[data-testid="module-policy-grading"]');
    expect(attempts.element.value).toBe('on_completed');
    expect(grading.element.value).toBe('highest');
    expect(attempts.findAll('option').map((option) => option.text())).toEqual([
      'After the last attempt was completed',
      'After the last attempt was passed',
      'Never: learners always return to their one attempt',
    ]);
    expect(grading.findAll('option').map((option) => option.text())).toEqual([
      'Highest score',
      'Last attempt',
      'First attempt',
    ]);
    expect(form.get(`label[for="${attempts.attributes('id')}"]`).text()).toBe('When a new attempt starts');
    expect(form.get(`label[for="${grading.attributes('id')}"]`).text()).toBe('Which attempt counts');
    wrapper.unmount();
  });

  it('saves the settings and says so', async () => {
    const { wrapper, requests } = await mountAs(LND, {
      [LIST]: jsonResponse(200, [OURS, GLOBAL]),
      'PUT /api/packages/p-1/policy': noContent(),
    });
    const form = wrapper.get('[data-testid="module-policy"]');

    await form.get('[data-testid="module-policy-attempts"]').setValue('on_passed');
    await form.get('[data-testid="module-policy-grading"]').setValue('last');
    await form.get('form').trigger('submit');
    await flushPromises();

    const put = requests.filter((request) => request.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({
      path: '/api/packages/p-1/policy',
      body: { attemptPolicy: 'on_passed', grading: 'last' },
    });
    expect(put[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    const result = form.get('[data-testid="module-policy-result"]');
    expect(result.attributes('role')).toBe('status');
    expect(result.text()).toContain('Attempt settings saved for Runtime basic calls');
    expect(form.find('[data-testid="error-summary"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows a refusal from the API in an error summary', async () => {
    const { wrapper } = await mountAs(LND, {
      [LIST]: jsonResponse(200, [OURS]),
      'PUT /api/packages/p-1/policy': apiError(403, 'FORBIDDEN', 'You do not have access to this trust.'),
    });
    const form = wrapper.get('[data-testid="module-policy"]');

    await form.get('form').trigger('submit');
    await flushPromises();

    const summary = form.get('[data-testid="error-summary"]');
    expect(summary.text()).toContain('You do not have access to this trust.');
    expect(document.activeElement).toBe(summary.element);
    expect(form.get('[data-testid="module-policy-result"]').text()).toBe('');
    wrapper.unmount();
  });

  it('lets platform admins set the global modules too', async () => {
    const listed = pkg('p-3', 'Listed with settings', null, { attemptPolicy: 'never', grading: 'first' });
    const { wrapper } = await mountAs([grant('platform_admin')], {
      [LIST]: jsonResponse(200, [OURS, GLOBAL, listed]),
    });

    const forms = wrapper.findAll('[data-testid="module-policy"]');
    expect(forms.map((form) => form.attributes('data-package-id'))).toEqual(['p-1', 'p-2', 'p-3']);
    const last = forms[2]!;
    expect(last.get<HTMLSelectElement>('[data-testid="module-policy-attempts"]').element.value).toBe('never');
    expect(last.get<HTMLSelectElement>('[data-testid="module-policy-grading"]').element.value).toBe('first');
    wrapper.unmount();
  });
});
