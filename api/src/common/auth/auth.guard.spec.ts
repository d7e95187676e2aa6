import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { SessionRepository } from '../../modules/auth/session.repository.js';
import { DomainError } from '../errors.js';
import { AuthGuard } from './auth.guard.js';
import { Authenticated, Public } from './decorators.js';

class Routes {
  undeclared() {}
  @Public() open() {}
  @Authenticated({ roles: ['lnd_admin'] }) lndOnly() {}
}

const noSessions = {
  findActive: async () => null,
  touch: async () => undefined,
} as unknown as SessionRepository;
const signedInAs = (role: string) =>
  ({
    findActive: async () => ({
      sessionId: 's',
      userId: 'u',
      email: 'e',
      csrfToken: 'tok',
      lastSeenAt: new Date(),
      grants: [{ id: 'g', role, trustId: 't', studyId: null }],
    }),
    touch: async () => undefined,
  }) as unknown as SessionRepository;

function context(handler: () => void, req: Record<string, unknown>): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => ({ method: 'GET', path: '/x', header: () => undefined, cookies: {}, ...req }),
    }),
  } as unknown as ExecutionContext;
}

const guard = (sessions: SessionRepository) => new AuthGuard(new Reflector(), sessions, loadConfig({}));
const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: DomainError) => e.code,
  );

describe('AuthGuard', () => {
  const routes = Routes.prototype;

  it('denies a route that declares no access rule, even to a signed-in caller', async () => {
    expect(
      await code(
        guard(signedInAs('platform_admin')).canActivate(
          context(routes.undeclared, { cookies: { cqp_session: 'x' } }),
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('allows @Public routes without a session', async () => {
    expect(await code(guard(noSessions).canActivate(context(routes.open, {})))).toBe('allowed');
  });

  it('asks anonymous callers to sign in and refuses the wrong role', async () => {
    expect(await code(guard(noSessions).canActivate(context(routes.lndOnly, {})))).toBe('UNAUTHENTICATED');
    expect(
      await code(
        guard(signedInAs('learner')).canActivate(context(routes.lndOnly, { cookies: { cqp_session: 'x' } })),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await code(
        guard(signedInAs('lnd_admin')).canActivate(
          context(routes.lndOnly, { cookies: { cqp_session: 'x' } }),
        ),
      ),
    ).toBe('allowed');
  });

  it('checks the CSRF token on state-changing requests, public ones included', async () => {
    const post = (header?: string, cookie?: string) =>
      context(routes.open, {
        method: 'POST',
        header: () => header,
        cookies: cookie ? { cqp_csrf: cookie } : {},
      });
    expect(await code(guard(noSessions).canActivate(post()))).toBe('CSRF_FAILED');
    expect(await code(guard(noSessions).canActivate(post('abc', 'abd')))).toBe('CSRF_FAILED');
    expect(await code(guard(noSessions).canActivate(post('abc', 'abc')))).toBe('allowed');
  });
});
