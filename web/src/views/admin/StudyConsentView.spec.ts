import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import type { ConsentFormDto, CreateConsentFormInput } from '../../api/types';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import { consentForm, STUDY } from '../../testing/studies';
import StudyConsentView from './StudyConsentView.vue';

const SESSION = 'GET /api/auth/session';
const STUDY_GET = 'GET /api/studies/s-1';
const FORMS = 'GET /api/studies/s-1/consent-forms';
const PUBLISH = 'POST /api/studies/s-1/consent-forms';

async function mountPage(routes: Parameters<typeof stubFetch>[0]) {
  const stub = stubFetch({
    [SESSION]: jsonResponse(200, {
      user: { ...demoUser, roles: [grant('platform_admin')] },
      csrfToken: 'csrf',
    }),
    [STUDY_GET]: jsonResponse(200, STUDY),
    ...routes,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push('/admin/studies/s-1/consent');
  const wrapper = mount(StudyConsentView, {
    attachTo: document.body,
    props: { studyId: 's-1' },
    global: { plugins: [pinia, router] },
  });
  await flushPromises();
  return { wrapper, ...stub };
}

describe('StudyConsentView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists the consent form versions newest first, with their information and statements', async () => {
    const { wrapper } = await mountPage({ [FORMS]: jsonResponse(200, [consentForm(1), consentForm(2)]) });

    expect(wrapper.get('h1').text()).toBe('Consent form');
    expect(wrapper.get('.nhsuk-caption-l').text()).toBe('CQ Pathway evaluation');
    expect(wrapper.get('[data-testid="consent-form-versions-note"]').text()).toContain(
      'Publishing a new version does not change decisions already made.',
    );
    const versions = wrapper.findAll('[data-testid="consent-version"]');
    expect(versions.map((version) => version.get('h3').text())).toEqual([
      'Version 2: Taking part in the evaluation (v2)',
      'Version 1: Taking part in the evaluation (v1)',
    ]);
    expect(versions[0]!.find('[data-testid="consent-version-current"]').exists()).toBe(true);
    expect(versions[1]!.find('[data-testid="consent-version-current"]').exists()).toBe(false);
    expect(versions[1]!.text()).toContain('Earlier version');
    expect(
      versions[0]!
        .get('[data-testid="consent-version-information"]')
        .findAll('p')
        .map((paragraph) => paragraph.text()),
    ).toEqual(['What the study is about, version 2.', 'What happens to your answers.']);
    expect(
      versions[0]!
        .get('[data-testid="consent-version-statements"]')
        .findAll('li')
        .map((item) => item.text()),
    ).toEqual(['I have read the information in version 2.', 'I understand I can withdraw.']);

    // The form starts from the current wording.
    const form = wrapper.get('[data-testid="consent-form-create"]');
    expect(form.get<HTMLInputElement>('#consent-form-title').element.value).toBe(
      'Taking part in the evaluation (v2)',
    );
    expect(form.get<HTMLTextAreaElement>('#consent-form-statements').element.value).toBe(
      'I have read the information in version 2.\nI understand I can withdraw.',
    );
    expect(form.text()).toContain('publish it as version 3');
    wrapper.unmount();
  });

  it('publishes a new version with one statement per line and shows it as current', async () => {
    let forms: ConsentFormDto[] = [consentForm(1)];
    const { wrapper, requests } = await mountPage({
      [FORMS]: () => jsonResponse(200, forms),
      [PUBLISH]: async (request) => {
        const body = (await request.json()) as CreateConsentFormInput;
        const created = consentForm(2, { ...body, createdAt: '2026-03-09T10:00:00.000Z' });
        forms = [...forms, created];
        return jsonResponse(201, created);
      },
    });
    const form = wrapper.get('[data-testid="consent-form-create"]');

    await form.get('#consent-form-title').setValue('  Taking part, updated  ');
    await form
      .get('#consent-form-information')
      .setValue('The study looks at cultural intelligence.\n\nYour answers are kept for five years.');
    await form
      .get('#consent-form-statements')
      .setValue(
        '  I have read the information.\r\n\nI agree to take part.  \n   \nI know I can withdraw at any time.\n',
      );
    expect(form.get('[data-testid="consent-form-statement-count"]').text()).toBe('3 statements');
    await form.trigger('submit');
    await flushPromises();

    const posts = requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      path: '/api/studies/s-1/consent-forms',
      body: {
        title: 'Taking part, updated',
        information: 'The study looks at cultural intelligence.\n\nYour answers are kept for five years.',
        statements: [
          'I have read the information.',
          'I agree to take part.',
          'I know I can withdraw at any time.',
        ],
      },
    });
    expect(posts[0]?.headers.get('X-CSRF-Token')).toBe('csrf');

    const banner = wrapper.get('[data-testid="consent-form-published"]');
    expect(banner.text()).toContain('Version 2 of the consent form has been published.');
    expect(banner.text()).toContain('Decisions already made stay as they were.');
    const versions = wrapper.findAll('[data-testid="consent-version"]');
    expect(versions.map((version) => version.attributes('data-version'))).toEqual(['2', '1']);
    expect(versions[0]!.get('h3').text()).toBe('Version 2: Taking part, updated');
    expect(
      versions[0]!
        .get('[data-testid="consent-version-statements"]')
        .findAll('li')
        .map((item) => item.text()),
    ).toEqual([
      'I have read the information.',
      'I agree to take part.',
      'I know I can withdraw at any time.',
    ]);
    wrapper.unmount();
  });

  it('asks for the missing parts before publishing, and shows the reasons the API refuses', async () => {
    const { wrapper, requests } = await mountPage({
      [FORMS]: jsonResponse(200, []),
      [PUBLISH]: apiError(400, 'VALIDATION_FAILED', 'Validation failed', [
        { field: 'information', message: 'Enter the participant information (20 to 50,000 characters)' },
        { field: 'statements.0', message: 'Each consent statement needs 5 to 1000 characters' },
      ]),
    });
    expect(wrapper.get('[data-testid="consent-forms-empty"]').text()).toContain('no consent form');
    const form = wrapper.get('[data-testid="consent-form-create"]');

    await form.get('#consent-form-statements').setValue('\n  \n');
    await form.trigger('submit');
    await flushPromises();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    expect(
      form
        .get('[data-testid="error-summary"]')
        .findAll('a')
        .map((link) => [link.text(), link.attributes('href')]),
    ).toEqual([
      ['Enter a title', '#consent-form-title'],
      ['Enter the participant information', '#consent-form-information'],
      ['Enter at least one consent statement', '#consent-form-statements'],
    ]);

    await form.get('#consent-form-title').setValue('Taking part');
    await form.get('#consent-form-information').setValue('Too short');
    await form.get('#consent-form-statements').setValue('Yes');
    await form.trigger('submit');
    await flushPromises();

    expect(requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
      { title: 'Taking part', information: 'Too short', statements: ['Yes'] },
    ]);
    expect(form.get('#consent-form-information-error').text()).toContain('20 to 50,000 characters');
    expect(form.get('#consent-form-statements-error').text()).toContain('5 to 1000 characters');
    expect(wrapper.find('[data-testid="consent-form-published"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
