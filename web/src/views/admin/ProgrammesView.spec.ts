import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { PackageDto, ProgrammeDto, ProgrammeStepDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, noContent, stubFetch } from '../../testing/fetchStub';
import ProgrammesView from './ProgrammesView.vue';

const SESSION = 'GET /api/auth/session';
const PROGRAMMES = 'GET /api/programmes';
const PACKAGES = 'GET /api/packages';
const ATTACH_M1 = 'PUT /api/programmes/prog-1/steps/m1/package';
const ATTACH_M2 = 'PUT /api/programmes/prog-1/steps/m2/package';

function step(
  id: string,
  position: number,
  kind: ProgrammeStepDto['kind'],
  title: string,
  packageId: string | null = null,
): ProgrammeStepDto {
  const ready = kind === 'module' ? packageId !== null : true;
  return { id, position, kind, title, timepoint: null, offsetDays: null, ready, packageId };
}

function programme(steps: ProgrammeStepDto[]): ProgrammeDto {
  return {
    id: 'prog-1',
    slug: 'cq',
    name: 'CQ Pathway for managers',
    description: 'Assessments and modules',
    steps: [
      step('pre', 1, 'assessment', 'Pre-assessment'),
      ...steps,
      step('post', 9, 'assessment', 'Post-assessment'),
    ],
  };
}

function pkg(id: string, title: string, trustId: string | null): PackageDto {
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
      scormVersion: '2004-4th',
      filename: `${id}.zip`,
      fileCount: 3,
      totalBytes: 2048,
      createdAt: '2026-03-03T10:00:00.000Z',
      scos: [],
    },
  };
}

const PACKAGE_LIST = [
  pkg('g1', 'CQ essentials', null),
  pkg('g2', 'CQ in teams', null),
  pkg('t1p', 'Trust only', 't1'),
];

async function mountPage(routes: Parameters<typeof stubFetch>[0]) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('platform_admin')] },
      csrfToken: 'csrf',
    }),
    [PACKAGES]: jsonResponse(200, PACKAGE_LIST),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/admin/programmes');
  const wrapper = mount(ProgrammesView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, ...stub };
}

function stepForm(wrapper: VueWrapper, stepId: string) {
  return wrapper.get(`[data-testid="step-package"][data-step-id="${stepId}"]`);
}

describe('ProgrammesView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('offers the global packages for each module step, showing which is attached', async () => {
    const { wrapper } = await mountPage({
      [PROGRAMMES]: jsonResponse(200, [
        programme([step('m1', 2, 'module', 'Module 1'), step('m2', 3, 'module', 'Module 2', 'g2')]),
      ]),
    });

    expect(wrapper.get('h1').text()).toBe('Programmes');
    expect(wrapper.get('[data-testid="programme"] h2').text()).toBe('CQ Pathway for managers');
    const forms = wrapper.findAll('[data-testid="step-package"]');
    expect(forms.map((form) => form.attributes('data-step-id'))).toEqual(['m1', 'm2']);

    const first = stepForm(wrapper, 'm1');
    const select = first.get<HTMLSelectElement>('select');
    expect(first.get(`label[for="${select.attributes('id')}"]`).text()).toBe('Package for Module 1');
    // Only the global catalogue: a trust's own package cannot be attached to a shared programme.
    expect(select.findAll('option').map((option) => [option.attributes('value'), option.text()])).toEqual([
      ['none', 'No package'],
      ['g1', 'CQ essentials'],
      ['g2', 'CQ in teams'],
    ]);
    expect(select.element.value).toBe('none');
    expect(first.get('[data-testid="step-package-current"]').text()).toContain('No package is attached');

    const second = stepForm(wrapper, 'm2');
    expect(second.get('[data-testid="step-package-current"]').text()).toContain('Attached: CQ in teams.');
    expect(second.get<HTMLSelectElement>('select').element.value).toBe('g2');
    wrapper.unmount();
  });

  it('attaches the chosen package and shows it as attached', async () => {
    let attached: string | null = null;
    const { wrapper, requests } = await mountPage({
      [PROGRAMMES]: () => jsonResponse(200, [programme([step('m1', 2, 'module', 'Module 1', attached)])]),
      [ATTACH_M1]: () => {
        attached = 'g2';
        return noContent();
      },
    });
    const form = stepForm(wrapper, 'm1');

    await form.get('select').setValue('g2');
    await form.get('form').trigger('submit');
    await flushPromises();

    const put = requests.filter((request) => request.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({
      path: '/api/programmes/prog-1/steps/m1/package',
      body: { packageId: 'g2' },
    });
    expect(put[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(requests.filter((request) => `${request.method} ${request.path}` === PROGRAMMES)).toHaveLength(2);
    const updated = stepForm(wrapper, 'm1');
    expect(updated.get('[data-testid="step-package-result"]').text()).toContain(
      'Module 1 now plays CQ in teams.',
    );
    expect(updated.get('[data-testid="step-package-current"]').text()).toContain('Attached: CQ in teams.');
    expect(updated.get<HTMLSelectElement>('select').element.value).toBe('g2');
    wrapper.unmount();
  });

  it('detaches a package with "No package"', async () => {
    let attached: string | null = 'g1';
    const { wrapper, requests } = await mountPage({
      [PROGRAMMES]: () => jsonResponse(200, [programme([step('m2', 3, 'module', 'Module 2', attached)])]),
      [ATTACH_M2]: () => {
        attached = null;
        return noContent();
      },
    });
    const form = stepForm(wrapper, 'm2');

    await form.get('select').setValue('none');
    await form.get('form').trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'PUT').map((request) => request.body)).toEqual([
      { packageId: null },
    ]);
    expect(form.get('[data-testid="step-package-result"]').text()).toContain('Module 2 has no package now.');
    expect(form.get('[data-testid="step-package-current"]').text()).toContain('No package is attached');
    wrapper.unmount();
  });

  it('shows the reason a save is refused beside the select', async () => {
    const { wrapper } = await mountPage({
      [PROGRAMMES]: jsonResponse(200, [programme([step('m1', 2, 'module', 'Module 1', 'g1')])]),
      [ATTACH_M1]: apiError(400, 'VALIDATION_FAILED', 'That package is not in the catalogue.', [
        { field: 'packageId', message: 'That package is not in the catalogue.' },
      ]),
    });
    const form = stepForm(wrapper, 'm1');

    await form.get('select').setValue('g2');
    await form.get('form').trigger('submit');
    await flushPromises();

    expect(form.get('.nhsuk-error-message').text()).toContain('That package is not in the catalogue.');
    const summary = form.get('[data-testid="error-summary"]');
    expect(summary.get('a').attributes('href')).toBe('#step-package-m1');
    expect(document.activeElement).toBe(summary.element);
    expect(form.get('[data-testid="step-package-result"]').text()).toBe('');
    wrapper.unmount();
  });
});
