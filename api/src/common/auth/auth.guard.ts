import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { SessionRepository } from '../../modules/auth/session.repository.js';
import { safeEqual, sha256 } from '../../modules/auth/tokens.js';
import { DomainError } from '../errors.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './cookies.js';
import { ACCESS_KEY, AccessRule, AuthedRequest } from './decorators.js';

export const SKIP_CSRF_KEY = 'cqp:skip-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: resolves the session, enforces CSRF on state-changing requests and applies the
 * route's @Public / @Authenticated rule. A route with neither is refused to everyone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, targets);

    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length > 0 && token.length < 200) {
      const session = await this.sessions.findActive(sha256(token), this.config.session.idleMinutes);
      if (session) {
        req.auth = { ...session };
        if (Date.now() - session.lastSeenAt.getTime() > 60_000) await this.sessions.touch(session.sessionId);
      }
    }

    if (!SAFE_METHODS.has(req.method) && !this.reflector.getAllAndOverride<boolean>(SKIP_CSRF_KEY, targets)) {
      const sent = req.header(CSRF_HEADER) ?? '';
      const cookie: unknown = req.cookies?.[CSRF_COOKIE];
      const expected = req.auth?.csrfToken ?? (typeof cookie === 'string' ? cookie : '');
      if (!sent || !expected || !safeEqual(sent, expected)) {
        throw new DomainError(
          'CSRF_FAILED',
          'Your session has expired or the form is out of date. Reload the page and try again.',
        );
      }
    }

    if (!rule) {
      this.logger.error(
        `Route ${req.method} ${req.route?.path ?? req.path} declares no access rule; refusing`,
      );
      throw new DomainError('FORBIDDEN', 'You do not have access to this.');
    }
    if (rule.public) return true;
    if (!req.auth) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
    if (rule.roles === 'any') return true;
    if (req.auth.grants.some((g) => (rule.roles as string[]).includes(g.role))) return true;
    throw new DomainError('FORBIDDEN', 'You do not have access to this.');
  }
}
