import { describe, expect, it, vi } from 'vitest';
import {
  isLaunchState,
  loadLaunchState,
  normaliseOrigin,
  parsePlayerToken,
  sameOriginLaunchUrl,
  type LaunchState,
} from './launch';

const state: LaunchState = {
  scormVersion: '2004',
  title: 'Cultural intelligence: module 1',
  launchUrl: '/content/tok/shared/launchpage.html?x=1',
  cmi: { 'cmi.learner_id': 'u-1', 'cmi.entry': 'ab-initio' },
  lastSeq: 0,
  terminated: false,
  appOrigin: 'https://app.example.nhs.uk',
};

function response(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: new Headers(headers),
    json: async () => {
      if (body === undefined) throw new SyntaxError('Unexpected end of JSON input');
      return body;
    },
  } as unknown as Response;
}

describe('parsePlayerToken', () => {
  it('reads the token from /player/{token}', () => {
    expect(parsePlayerToken('/player/Ab3_x-9.z')).toBe('Ab3_x-9.z');
    expect(parsePlayerToken('/player/abc/')).toBe('abc');
  });

  it('refuses paths without a single token segment', () => {
    expect(parsePlayerToken('/player/')).toBeNull();
    expect(parsePlayerToken('/player')).toBeNull();
    expect(parsePlayerToken('/player/a/b')).toBeNull();
    expect(parsePlayerToken('/players/abc')).toBeNull();
    expect(parsePlayerToken('/x/player/abc')).toBeNull();
    expect(parsePlayerToken('/player/..')).toBeNull();
    expect(parsePlayerToken('/player/a%2Fb')).toBeNull();
  });
});

describe('launch state checks', () => {
  it('accepts a well-formed state and rejects a malformed one', () => {
    expect(isLaunchState(state)).toBe(true);
    expect(isLaunchState({ ...state, scormVersion: '1.3' })).toBe(false);
    expect(isLaunchState({ ...state, cmi: { 'cmi.score.raw': 80 } })).toBe(false);
    expect(isLaunchState({ ...state, lastSeq: -1 })).toBe(false);
  });

  it('only launches content on the same origin', () => {
    const origin = 'https://content.example.nhs.uk';
    expect(sameOriginLaunchUrl('/content/t/a.html?x=1#p', origin)).toBe('/content/t/a.html?x=1#p');
    expect(sameOriginLaunchUrl('//evil.example/a.html', origin)).toBeNull();
    expect(sameOriginLaunchUrl('https://evil.example/a.html', origin)).toBeNull();
    expect(sameOriginLaunchUrl('javascript:alert(1)', origin)).toBeNull();
  });

  it('normalises the app origin', () => {
    expect(normaliseOrigin('https://app.example.nhs.uk/')).toBe('https://app.example.nhs.uk');
    expect(normaliseOrigin('*')).toBeNull();
    expect(normaliseOrigin('javascript:alert(1)')).toBeNull();
  });
});

describe('loadLaunchState', () => {
  it('returns the state', async () => {
    const fetch = vi.fn(async () => response(200, state));
    await expect(loadLaunchState('tok', { fetch })).resolves.toEqual({ ok: true, state });
    expect(fetch).toHaveBeenCalledWith('/runtime/tok', expect.objectContaining({ method: 'GET' }));
  });

  it("returns the server's message for an expired or unknown launch", async () => {
    const expired = vi.fn(async () =>
      response(401, { code: 'LAUNCH_EXPIRED', message: 'This launch link has expired.' }),
    );
    await expect(loadLaunchState('tok', { fetch: expired })).resolves.toEqual({
      ok: false,
      status: 401,
      code: 'LAUNCH_EXPIRED',
      message: 'This launch link has expired.',
    });
    const missing = vi.fn(async () => response(404));
    const result = await loadLaunchState('tok', { fetch: missing });
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.ok === false && result.message).toMatch(/not valid/);
  });

  it('retries network failures and server errors with backoff until the server answers', async () => {
    const fetch = vi
      .fn<(url: string, init: RequestInit) => Promise<Response>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(response(503))
      .mockResolvedValueOnce(response(503, undefined, { 'Retry-After': '3' }))
      .mockResolvedValueOnce(response(200, state));
    const waits: number[] = [];
    const onRetry = vi.fn();
    const result = await loadLaunchState('tok', {
      fetch,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
      onRetry,
    });
    expect(result).toEqual({ ok: true, state });
    expect(waits).toEqual([1000, 2000, 3000]);
    expect(onRetry).toHaveBeenCalledTimes(3);
  });
});
