import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'cqp_session';
export const CSRF_COOKIE = 'cqp_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Secure whenever the request arrived over TLS (directly, or via a trusted proxy: TRUST_PROXY). */
function base(req: Request): CookieOptions {
  return { path: '/', sameSite: 'lax', secure: req.secure };
}

export function setSessionCookies(
  req: Request,
  res: Response,
  sessionToken: string,
  csrfToken: string,
  maxAgeMs: number,
) {
  res.cookie(SESSION_COOKIE, sessionToken, { ...base(req), httpOnly: true, maxAge: maxAgeMs });
  setCsrfCookie(req, res, csrfToken);
}

/** Readable by the page so it can echo it in X-CSRF-Token (double submit before sign-in; bound to the session after). */
export function setCsrfCookie(req: Request, res: Response, csrfToken: string) {
  res.cookie(CSRF_COOKIE, csrfToken, { ...base(req), httpOnly: false });
}

export function clearSessionCookie(req: Request, res: Response) {
  res.clearCookie(SESSION_COOKIE, { ...base(req), httpOnly: true });
}
