import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { LearningStepDto, MyLearningDto } from '../../api/types';
import { createAppRouter } from '../../router';
import { demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import MyLearningView from './MyLearningView.vue';

function step(
  id: string,
  kind: LearningStepDto['kind'],
  title: string,
  state: LearningStepDto['state'],
  ready: boolean,
) {
  return { id, position: Number(id.slice(1)), kind, title, state, ready };
}

const LEARNING: MyLearningDto = {
  enrolments: [
    {
      enrolmentId: 'e-1',
      programmeName: 'CQ Pathway for managers',
      cohortName: 'Spring 2026',
      trustName: 'Trust One',
      dueDate: '2026-06-30',
      status: 'in_progress',
      steps: [
        step('s1', 'module', 'Module 1: Foundations', 'done', true),
        step('s2', 'module', 'Module 2: Teams', 'next', true),
        step('s3', 'module', 'Module 3: Leading', 'later', false),
        step('s4', 'assessment', 'Post-assessment', 'later', true),
      ],
      nextStep: step('s2', 'module', 'Module 2: Teams', 'next', true),
    },
  ],
};

describe('MyLearningView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('links each ready module to its page, and says the others are not available yet', async () => {
    stubFetch({
      'GET /api/auth/session': jsonResponse(200, {
        user: { ...demoUser, roles: [grant('learner', { trustId: 't1', trustName: 'Trust One' })] },
        csrfToken: 'csrf',
      }),
      'GET /api/me/learning': jsonResponse(200, LEARNING),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push('/learning');
    const wrapper = mount(MyLearningView, { attachTo: document.body, global: { plugins: [pinia, router] } });
    await flushPromises();

    const steps = wrapper.findAll('[data-testid="learning-step"]');
    const links = steps.map((item) => item.find('[data-testid="learning-step-module-link"]'));
    expect(links[0]?.text()).toBe('Open module: Module 1: Foundations');
    expect(links[0]?.attributes('href')).toBe('/learning/e-1/steps/s1');
    expect(links[1]?.text()).toBe('Continue module: Module 2: Teams');
    expect(links[1]?.get('.nhsuk-u-visually-hidden').text()).toBe(': Module 2: Teams');
    expect(links[1]?.attributes('href')).toBe('/learning/e-1/steps/s2');
    expect(links[2]?.exists()).toBe(false);
    expect(steps[2]?.text()).toContain('Available soon');
    // Only modules open here; an assessment is not a module page.
    expect(links[3]?.exists()).toBe(false);
    wrapper.unmount();
  });
});
