import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommitMetadata } from 'scorm-again';
import {
  CommitQueue,
  backoffDelay,
  parseRetryAfter,
  storageKey,
  type CommitQueueOptions,
  type QueueStatus,
  type StorageLike,
} from './commit-queue';

const TOKEN = 'tok-1';
const URL_ = '/runtime/tok-1/commits';

interface SentBody {
  seq: number;
  terminate: boolean;
  cmi: Record<string, string>;
}

interface Call {
  url: string;
  init: RequestInit;
  body: SentBody;
  respond(result: Response | Error): void;
}

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

const ack = (seq: number) => response(200, { result: true, errorCode: 0, seq });

/** A fetch whose requests stay open until the test answers them. */
function fakeFetch() {
  const calls: Call[] = [];
  const fetch = vi.fn(
    (url: string, init: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        calls.push({
          url,
          init,
          body: JSON.parse(String(init.body)) as SentBody,
          respond: (result) => (result instanceof Error ? reject(result) : resolve(result)),
        });
      }),
  );
  return { fetch, calls };
}

class MapStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  stored(token = TOKEN): SentBody | null {
    const text = this.map.get(storageKey(token));
    return text ? (JSON.parse(text) as SentBody) : null;
  }
}

/** Lets awaited promises (fetch answers, response bodies) run. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

function setup(overrides: Partial<CommitQueueOptions> = {}) {
  const { fetch, calls } = fakeFetch();
  const storage = new MapStorage();
  const statuses: QueueStatus[] = [];
  const delays: number[] = [];
  const sendBeacon = vi.fn((_url: string, _data: Blob) => true);
  const onRejected = vi.fn();
  const options: CommitQueueOptions = {
    token: TOKEN,
    lastSeq: 4,
    fetch,
    sendBeacon,
    storage,
    setTimeout: (callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => 0.5,
    now: () => Date.parse('2026-03-02T10:00:00Z'),
    onStatus: (status) => statuses.push(status),
    onRejected,
    ...overrides,
  };
  const queue = new CommitQueue(options);
  const commit = (cmi: Record<string, unknown>, terminate = false) =>
    queue.processHttpRequest(
      '/ignored',
      cmi,
      terminate,
      () => {},
      () => {},
      { isTerminateCommit: terminate, trigger: terminate ? 'terminate' : 'manual' } satisfies CommitMetadata,
    );
  return { queue, commit, fetch, calls, storage, statuses, delays, sendBeacon, onRejected };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CommitQueue', () => {
  it('accepts every commit at once and sends them in order, one request at a time, with rising seq', async () => {
    const { commit, calls, storage, statuses } = setup();

    expect(commit({ 'cmi.core.lesson_location': 'p1' })).toEqual({ result: true, errorCode: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(URL_);
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('Content-Type')).toBe('application/json');
    expect(calls[0]!.init.keepalive).toBe(true);
    expect(calls[0]!.body).toEqual({ seq: 5, terminate: false, cmi: { 'cmi.core.lesson_location': 'p1' } });
    expect(storage.stored()?.seq).toBe(5);

    commit({ 'cmi.core.lesson_location': 'p2' });
    expect(calls).toHaveLength(1); // the first is still in flight

    calls[0]!.respond(ack(5));
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual({ seq: 6, terminate: false, cmi: { 'cmi.core.lesson_location': 'p2' } });
    expect(storage.stored()?.seq).toBe(6); // 6 is not acknowledged yet

    calls[1]!.respond(ack(6));
    await settle();
    expect(calls).toHaveLength(2);
    expect(storage.stored()).toBeNull();
    expect(statuses).toEqual(['saving', 'saved']);
  });

  it('sends only the newest of several snapshots queued behind a request', async () => {
    const { commit, calls, storage } = setup();
    commit({ 'cmi.suspend_data': 'a' });
    commit({ 'cmi.suspend_data': 'b' });
    commit({ 'cmi.suspend_data': 'c' });
    expect(storage.stored()).toMatchObject({ seq: 7, cmi: { 'cmi.suspend_data': 'c' } });

    calls[0]!.respond(ack(5));
    await settle();
    expect(calls.map((c) => c.body.seq)).toEqual([5, 7]);
    expect(calls[1]!.body.cmi).toEqual({ 'cmi.suspend_data': 'c' });
  });

  it('sends string values only (scorm-again renders empty collections as {})', () => {
    const { commit, calls } = setup();
    commit({ 'cmi.core.score.raw': 80, 'cmi.interactions.0.objectives': {}, 'cmi.core.exit': '' });
    expect(calls[0]!.body.cmi).toEqual({ 'cmi.core.score.raw': '80', 'cmi.core.exit': '' });
  });

  it('retries network failures with growing delays and sends the newest snapshot when it does', async () => {
    const { commit, calls, delays, statuses, storage } = setup();
    commit({ 'cmi.suspend_data': 'first' });
    calls[0]!.respond(new TypeError('Failed to fetch'));
    await settle();
    expect(delays).toEqual([1000]);
    expect(statuses).toEqual(['saving', 'offline']);

    // A newer snapshot arrives while waiting: it is what the retry sends.
    commit({ 'cmi.suspend_data': 'second' });
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual({ seq: 6, terminate: false, cmi: { 'cmi.suspend_data': 'second' } });

    for (let i = 1; i <= 6; i += 1) {
      calls[i]!.respond(new TypeError('Failed to fetch'));
      await settle();
      await vi.advanceTimersByTimeAsync(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(calls.slice(1).every((c) => c.body.seq === 6)).toBe(true);
    expect(storage.stored()?.seq).toBe(6);

    calls[7]!.respond(ack(6));
    await settle();
    expect(statuses).toEqual(['saving', 'offline', 'saved']);
    expect(storage.stored()).toBeNull();

    // Backoff starts again after a success.
    commit({ 'cmi.suspend_data': 'third' });
    calls[8]!.respond(response(503));
    await settle();
    expect(delays.at(-1)).toBe(1000);
  });

  it('retries 408, 429 and 5xx, honouring Retry-After seconds', async () => {
    const { commit, calls, delays } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    calls[0]!.respond(response(429, { message: 'slow down' }, { 'Retry-After': '7' }));
    await settle();
    expect(delays).toEqual([7000]);
    await vi.advanceTimersByTimeAsync(7000);
    calls[1]!.respond(response(408));
    await settle();
    await vi.advanceTimersByTimeAsync(2000);
    calls[2]!.respond(response(502));
    await settle();
    expect(delays).toEqual([7000, 2000, 4000]);
    expect(calls).toHaveLength(3);
  });

  it('drops a stale commit (409) without retrying', async () => {
    const { commit, calls, statuses, storage } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    commit({ 'cmi.suspend_data': 'x' });
    calls[0]!.respond(response(409, { result: false, code: 'STALE_COMMIT', message: 'newer commit stored' }));
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(storage.stored()).toBeNull();
    expect(statuses).toEqual(['saving', 'saved']);
    expect(warn).toHaveBeenCalled();
  });

  it('drops invalid data (422) without retrying, reports "rejected" and goes on with newer commits', async () => {
    const { commit, calls, statuses, storage, onRejected } = setup();
    commit({ 'cmi.core.lesson_status': 'bogus' });
    commit({ 'cmi.core.lesson_status': 'bogus', 'cmi.suspend_data': 'later' });
    const errors = [{ element: 'cmi.core.lesson_status', message: 'not a vocabulary value' }];
    calls[0]!.respond(
      response(422, { result: false, code: 'INVALID_CMI', errorCode: 405, message: 'Invalid data', errors }),
    );
    await settle();
    expect(onRejected).toHaveBeenCalledWith({
      seq: 5,
      status: 422,
      code: 'INVALID_CMI',
      errorCode: 405,
      message: 'Invalid data',
      errors,
    });
    expect(statuses).toEqual(['saving', 'rejected']);
    expect(calls.map((c) => c.body.seq)).toEqual([5, 6]); // the newer snapshot is still sent

    calls[1]!.respond(response(422, { result: false, code: 'INVALID_CMI', errorCode: 405, errors }));
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(2);
    expect(storage.stored()).toBeNull();
  });

  it('logs rejected data with console.warn by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { commit, calls } = setup({ onRejected: undefined });
    commit({ 'cmi.core.lesson_status': 'bogus' });
    calls[0]!.respond(response(422, { result: false, code: 'INVALID_CMI', errorCode: 405, errors: [] }));
    await settle();
    expect(warn).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ status: 422, seq: 5 }));
  });

  it('stops sending once the server says the session has ended (391)', async () => {
    const { commit, calls, statuses, storage, queue, sendBeacon } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    commit({ 'cmi.suspend_data': 'y' });
    calls[0]!.respond(response(200, { result: false, errorCode: 391, message: 'Session ended' }));
    await settle();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(statuses).toEqual(['saving', 'ended']);
    expect(storage.stored()).toBeNull();

    expect(commit({ 'cmi.suspend_data': 'z' })).toEqual({ result: true, errorCode: 0 });
    queue.flush();
    await settle();
    expect(calls).toHaveLength(1);
    expect(sendBeacon).not.toHaveBeenCalled();
    expect(storage.stored()).toBeNull();
  });

  it('keeps the pending commit in storage and stops sending when the launch has expired (401)', async () => {
    const { commit, calls, statuses, storage } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    calls[0]!.respond(response(401, { code: 'LAUNCH_EXPIRED', message: 'Launch expired' }));
    await settle();
    expect(statuses).toEqual(['saving', 'expired']);
    expect(storage.stored()).toMatchObject({ seq: 5, cmi: { 'cmi.suspend_data': 'x' } });

    // Later work is still kept in this browser, but not sent.
    commit({ 'cmi.suspend_data': 'y' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(storage.stored()).toMatchObject({ seq: 6, cmi: { 'cmi.suspend_data': 'y' } });
    expect(statuses).toEqual(['saving', 'expired']);
  });

  it('flush() hands the pending commit to sendBeacon as text/plain JSON and keeps it stored', async () => {
    const { commit, calls, queue, sendBeacon, storage } = setup();
    queue.flush();
    expect(sendBeacon).not.toHaveBeenCalled(); // nothing pending
    queue.resume();

    commit({ 'cmi.suspend_data': 'x' });
    commit({ 'cmi.suspend_data': 'y' });
    expect(sendBeacon).not.toHaveBeenCalled();
    queue.flush();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, blob] = sendBeacon.mock.calls[0]!;
    expect(url).toBe(URL_);
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe('text/plain');
    expect(JSON.parse(await blob.text())).toEqual({
      seq: 6,
      terminate: false,
      cmi: { 'cmi.suspend_data': 'y' },
    });
    expect(storage.stored()?.seq).toBe(6);

    // pagehide right after visibilitychange: the same commit is not beaconed twice.
    queue.flush();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(1);
  });

  it('while the page is hidden, commits that cannot be sent at once are beaconed', async () => {
    const { commit, calls, queue, sendBeacon } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    queue.flush(); // seq 5 is in flight, but its answer may never be read
    expect(sendBeacon).toHaveBeenCalledTimes(1);

    // The SCO's unload handler commits while seq 5 is still in flight.
    commit({ 'cmi.suspend_data': 'y' });
    expect(sendBeacon).toHaveBeenCalledTimes(2);
    expect(JSON.parse(await sendBeacon.mock.calls[1]![1].text())).toMatchObject({ seq: 6 });

    // Shown again: back to one request at a time.
    queue.resume();
    commit({ 'cmi.suspend_data': 'z' });
    expect(sendBeacon).toHaveBeenCalledTimes(2);
    calls[0]!.respond(ack(5));
    await settle();
    expect(calls.map((c) => c.body.seq)).toEqual([5, 7]);
  });

  it('beacons a terminate commit at once when a request is already in flight', async () => {
    const { commit, calls, sendBeacon } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    commit({ 'cmi.suspend_data': 'y' }, true);
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    expect(JSON.parse(await sendBeacon.mock.calls[0]![1].text())).toMatchObject({ seq: 6, terminate: true });
    // It is still sent (and its answer read) in turn.
    calls[0]!.respond(ack(5));
    await settle();
    expect(calls[1]!.body).toMatchObject({ seq: 6, terminate: true });
  });

  it('flush() falls back to a keepalive fetch when sendBeacon refuses', () => {
    const { commit, calls, queue, sendBeacon } = setup();
    sendBeacon.mockReturnValue(false);
    commit({ 'cmi.suspend_data': 'x' });
    commit({ 'cmi.suspend_data': 'y' });
    queue.flush();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.init.keepalive).toBe(true);
    expect(calls[1]!.body.seq).toBe(6);
  });

  it('does not use keepalive for bodies of 60 000 bytes or more', () => {
    const { commit, calls } = setup();
    commit({ 'cmi.suspend_data': 'x'.repeat(60_000) });
    expect(calls[0]!.init.keepalive).toBe(false);
  });

  it('re-sends a commit left in storage by an earlier page first and exposes its data', async () => {
    const storage = new MapStorage();
    const leftover = { seq: 9, terminate: false, cmi: { 'cmi.suspend_data': 'from last time' }, savedAt: 1 };
    storage.setItem(storageKey(TOKEN), JSON.stringify(leftover));
    storage.setItem(storageKey('other'), JSON.stringify({ ...leftover, seq: 99 }));
    const { queue, calls, commit, statuses } = setup({ storage, lastSeq: 7 });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      seq: 9,
      terminate: false,
      cmi: { 'cmi.suspend_data': 'from last time' },
    });
    expect(queue.recoveredCmi()).toEqual({ 'cmi.suspend_data': 'from last time' });
    expect(queue.recoveredTerminate()).toBe(false);
    expect(statuses).toEqual(['saving']);

    commit({ 'cmi.suspend_data': 'now' });
    calls[0]!.respond(ack(9));
    await settle();
    expect(calls[1]!.body.seq).toBe(10);
    calls[1]!.respond(ack(10));
    await settle();
    expect(storage.stored()).toBeNull();
    expect(storage.stored('other')?.seq).toBe(99); // another launch's commit is left alone
  });

  it('forgets a stored commit the server already has', () => {
    const storage = new MapStorage();
    storage.setItem(storageKey(TOKEN), JSON.stringify({ seq: 7, terminate: false, cmi: {} }));
    const { queue, calls } = setup({ storage, lastSeq: 7 });
    expect(calls).toHaveLength(0);
    expect(queue.recoveredCmi()).toBeNull();
    expect(storage.stored()).toBeNull();
  });

  it('ignores unreadable stored data', () => {
    const storage = new MapStorage();
    storage.setItem(storageKey(TOKEN), '{"seq":"nine"');
    const { queue, calls } = setup({ storage });
    expect(calls).toHaveLength(0);
    expect(queue.recoveredCmi()).toBeNull();
  });

  it('keeps a terminate commit a terminate when a newer snapshot supersedes it', async () => {
    const { commit, calls, storage } = setup();
    commit({ 'cmi.suspend_data': 'a' });
    commit({ 'cmi.suspend_data': 'b' }, true);
    commit({ 'cmi.suspend_data': 'c' }, false);
    expect(storage.stored()).toMatchObject({ seq: 7, terminate: true });

    calls[0]!.respond(new TypeError('Failed to fetch'));
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls[1]!.body).toEqual({ seq: 7, terminate: true, cmi: { 'cmi.suspend_data': 'c' } });

    // Once the terminate commit is acknowledged, the session is over: nothing more is sent.
    calls[1]!.respond(ack(7));
    await settle();
    commit({ 'cmi.suspend_data': 'd' });
    await settle();
    expect(calls).toHaveLength(2);
    expect(storage.stored()).toBeNull();
  });

  it('keeps sending when storage throws', async () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const { commit, calls, statuses } = setup({ storage: throwing });
    commit({ 'cmi.suspend_data': 'x' });
    calls[0]!.respond(ack(5));
    await settle();
    expect(statuses).toEqual(['saving', 'saved']);
  });

  it('retryNow() skips the wait after a failure', async () => {
    const { commit, calls, queue } = setup();
    commit({ 'cmi.suspend_data': 'x' });
    calls[0]!.respond(new TypeError('Failed to fetch'));
    await settle();
    queue.retryNow();
    expect(calls).toHaveLength(2);
  });

  it('whenIdle() resolves once the server holds every commit', async () => {
    const { commit, calls, queue } = setup();
    let idle = false;
    commit({ 'cmi.suspend_data': 'x' }, true);
    void queue.whenIdle(3000).then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    calls[0]!.respond(ack(5));
    await settle();
    expect(idle).toBe(true);
  });

  it('whenIdle() gives up after its timeout', async () => {
    const { commit, queue } = setup();
    let idle = false;
    commit({ 'cmi.suspend_data': 'x' });
    void queue.whenIdle(3000).then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(2999);
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(idle).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s up to 30 s with ±20% jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(1, () => 0)).toBe(800);
    expect(backoffDelay(1, () => 0.999999)).toBe(1200);
    expect(backoffDelay(6, () => 0.999999)).toBe(30000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
