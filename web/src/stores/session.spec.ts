import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, setCsrfToken } from '../api/client';
import { NETWORK_ERROR_MESSAGE } from '../api/errors';
import { apiError, demoUser, grant, jsonResponse, noContent, stubFetch } from '../testing/fetchStub';
import { homePathForGrants } from '../utils/roles';
import { useSessionStore } from './session';

describe('role home resolution', () => {
  it.each([
    [[grant('learner', { trustId: 't1' })], '/learning'],
    [[grant('researcher', { studyId: 's1' })], '/research/studies'],
    [[grant('lnd_admin', { trustId: 't1' })], '/lnd/cohorts'],
    [[grant('platform_admin')], '/admin'],
    [[grant('learner', { trustId: 't1' }), grant('lnd_admin', { trustId: 't1' })], '/lnd/cohorts'],
    [[grant('learner', { trustId: 't1' }), grant('researcher', { studyId: 's1' })], '/research/studies'],
    [
      [
        grant('researcher', { studyId: 's1' }),
        grant('platform_admin'),
        grant('lnd_admin', { trustId: 't1' }),
      ],
      '/admin',
    ],
    [[], '/forbidden'],
  ])('%j goes to %s', (grants, home) => {
    expect(homePathForGrants(grants)).toBe(home);
  });
});

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCsrfToken(null);
  });

  it('fetches the session once and resolves the home page of the primary role', async () => {
    const { fetchMock } = stubFetch({
      'GET /api/auth/session': jsonResponse(200, {
        user: {
          ...demoUser,
          roles: [grant('learner', { trustId: 't1' }), grant('lnd_admin', { trustId: 't1' })],
        },
        csrfToken: 'csrf-1',
      }),
    });
    const session = useSessionStore();

    await Promise.all([session.ensureLoaded(), session.ensureLoaded()]);
    await session.ensureLoaded();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(session.isSignedIn).toBe(true);
    expect(session.primaryRole).toBe('lnd_admin');
    expect(session.homePath).toBe('/lnd/cohorts');
    expect(session.hasAnyRole(['platform_admin'])).toBe(false);
    expect(session.administersTrust('t1')).toBe(true);
    expect(session.administersTrust('t2')).toBe(false);
  });

  it('signs in with the CSRF token from the session and returns the home page', async () => {
    const { requests } = stubFetch({
      'GET /api/auth/session': jsonResponse(200, { user: null, csrfToken: 'csrf-anon' }),
      'POST /api/auth/sign-in': jsonResponse(200, {
        user: { ...demoUser, roles: [grant('researcher', { studyId: 's1' })] },
        csrfToken: 'csrf-user',
      }),
    });
    const session = useSessionStore();
    await session.ensureLoaded();

    const result = await session.signIn('alex@example.org', 'correct horse battery');

    expect(result).toEqual({ ok: true, homePath: '/research/studies' });
    expect(session.user?.displayName).toBe('Alex Example');
    const signIn = requests.find((r) => r.path === '/api/auth/sign-in');
    expect(signIn?.headers.get(CSRF_HEADER)).toBe('csrf-anon');
    expect(signIn?.body).toEqual({ email: 'alex@example.org', password: 'correct horse battery' });
  });

  describe('sign-in failure messaging', () => {
    it('shows the message the API wrote for wrong credentials', async () => {
      stubFetch({
        'POST /api/auth/sign-in': apiError(
          401,
          'INVALID_CREDENTIALS',
          'Enter a correct email address and password',
        ),
      });
      const session = useSessionStore();

      const result = await session.signIn('alex@example.org', 'wrong');

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toBe('Enter a correct email address and password');
      expect(result.error.code).toBe('INVALID_CREDENTIALS');
      expect(session.isSignedIn).toBe(false);
    });

    it('shows the too-many-attempts message as it is', async () => {
      const message = 'You have tried to sign in too many times. Try again after 2:45pm.';
      stubFetch({ 'POST /api/auth/sign-in': apiError(429, 'TOO_MANY_ATTEMPTS', message) });
      const session = useSessionStore();

      const result = await session.signIn('alex@example.org', 'wrong');

      expect(result).toMatchObject({ ok: false, message });
    });

    it('maps validation details to field errors', async () => {
      stubFetch({
        'POST /api/auth/sign-in': apiError(400, 'VALIDATION_FAILED', 'There is a problem', [
          { field: 'email', message: 'Enter an email address in the correct format' },
        ]),
      });
      const session = useSessionStore();

      const result = await session.signIn('not-an-email', 'x');

      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { email: 'Enter an email address in the correct format' },
      });
    });

    it('explains when the service cannot be reached', async () => {
      stubFetch({
        'POST /api/auth/sign-in': () => {
          throw new TypeError('Failed to fetch');
        },
      });
      const session = useSessionStore();

      const result = await session.signIn('alex@example.org', 'x');

      expect(result).toMatchObject({ ok: false, message: NETWORK_ERROR_MESSAGE });
    });
  });

  it('forgets the user on sign-out and fetches a fresh session next time', async () => {
    let signedIn = true;
    const { fetchMock } = stubFetch({
      'GET /api/auth/session': () =>
        jsonResponse(200, {
          user: signedIn ? { ...demoUser, roles: [grant('platform_admin')] } : null,
          csrfToken: signedIn ? 'csrf-user' : 'csrf-anon',
        }),
      'POST /api/auth/sign-out': () => {
        signedIn = false;
        return noContent();
      },
    });
    const session = useSessionStore();
    await session.ensureLoaded();
    expect(session.homePath).toBe('/admin');

    await session.signOut();
    expect(session.user).toBeNull();
    await session.ensureLoaded();

    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(session.isSignedIn).toBe(false);
    expect(session.homePath).toBe('/sign-in');
  });
});
