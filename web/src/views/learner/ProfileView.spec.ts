import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { ConsentStudyDto, CqProfileDto, EqualityDto } from '../../stores/assessments';
import { consentStudy, cqProfile, equality, profileEnrolment } from '../../testing/assessmentFixtures';
import { jsonResponse, stubFetch, type RecordedRequest } from '../../testing/fetchStub';
import ProfileView from './ProfileView.vue';

const WITHDRAW = 'POST /api/me/consents/study-1/withdrawal';

function serve(
  options: {
    profile?: CqProfileDto;
    studies?: ConsentStudyDto[];
    equality?: EqualityDto;
    savedEquality?: EqualityDto;
  } = {},
) {
  return stubFetch({
    'GET /api/me/cq-profile': jsonResponse(200, options.profile ?? cqProfile()),
    'GET /api/me/consents': jsonResponse(200, { studies: options.studies ?? [] }),
    'GET /api/me/equality': jsonResponse(200, options.equality ?? equality()),
    'PUT /api/me/equality': jsonResponse(200, options.savedEquality ?? equality({ asked: true })),
    'POST /api/me/consents': jsonResponse(
      201,
      consentStudy({ state: 'given', decidedAt: '2026-03-03T10:00:00.000Z', decidedOnVersion: 2 }),
    ),
    [WITHDRAW]: jsonResponse(
      201,
      consentStudy({
        state: 'withdrawn',
        decidedAt: '2026-02-01T10:00:00.000Z',
        withdrawnAt: '2026-04-01T10:00:00.000Z',
      }),
    ),
  });
}

async function mountView(): Promise<VueWrapper> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/profile', name: 'profile', component: ProfileView },
      { path: '/:rest(.*)*', component: { render: () => null } },
    ],
  });
  await router.push('/profile');
  const wrapper = mount(ProfileView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

function sent(requests: RecordedRequest[], route: string): RecordedRequest[] {
  return requests.filter((request) => `${request.method} ${request.path}` === route);
}

function cells(wrapper: VueWrapper, factor: string): string[] {
  return wrapper
    .findAll(`[data-testid="profile-table"] tr[data-factor="${factor}"] td`)
    .map((td) => td.text());
}

describe('ProfileView', () => {
  beforeEach(() => {
    setCsrfToken('csrf');
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the capability scores as a chart and a table with the same numbers', async () => {
    serve();
    const wrapper = await mountView();

    expect(wrapper.get('h1').text()).toBe('My CQ profile');
    expect(document.title).toContain('My CQ profile');
    expect(wrapper.get('[data-testid="profile-label"]').text()).toContain(
      'not the validated Cultural Intelligence Scale',
    );

    const headers = wrapper.findAll('[data-testid="profile-table"] thead th').map((th) => th.text());
    expect(headers).toEqual(['Capability', 'Before the programme', 'After the programme']);
    expect(cells(wrapper, 'drive')).toEqual(['4.2', '5.4']);
    expect(cells(wrapper, 'knowledge')).toEqual(['3.8', '5.1']);
    expect(cells(wrapper, 'action')).toEqual(['Not enough answers', '5.6']);
    expect(cells(wrapper, 'overall')).toEqual(['4.3', '5.5']);

    const chart = wrapper.get('[data-testid="profile-chart"] svg');
    expect(chart.attributes('role')).toBe('img');
    expect(chart.attributes('aria-label')).toContain('CQ drive: before 4.2, after 5.4');
    expect(chart.attributes('aria-label')).toContain('CQ action: before no score, after 5.6');
    expect(chart.findAll('rect')).toHaveLength(8);

    const knowledge = wrapper.findAll('[data-testid="profile-knowledge"] .nhsuk-summary-list__row');
    expect(knowledge.map((row) => [row.get('dt').text(), row.get('dd').text()])).toEqual([
      ['Before the programme', '4 of 8 correct'],
      ['After the programme', '7 of 8 correct'],
    ]);
    const reading = wrapper.get('[data-testid="profile-interpretation"] li');
    expect(reading.get('h4').text()).toBe('CQ drive');
    expect(reading.text()).toContain('Your CQ drive score rose from 4.2 to 5.4 out of 7.');
    expect(reading.text()).toContain('Next step: Put a date in your diary');
    wrapper.unmount();
  });

  it('says when the profile is not available yet instead of drawing it', async () => {
    serve({
      profile: cqProfile([
        profileEnrolment({
          available: false,
          message: 'It appears here once you have submitted the post-assessment.',
          points: [],
          knowledge: [],
          interpretation: [],
        }),
      ]),
    });
    const wrapper = await mountView();

    expect(wrapper.get('[data-testid="profile-message"]').text()).toBe(
      'It appears here once you have submitted the post-assessment.',
    );
    expect(wrapper.find('[data-testid="profile-table"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="profile-chart"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('asks for confirmation before withdrawing from a study, then shows the new state', async () => {
    const { requests } = serve({
      studies: [consentStudy({ state: 'given', decidedAt: '2026-02-01T10:00:00.000Z', decidedOnVersion: 2 })],
    });
    const wrapper = await mountView();

    const study = wrapper.get('[data-testid="profile-study"]');
    expect(study.get('[data-testid="profile-study-state"]').text()).toBe('Taking part');
    expect(study.text()).toContain('You agreed to take part on 1 February 2026.');

    await study.get('[data-testid="withdraw-start"]').trigger('click');
    await flushPromises();

    const confirmation = wrapper.get('[data-testid="withdraw-confirmation"]');
    expect(confirmation.text()).toContain(
      'Your answers will be removed from every research view and export. Your training record stays as it is.',
    );
    expect(document.activeElement?.textContent).toContain('Withdraw from CQ Pathway evaluation?');
    expect(sent(requests, WITHDRAW)).toHaveLength(0);

    await confirmation.get('[data-testid="withdraw-confirm"]').trigger('click');
    await flushPromises();

    expect(sent(requests, WITHDRAW)).toHaveLength(1);
    expect(wrapper.get('[data-testid="profile-study-state"]').text()).toBe('Withdrawn');
    expect(wrapper.get('[data-testid="profile-study"]').text()).toContain(
      'You withdrew from this study on 1 April 2026.',
    );
    expect(wrapper.find('[data-testid="withdraw-confirmation"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="profile-success"]').text()).toContain(
      'You have withdrawn from CQ Pathway evaluation.',
    );
    wrapper.unmount();
  });

  it('lets the learner change their mind before withdrawing', async () => {
    const { requests } = serve({ studies: [consentStudy({ state: 'given' })] });
    const wrapper = await mountView();

    await wrapper.get('[data-testid="withdraw-start"]').trigger('click');
    await wrapper.get('[data-testid="withdraw-cancel"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('[data-testid="withdraw-confirmation"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="withdraw-start"]').element);
    expect(sent(requests, WITHDRAW)).toHaveLength(0);
    wrapper.unmount();
  });

  it('offers the information for a study not yet decided on, and records a decision', async () => {
    const { requests } = serve({ studies: [consentStudy()] });
    const wrapper = await mountView();

    const study = wrapper.get('[data-testid="profile-study"]');
    expect(study.get('[data-testid="profile-study-state"]').text()).toBe('Not decided');
    expect(study.find('[data-testid="withdraw-start"]').exists()).toBe(false);
    const details = study.get('[data-testid="profile-study-information"]');
    expect(details.get('summary').text()).toContain('Read the information');
    expect(details.text()).toContain('Taking part is voluntary.');

    await details.findAll('[data-testid="consent-decision"]')[0]?.setValue(true);
    await details.get('[data-testid="consent-form"]').trigger('submit');
    await flushPromises();

    expect(sent(requests, 'POST /api/me/consents').map((r) => r.body)).toEqual([
      { studyId: 'study-1', consentFormId: 'form-1', decision: 'given' },
    ]);
    expect(wrapper.get('[data-testid="profile-study-state"]').text()).toBe('Taking part');
    expect(wrapper.get('[data-testid="profile-success"]').text()).toContain('You are now taking part');
    expect(wrapper.find('[data-testid="withdraw-start"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows the equality answers given and changes them with the same form', async () => {
    const { requests } = serve({
      equality: equality({
        asked: true,
        ethnicity: 'B',
        gender: 'prefer_not_to_say',
        band: '7',
        recordedBand: '7',
      }),
      savedEquality: equality({ asked: true, ethnicity: 'B', gender: 'man', band: '7', recordedBand: '7' }),
    });
    const wrapper = await mountView();

    const summary = wrapper.get('[data-testid="equality-summary"]');
    expect(summary.text()).toContain('White: Irish');
    expect(summary.text()).toContain('Prefer not to say');
    expect(summary.text()).toContain('Band 7');

    await wrapper.get('[data-testid="equality-change"]').trigger('click');
    const form = wrapper.get('[data-testid="equality-form"]');
    // The form starts from the answers given.
    expect(form.get<HTMLInputElement>('[data-testid="equality-ethnicity"][value="B"]').element.checked).toBe(
      true,
    );
    expect(
      form.get<HTMLInputElement>('[data-testid="equality-band-confirm"][value="yes"]').element.checked,
    ).toBe(true);
    await form.get('[data-testid="equality-gender"][value="man"]').setValue(true);
    await form.trigger('submit');
    await flushPromises();

    expect(sent(requests, 'PUT /api/me/equality').map((r) => r.body)).toEqual([
      { ethnicity: 'B', gender: 'man', band: '7' },
    ]);
    expect(wrapper.find('[data-testid="equality-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="equality-summary"]').text()).toContain('Man');
    wrapper.unmount();
  });

  it('says when the equality questions were skipped', async () => {
    serve({ equality: equality({ asked: true }) });
    const wrapper = await mountView();

    expect(wrapper.get('[data-testid="equality-summary"]').text()).toBe('You skipped these questions.');
    expect(wrapper.get('[data-testid="equality-change"]').text()).toBe('Change your answers');
    wrapper.unmount();
  });
});
