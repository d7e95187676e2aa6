import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { errorFromResponse, toApiError } from './errors';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_PATHS = new Set(['/api/auth/session', '/api/auth/sign-in']);

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated request is rejected with 401 (the session has ended). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Adds the CSRF header to every request that can change state. */
export function csrfMiddleware(getToken: () => string | null = getCsrfToken): Middleware {
  return {
    onRequest({ request }) {
      if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
      const token = getToken();
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}

/** Keeps the CSRF token from the latest session or sign-in response. */
export function sessionTokenMiddleware(setToken: (token: string) => void = setCsrfToken): Middleware {
  return {
    async onResponse({ schemaPath, response }) {
      if (!response.ok || !SESSION_PATHS.has(schemaPath)) return undefined;
      try {
        const body: unknown = await response.clone().json();
        if (typeof body === 'object' && body !== null && 'csrfToken' in body) {
          const token = (body as { csrfToken: unknown }).csrfToken;
          if (typeof token === 'string') setToken(token);
        }
      } catch {
        // A body that is not JSON carries no token.
      }
      return undefined;
    },
  };
}

const unauthorizedMiddleware: Middleware = {
  onResponse({ schemaPath, response }) {
    if (response.status === 401 && !schemaPath.startsWith('/api/auth/')) unauthorizedHandler?.();
    return undefined;
  },
};

export function createApiClient(options: { baseUrl?: string } = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    // Looked up on every call so the current global fetch is always used.
    fetch: (request) => globalThis.fetch(request),
  });
  client.use(csrfMiddleware(), sessionTokenMiddleware(), unauthorizedMiddleware);
  return client;
}

export const api = createApiClient();

interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves with the response body of a successful call; rejects with an ApiError otherwise. */
export async function unwrap<T>(call: Promise<ApiResult<T>>): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok) throw errorFromResponse(result.error, result.response);
  return result.data as T;
}

/** Like unwrap, for calls that answer with no content (204). */
export async function expectOk(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  let result: { error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok) throw errorFromResponse(result.error, result.response);
}
