import { backoffDelay, parseRetryAfter, type FetchLike } from './commit-queue';
import type { FlatCmi, ScormVersion } from './cmi';

/** What `GET /runtime/{token}` returns. */
export interface LaunchState {
  scormVersion: ScormVersion;
  /** The SCO's title: the iframe's title and part of the document title. */
  title: string;
  /** Path on the content origin, e.g. `/content/{token}/shared/launchpage.html?x=1`. */
  launchUrl: string;
  /** Flat element → value, including the LMS-owned values. */
  cmi: FlatCmi;
  /** Highest commit sequence the server has accepted for this launch (0 if none). */
  lastSeq: number;
  /** The launch's session already ended. */
  terminated: boolean;
  /** Origin of the web app that frames the player. */
  appOrigin: string;
}

export type LaunchResult =
  { ok: true; state: LaunchState } | { ok: false; status: number; code?: string; message: string };

const TOKEN_PATH = /^\/player\/([A-Za-z0-9._~-]+)\/?$/;

/** The launch token from the player page's path (`/player/{token}`), or null when the path has none. */
export function parsePlayerToken(pathname: string): string | null {
  const match = TOKEN_PATH.exec(pathname);
  if (!match) return null;
  const token = match[1];
  return token === '.' || token === '..' ? null : token;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isLaunchState(value: unknown): value is LaunchState {
  if (!isRecord(value)) return false;
  return (
    (value.scormVersion === '1.2' || value.scormVersion === '2004') &&
    typeof value.title === 'string' &&
    typeof value.launchUrl === 'string' &&
    isRecord(value.cmi) &&
    Object.values(value.cmi).every((v) => typeof v === 'string') &&
    typeof value.lastSeq === 'number' &&
    Number.isInteger(value.lastSeq) &&
    value.lastSeq >= 0 &&
    typeof value.terminated === 'boolean' &&
    typeof value.appOrigin === 'string'
  );
}

/**
 * The launch URL as a same-origin URL, or null when it points anywhere else (the SCO must run on the
 * content origin to find the API in this page).
 */
export function sameOriginLaunchUrl(launchUrl: string, origin: string): string | null {
  if (!launchUrl.startsWith('/') || launchUrl.startsWith('//')) return null;
  try {
    const url = new URL(launchUrl, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The app's origin in canonical form, or null when the value is not an http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface LoadLaunchOptions {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called before each wait when the server cannot be reached (attempt is 1-based). */
  onRetry?: (attempt: number, delayMs: number) => void;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'This module link has expired. Reopen the module from My learning.',
  404: 'This module link is not valid. Reopen the module from My learning.',
};

/**
 * Fetches the launch state. Network failures and 408/429/5xx answers are retried with backoff until the
 * server answers; 401, 404 and other refusals come back as `{ ok: false }` with the server's message.
 */
export async function loadLaunchState(token: string, options: LoadLaunchOptions = {}): Promise<LaunchResult> {
  const fetchFn = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const url = `/runtime/${encodeURIComponent(token)}`;

  for (let attempt = 1; ; attempt += 1) {
    let retryAfterMs: number | null = null;
    try {
      const response = await fetchFn(url, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      if (!retryable) {
        let body: unknown = null;
        try {
          body = await response.json();
        } catch {
          body = null;
        }
        if (response.ok) {
          if (isLaunchState(body)) return { ok: true, state: body };
          return { ok: false, status: response.status, message: 'The module could not be started.' };
        }
        const record = isRecord(body) ? body : {};
        const message =
          typeof record.message === 'string' && record.message.trim() !== ''
            ? record.message
            : (DEFAULT_MESSAGES[response.status] ?? 'The module could not be started.');
        return {
          ok: false,
          status: response.status,
          ...(typeof record.code === 'string' && { code: record.code }),
          message,
        };
      }
      retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now());
    } catch {
      // Network failure: retried below.
    }
    const delay = retryAfterMs ?? backoffDelay(attempt, random);
    options.onRetry?.(attempt, delay);
    await sleep(delay);
  }
}
