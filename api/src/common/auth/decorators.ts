import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../errors.js';
import { AuthContext, Role } from './roles.js';

export const ACCESS_KEY = 'cqp:access';

export type AccessRule = { public: true } | { public: false; roles: Role[] | 'any' };

/** Open to everyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

/**
 * Grants the route to callers holding one of `roles` in any trust or study (or to any signed-in
 * caller with 'any'). Routes without this or @Public are denied to everyone. Whether the caller
 * may touch *this* trust or study is checked in the service by AccessService.
 */
export const Authenticated = (opts: { roles: Role[] | 'any' }) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles: opts.roles } satisfies AccessRule),
    ApiCookieAuth('session'),
    ApiUnauthorizedResponse({ description: 'Not signed in' }),
    ApiForbiddenResponse({ description: 'Signed in without the required role or scope' }),
  );

export type AuthedRequest = Request & { auth?: AuthContext };

/** The signed-in caller; the guard has already refused the request when there is none. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.auth) throw new DomainError('UNAUTHENTICATED', 'Sign in to continue.');
  return req.auth;
});
