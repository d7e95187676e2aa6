import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { PackageDto, ProgrammeDto, ProgrammeStepDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, noContent, stubFetch } from '../../testing/fetchStub';
import { LICENSED, LICENSED_V1, SELF_ASSESSMENT, SJT } from '../../testing/instruments';
import ProgrammesView from './ProgrammesView.vue';

const SESSION = 'GET /api/auth/session';
const PROGRAMMES = 'GET /api/programmes';
const PACKAGES = 'GET /api/packages';
const ATTACH_M1 = 'PUT /api/programmes/prog-1/steps/m1/package';
const ATTACH_M2 = 'PUT /api/programmes/prog-1/steps/m2/package';
const INSTRUMENTS = 'GET /api/instruments';
const SET_PRE = 'PUT /api/programmes/prog-1/steps/pre/instruments';

function step(
  id: string,
  position: number,
  kind: ProgrammeStepDto['kind'],
  title: string,
  packageId: string | null = null,
  instrumentKeys: string[] = [],
): ProgrammeStepDto {
  const ready = kind === 'module' ? packageId !== null : instrumentKeys.length > 0;
  return { id, position, kind, title, timepoint: null, offsetDays: null, ready, packageId, instrumentKeys };
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
      sequencing: null,
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
    [INSTRUMENTS]: jsonResponse(200, [SJT, LICENSED_V1, SELF_ASSESSMENT, LICENSED]),
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

function instrumentsForm(wrapper: VueWrapper, stepId: string) {
  return wrapper.get(`[data-testid="step-instruments"][data-step-id="${stepId}"]`);
}

/** A programme whose pre-assessment asks the given questionnaires. */
function assessed(preKeys: string[], extra: ProgrammeStepDto[] = []): ProgrammeDto {
  return {
    id: 'prog-1',
    slug: 'cq',
    name: 'CQ Pathway for managers',
    description: 'Assessments and modules',
    steps: [
      step('pre', 1, 'assessment', 'Pre-assessment', null, preKeys),
      step('m1', 2, 'module', 'Module 1'),
      ...extra,
    ],
  };
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

  it('shows the questionnaires each assessment step asks, by title, in every step order', async () => {
    const { wrapper } = await mountPage({
      [PROGRAMMES]: jsonResponse(200, [
        assessed(
          ['cq-sjt', 'cq-self-assessment'],
          [{ ...step('follow', 3, 'follow_up', 'Follow-up'), timepoint: 'follow_up' }],
        ),
      ]),
    });

    // Module and assessment steps appear in the programme's order, each with its own form.
    const cards = wrapper.findAll('[data-testid="step-package"], [data-testid="step-instruments"]');
    expect(cards.map((card) => card.attributes('data-step-id'))).toEqual(['pre', 'm1', 'follow']);

    const pre = instrumentsForm(wrapper, 'pre');
    expect(pre.get('h3').text()).toBe('Step 1: Pre-assessment');
    expect(pre.get('legend').text()).toBe('Questionnaires for Pre-assessment');
    expect(pre.get('[data-testid="step-instruments-current"]').text()).toContain(
      'Asks CQ Pathway situational judgement test then CQ Pathway self-assessment.',
    );
    // One choice per instrument key (its newest version), with its label.
    const boxes = pre.findAll<HTMLInputElement>('[data-testid="step-instruments-option"]');
    expect(boxes.map((box) => [box.element.value, box.element.checked])).toEqual([
      ['cq-self-assessment', true],
      ['cq-sjt', true],
      ['cqs', false],
    ]);
    const firstLabel = pre.get(`label[for="${boxes[0]!.attributes('id')}"]`);
    expect(firstLabel.text()).toBe('CQ Pathway self-assessment');
    expect(pre.text()).toContain('not the validated Cultural Intelligence Scale');
    expect(
      pre
        .findAll('[data-testid="step-instruments-order-item"]')
        .map((item) => item.text().split('Move')[0]!.trim()),
    ).toEqual(['CQ Pathway situational judgement test', 'CQ Pathway self-assessment']);

    const follow = instrumentsForm(wrapper, 'follow');
    expect(follow.get('[data-testid="step-instruments-current"]').text()).toContain(
      'No questionnaires are chosen: learners cannot open this step yet.',
    );
    expect(follow.text()).toContain('A situational judgement test cannot be asked at the follow-up.');
    wrapper.unmount();
  });

  it('saves the ticked questionnaires in the order chosen', async () => {
    let keys = ['cq-self-assessment'];
    const { wrapper, requests } = await mountPage({
      [PROGRAMMES]: () => jsonResponse(200, [assessed(keys)]),
      [SET_PRE]: async (request) => {
        keys = ((await request.json()) as { instrumentKeys: string[] }).instrumentKeys;
        return noContent();
      },
    });
    const form = instrumentsForm(wrapper, 'pre');

    // Ticking adds at the end; then the licensed scale is moved up to be answered first.
    await form.get<HTMLInputElement>('input[value="cqs"]').setValue(true);
    await form.get<HTMLInputElement>('input[value="cq-sjt"]').setValue(true);
    const order = () =>
      form
        .findAll('[data-testid="step-instruments-order-item"]')
        .map((item) => item.text().split('Move')[0]!.trim());
    expect(order()).toEqual([
      'CQ Pathway self-assessment',
      'Cultural Intelligence Scale',
      'CQ Pathway situational judgement test',
    ]);
    await form.findAll('[data-testid="step-instruments-up"]')[1]!.trigger('click');
    await flushPromises();
    expect(order()).toEqual([
      'Cultural Intelligence Scale',
      'CQ Pathway self-assessment',
      'CQ Pathway situational judgement test',
    ]);
    expect(document.activeElement?.id).toBe('step-instruments-pre-cqs-down');
    await form.get('form').trigger('submit');
    await flushPromises();

    const put = requests.filter((request) => request.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({
      path: '/api/programmes/prog-1/steps/pre/instruments',
      body: { instrumentKeys: ['cqs', 'cq-self-assessment', 'cq-sjt'] },
    });
    expect(put[0]?.headers.get('X-CSRF-Token')).toBe('csrf');
    expect(requests.filter((request) => `${request.method} ${request.path}` === PROGRAMMES)).toHaveLength(2);
    const updated = instrumentsForm(wrapper, 'pre');
    expect(updated.get('[data-testid="step-instruments-result"]').text()).toContain(
      'Pre-assessment now asks Cultural Intelligence Scale, CQ Pathway self-assessment then CQ Pathway situational judgement test.',
    );
    expect(updated.get('[data-testid="step-instruments-current"]').text()).toContain(
      'Asks Cultural Intelligence Scale, CQ Pathway self-assessment then CQ Pathway situational judgement test.',
    );
    wrapper.unmount();
  });

  it('shows the reason a choice of questionnaires is refused', async () => {
    const { wrapper, requests } = await mountPage({
      [PROGRAMMES]: jsonResponse(200, [assessed(['cq-self-assessment'])]),
      [SET_PRE]: apiError(400, 'VALIDATION_FAILED', 'Validation failed', [
        { field: 'instrumentKeys', message: 'There is no instrument called cq-self-assessment.' },
      ]),
    });
    const form = instrumentsForm(wrapper, 'pre');

    await form.get('form').trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'PUT').map((request) => request.body)).toEqual([
      { instrumentKeys: ['cq-self-assessment'] },
    ]);
    expect(form.get('.nhsuk-error-message').text()).toContain(
      'There is no instrument called cq-self-assessment.',
    );
    const summary = form.get('[data-testid="error-summary"]');
    expect(summary.get('a').attributes('href')).toBe('#step-instruments-pre');
    expect(document.getElementById('step-instruments-pre')?.getAttribute('value')).toBe('cq-self-assessment');
    expect(document.activeElement).toBe(summary.element);
    expect(form.get('[data-testid="step-instruments-result"]').text()).toBe('');
    wrapper.unmount();
  });

  it('still attaches modules when the questionnaires cannot be listed', async () => {
    const { wrapper } = await mountPage({
      [PROGRAMMES]: jsonResponse(200, [assessed([])]),
      [INSTRUMENTS]: apiError(500, 'INTERNAL', 'Sorry, there is a problem with the service.'),
    });

    expect(wrapper.find('[data-testid="step-instruments"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="programmes-instruments-error"]').text()).toContain(
      'You can still attach modules',
    );
    expect(stepForm(wrapper, 'm1').find('select').exists()).toBe(true);
    wrapper.unmount();
  });
});
