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
  lockedReason: string | null = null,
): LearningStepDto {
  return {
    id,
    position: Number(id.slice(1)),
    kind,
    title,
    state,
    ready,
    locked: lockedReason !== null,
    lockedReason,
  };
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
        step(
          's4',
          'assessment',
          'Post-assessment',
          'later',
          true,
          'Opens when you have finished every module.',
        ),
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

  async function mountView(learning: MyLearningDto = LEARNING) {
    stubFetch({
      'GET /api/auth/session': jsonResponse(200, {
        user: { ...demoUser, roles: [grant('learner', { trustId: 't1', trustName: 'Trust One' })] },
        csrfToken: 'csrf',
      }),
      'GET /api/me/learning': jsonResponse(200, learning),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createAppRouter(createMemoryHistory());
    await router.push('/learning');
    const wrapper = mount(MyLearningView, { attachTo: document.body, global: { plugins: [pinia, router] } });
    await flushPromises();
    return wrapper;
  }

  it('links each ready module to its page, and says the others are not available yet', async () => {
    const wrapper = await mountView();

    const steps = wrapper.findAll('[data-testid="learning-step"]');
    const links = steps.map((item) => item.find('[data-testid="learning-step-module-link"]'));
    expect(links[0]?.text()).toBe('Open module: Module 1: Foundations');
    expect(links[0]?.attributes('href')).toBe('/learning/e-1/steps/s1');
    expect(links[1]?.text()).toBe('Continue module: Module 2: Teams');
    expect(links[1]?.get('.nhsuk-u-visually-hidden').text()).toBe(': Module 2: Teams');
    expect(links[1]?.attributes('href')).toBe('/learning/e-1/steps/s2');
    expect(links[2]?.exists()).toBe(false);
    expect(steps[2]?.text()).toContain('Available soon');
    // A locked step says why instead of linking anywhere.
    expect(links[3]?.exists()).toBe(false);
    expect(steps[3]?.find('[data-testid="learning-step-assessment-link"]').exists()).toBe(false);
    expect(steps[3]?.get('[data-testid="learning-step-state"]').text()).toBe('Locked');
    expect(steps[3]?.get('[data-testid="learning-step-state"]').classes()).toContain('nhsuk-tag--grey');
    expect(steps[3]?.text()).toContain('Opens when you have finished every module.');
    expect(steps[1]?.get('[data-testid="learning-step-state"]').text()).toBe('Next');
    wrapper.unmount();
  });

  it('links open assessment and follow-up steps to the assessment page, and the next step to its page', async () => {
    const pre = step('s1', 'assessment', 'Pre-assessment', 'next', true);
    const wrapper = await mountView({
      enrolments: [
        {
          ...LEARNING.enrolments[0]!,
          steps: [
            pre,
            step(
              's2',
              'module',
              'Module 1: Foundations',
              'later',
              true,
              'Opens when you have done the pre-assessment.',
            ),
            step('s3', 'follow_up', 'Follow-up', 'later', true),
          ],
          nextStep: pre,
        },
      ],
    });

    const steps = wrapper.findAll('[data-testid="learning-step"]');
    const preLink = steps[0]?.get('[data-testid="learning-step-assessment-link"]');
    expect(preLink?.attributes('href')).toBe('/learning/e-1/assessments/s1');
    expect(preLink?.text()).toBe('Start assessment: Pre-assessment');
    expect(steps[1]?.find('a').exists()).toBe(false);
    expect(steps[1]?.get('[data-testid="learning-step-state"]').text()).toBe('Locked');
    expect(steps[2]?.get('[data-testid="learning-step-assessment-link"]').attributes('href')).toBe(
      '/learning/e-1/assessments/s3',
    );

    const next = wrapper.get('[data-testid="next-step"]');
    expect(next.get('[data-testid="next-step-link"]').attributes('href')).toBe(
      '/learning/e-1/assessments/s1',
    );
    expect(wrapper.get('[data-testid="profile-link"]').attributes('href')).toBe('/profile');
    wrapper.unmount();
  });

  it('does not offer a locked next step as ready to start', async () => {
    const followUp = step('s3', 'follow_up', 'Follow-up', 'next', true, 'Opens on 1 September 2026.');
    const wrapper = await mountView({
      enrolments: [
        {
          ...LEARNING.enrolments[0]!,
          steps: [
            step('s1', 'assessment', 'Pre-assessment', 'done', true),
            step('s2', 'assessment', 'Post-assessment', 'done', true),
            followUp,
          ],
          nextStep: followUp,
        },
      ],
    });

    const next = wrapper.get('[data-testid="next-step"]');
    expect(next.find('[data-testid="next-step-link"]').exists()).toBe(false);
    expect(next.text()).not.toContain('ready for you to start');
    expect(next.get('[data-testid="next-step-locked"]').text()).toBe('Locked');
    expect(next.get('[data-testid="next-step-locked-reason"]').text()).toContain(
      'Opens on 1 September 2026.',
    );
    const steps = wrapper.findAll('[data-testid="learning-step"]');
    expect(steps[0]?.get('[data-testid="learning-step-assessment-link"]').text()).toBe(
      'View assessment: Pre-assessment',
    );
    expect(steps[2]?.find('a').exists()).toBe(false);
    wrapper.unmount();
  });
});
