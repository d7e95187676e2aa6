import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { setCsrfToken } from '../../api/client';
import { createAppRouter } from '../../router';
import { apiError, demoUser, grant, jsonResponse, stubFetch } from '../../testing/fetchStub';
import SignInView from './SignInView.vue';

async function mountAt(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(SignInView, { attachTo: document.body, global: { plugins: [pinia, router] } });
  return { wrapper, router };
}

describe('SignInView', () => {
  beforeEach(() => {
    setCsrfToken(null);
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows an error summary linked to each empty field, and focuses it', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/auth/session': jsonResponse(200, { user: null, csrfToken: 'c' }),
    });
    const { wrapper } = await mountAt('/sign-in');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    const summary = wrapper.get('[data-testid="error-summary"]');
    expect(summary.findAll('a').map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['Enter your email address', '#email'],
      ['Enter your password', '#password'],
    ]);
    expect(document.activeElement).toBe(summary.element);
    expect(wrapper.get('#email-error').text()).toContain('Enter your email address');
    expect(wrapper.get('#email').attributes('aria-describedby')).toBe('email-error');
    expect(document.title).toBe('Sign in – CQ Pathway');
    // Nothing was sent for an incomplete form.
    expect(fetchMock.mock.calls).toHaveLength(1);
    wrapper.unmount();
  });

  it('shows the message from the API when sign-in is refused', async () => {
    stubFetch({
      'GET /api/auth/session': jsonResponse(200, { user: null, csrfToken: 'c' }),
      'POST /api/auth/sign-in': apiError(
        429,
        'TOO_MANY_ATTEMPTS',
        'You have tried to sign in too many times. Try again in 15 minutes.',
      ),
    });
    const { wrapper } = await mountAt('/sign-in');

    await wrapper.get('[data-testid="sign-in-email"]').setValue('sam@example.org');
    await wrapper.get('[data-testid="sign-in-password"]').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-testid="error-summary"]').text()).toContain(
      'You have tried to sign in too many times. Try again in 15 minutes.',
    );
    expect((wrapper.get('[data-testid="sign-in-password"]').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('goes to the page in the redirect parameter after signing in', async () => {
    let user: unknown = null;
    stubFetch({
      'GET /api/auth/session': () => jsonResponse(200, { user, csrfToken: 'c' }),
      'POST /api/auth/sign-in': () => {
        user = { ...demoUser, roles: [grant('platform_admin')] };
        return jsonResponse(200, { user, csrfToken: 'c2' });
      },
    });
    const { wrapper, router } = await mountAt('/sign-in?redirect=/admin/outbox');

    await wrapper.get('[data-testid="sign-in-email"]').setValue('sam@example.org');
    await wrapper.get('[data-testid="sign-in-password"]').setValue('correct horse battery');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    // The next page is loaded on demand, so the navigation can take a moment.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/admin/outbox'));
    wrapper.unmount();
  });
});
