import { vi } from 'vitest';

type Handler = (request: Request) => Response | Promise<Response>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  details?: { field: string; message: string }[],
): Response {
  return jsonResponse(status, {
    statusCode: status,
    code,
    message,
    correlationId: 'test-correlation-id',
    details,
  });
}

/**
 * Replaces the global fetch with one that answers from `routes` ("GET /api/auth/session": handler).
 * Unknown routes answer 404. Every request is recorded.
 */
export function stubFetch(routes: Record<string, Handler | Response>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.clone().text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    requests.push({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      body,
    });
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return apiError(404, 'NOT_FOUND', `No stub for ${request.method} ${url.pathname}`);
    return typeof route === 'function' ? route(request) : route.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests };
}

export const demoUser = {
  id: 'u-1',
  email: 'alex@example.org',
  displayName: 'Alex Example',
  isDemo: false,
};

export function grant(
  role: 'learner' | 'lnd_admin' | 'researcher' | 'platform_admin',
  extra: { trustId?: string; trustName?: string; studyId?: string; studyName?: string } = {},
) {
  return {
    id: `g-${role}-${extra.trustId ?? extra.studyId ?? 'all'}`,
    role,
    trustId: extra.trustId ?? null,
    trustName: extra.trustName ?? null,
    studyId: extra.studyId ?? null,
    studyName: extra.studyName ?? null,
  };
}
