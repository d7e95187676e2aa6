import type { CommitMetadata, IHttpService, ResultObject } from 'scorm-again';
import { isFlatCmi, toFlatCmi, type FlatCmi } from './cmi';

/**
 * What the queue tells the player (and, through it, the app that frames the player):
 * - `saving`: a commit is waiting for the server;
 * - `saved`: the server holds everything the module has committed;
 * - `offline`: the server cannot be reached; commits are kept in this browser and retried;
 * - `rejected`: the server refused a commit's data (it was dropped; later commits are still sent);
 * - `expired`: the launch is no longer authorised; nothing more is sent, the pending commit stays stored;
 * - `ended`: the launch's session had already ended; nothing more is sent.
 */
export type QueueStatus = 'saving' | 'saved' | 'offline' | 'rejected' | 'expired' | 'ended';

/** One commit: a full snapshot of the run-time data, so a newer one replaces an older unsent one. */
export interface PendingCommit {
  seq: number;
  terminate: boolean;
  cmi: FlatCmi;
}

/** What a 422 (or another refusal) said about the data. */
export interface Rejection {
  seq: number;
  status: number;
  code?: string;
  errorCode?: number;
  message?: string;
  errors?: { element: string; message: string }[];
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface CommitQueueOptions {
  /** The launch token (keys the stored pending commit). */
  token: string;
  /** The highest commit sequence the server has accepted for this launch (0 if none). */
  lastSeq: number;
  /** Defaults to `/runtime/{token}/commits`. */
  commitUrl?: string;
  fetch?: FetchLike;
  /** `navigator.sendBeacon`, or null where there is none. */
  sendBeacon?: ((url: string, data: Blob) => boolean) | null;
  /** `localStorage`, or null where storage is unavailable. */
  storage?: StorageLike | null;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  now?: () => number;
  onStatus?: (status: QueueStatus) => void;
  /** Called when the server refuses a commit's data; the default logs it with console.warn. */
  onRejected?: (rejection: Rejection) => void;
}

/** Bodies under this size are sent with `keepalive` (browsers allow 64 KiB in flight). */
export const KEEPALIVE_LIMIT = 60_000;
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** An upper bound on a server's Retry-After, so a bad header cannot stall saving for hours. */
const RETRY_AFTER_MAX_MS = 600_000;
const ERROR_SESSION_ENDED = 391;

export function storageKey(token: string): string {
  return `cqp-pending-${token}`;
}

/**
 * Delay before retry number `attempt` (1-based): 1 s, 2 s, 4 s … up to 30 s, each scaled by a jitter
 * factor between 0.8 and 1.2 (`random() = 0.5` gives the plain value). The result never exceeds 30 s.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(RETRY_MAX_MS, jittered));
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}

type Outcome =
  | { kind: 'ack' }
  | { kind: 'stale'; message?: string }
  | { kind: 'rejected'; rejection: Rejection }
  | { kind: 'ended' }
  | { kind: 'expired' }
  | { kind: 'retry'; retryAfterMs: number | null };

interface ResponseBody {
  result?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  errors?: unknown;
}

async function readBody(response: Response): Promise<ResponseBody> {
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === 'object' ? (body as ResponseBody) : {};
  } catch {
    return {};
  }
}

function rejectionFrom(seq: number, status: number, body: ResponseBody): Rejection {
  const rejection: Rejection = { seq, status };
  if (typeof body.code === 'string') rejection.code = body.code;
  if (typeof body.errorCode === 'number') rejection.errorCode = body.errorCode;
  if (typeof body.message === 'string') rejection.message = body.message;
  if (Array.isArray(body.errors)) {
    rejection.errors = body.errors
      .filter((e): e is { element: unknown; message: unknown } => e !== null && typeof e === 'object')
      .map((e) => ({ element: String(e.element), message: String(e.message) }));
  }
  return rejection;
}

function byteLength(text: string): number {
  return new Blob([text]).size;
}

function isStoredCommit(value: unknown): value is PendingCommit {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<PendingCommit>;
  return (
    typeof v.seq === 'number' &&
    Number.isInteger(v.seq) &&
    v.seq > 0 &&
    typeof v.terminate === 'boolean' &&
    isFlatCmi(v.cmi)
  );
}

const ACCEPTED: ResultObject = { result: true, errorCode: 0 };

/**
 * scorm-again's HTTP service for the player. Every commit is accepted at once (the SCO never waits on the
 * network), numbered, kept as the pending snapshot in localStorage, and sent to the run-time API one
 * request at a time, newest snapshot first, retrying for as long as the page lives.
 */
export class CommitQueue implements IHttpService {
  private readonly url: string;
  private readonly key: string;
  private readonly fetchFn: FetchLike;
  private readonly sendBeaconFn: ((url: string, data: Blob) => boolean) | null;
  private readonly storage: StorageLike | null;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onStatus: (status: QueueStatus) => void;
  private readonly onRejected: (rejection: Rejection) => void;

  /** Highest sequence handed out. */
  private lastSeq: number;
  /** Highest sequence the server has acknowledged (or that was dropped and must not be sent again). */
  private ackedSeq: number;
  /** The newest snapshot the server has not acknowledged. */
  private pending: PendingCommit | null = null;
  private inFlight: PendingCommit | null = null;
  private retryTimer: unknown = null;
  private attempt = 0;
  private beaconedSeq = 0;
  /** Set by flush() until resume(): the page is hidden and may be unloading. */
  private hidden = false;
  /** Set once the server said the launch expired or its session ended: nothing more is sent. */
  private stopped: 'expired' | 'ended' | null = null;
  /** Set once a terminate commit was acknowledged: the session is over. */
  private finished = false;
  private current: QueueStatus | null = null;
  private readonly recovered: PendingCommit | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(options: CommitQueueOptions) {
    this.url = options.commitUrl ?? `/runtime/${encodeURIComponent(options.token)}/commits`;
    this.key = storageKey(options.token);
    this.fetchFn = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.sendBeaconFn =
      options.sendBeacon !== undefined
        ? options.sendBeacon
        : typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
          ? (url, data) => navigator.sendBeacon(url, data)
          : null;
    this.storage = options.storage !== undefined ? options.storage : defaultStorage();
    this.setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimeout ??
      ((handle) => globalThis.clearTimeout(handle as Parameters<typeof clearTimeout>[0]));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.onStatus = options.onStatus ?? (() => {});
    this.onRejected =
      options.onRejected ??
      ((rejection) => console.warn('CQ Pathway could not save data the module sent:', rejection));

    this.lastSeq = options.lastSeq;
    this.ackedSeq = options.lastSeq;

    const leftover = this.readStored();
    if (leftover && leftover.seq > options.lastSeq) {
      // A commit a previous page load could not confirm: send it before anything new.
      this.recovered = leftover;
      this.pending = leftover;
      this.lastSeq = leftover.seq;
      this.setStatus('saving');
      this.pump();
    } else if (leftover) {
      this.removeStored();
    }
  }

  /** scorm-again settles its own bookkeeping when this returns: commits never hold up the SCO. */
  processHttpRequest(
    _url: string,
    params: unknown,
    immediate: boolean,
    _apiLog: unknown,
    _processListeners: unknown,
    metadata?: CommitMetadata,
  ): ResultObject {
    if (this.stopped === 'ended' || this.finished) return ACCEPTED;
    const terminate = (metadata?.isTerminateCommit ?? immediate) || this.pending?.terminate === true;
    const commit: PendingCommit = { seq: ++this.lastSeq, terminate, cmi: toFlatCmi(params) };
    this.pending = commit;
    this.writeStored(commit);
    if (this.stopped === 'expired') return ACCEPTED;
    if (this.current !== 'offline') this.setStatus('saving');
    this.pump();
    // A commit that cannot go out now (a request is in flight, or a retry is waiting) is handed to the
    // browser at once if it is the last one (terminate) or the page is going away: SCOs commit and
    // terminate from their unload handlers, and nothing may run after that.
    if ((terminate || this.hidden) && this.inFlight !== commit) this.beacon();
    return ACCEPTED;
  }

  updateSettings(): void {
    // The queue takes nothing from scorm-again's settings.
  }

  /** The learner's data from a commit a previous page load left unconfirmed, if any. */
  recoveredCmi(): FlatCmi | null {
    return this.recovered ? { ...this.recovered.cmi } : null;
  }

  /** Whether the unconfirmed commit from a previous page load was the SCO's terminate commit. */
  recoveredTerminate(): boolean {
    return this.recovered?.terminate === true;
  }

  get status(): QueueStatus | null {
    return this.current;
  }

  /**
   * For `pagehide` and `visibilitychange` → hidden: hand the newest unacknowledged commit to the browser
   * with sendBeacon (or a keepalive fetch). Its answer cannot be read, so the commit stays in storage; the
   * next page load sends it again and the server treats a repeat of an applied sequence as success.
   */
  flush(): void {
    this.hidden = true;
    this.beacon();
  }

  private beacon(): void {
    if (this.stopped !== null || this.finished) return;
    const commit = this.pending;
    if (!commit || commit.seq <= this.ackedSeq || commit.seq === this.beaconedSeq) return;
    const json = this.body(commit);
    let queued = false;
    if (this.sendBeaconFn) {
      try {
        queued = this.sendBeaconFn(this.url, new Blob([json], { type: 'text/plain' }));
      } catch {
        queued = false;
      }
    }
    if (!queued) {
      this.fetchFn(this.url, this.requestInit(json)).catch(() => {});
    }
    this.beaconedSeq = commit.seq;
  }

  /** The page is shown again (`visibilitychange` → visible, `pageshow`): commits go through the queue only. */
  resume(): void {
    this.hidden = false;
  }

  /** Skips the wait before the next retry (for the window's `online` event). */
  retryNow(): void {
    if (this.retryTimer === null) return;
    this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.pump();
  }

  /**
   * Resolves once the server holds every commit, or the queue stopped or went offline, or after
   * `timeoutMs`, whichever comes first.
   */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.idleWaiters = this.idleWaiters.filter((w) => w !== finish);
        resolve();
      };
      this.idleWaiters.push(finish);
      this.setTimer(finish, timeoutMs);
    });
  }

  private isIdle(): boolean {
    return (
      this.stopped !== null ||
      this.finished ||
      this.current === 'offline' ||
      this.pending === null ||
      this.pending.seq <= this.ackedSeq
    );
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const waiter of [...this.idleWaiters]) waiter();
  }

  private setStatus(status: QueueStatus): void {
    if (this.current === status) return;
    this.current = status;
    this.onStatus(status);
  }

  private pump(): void {
    if (this.stopped !== null || this.finished || this.inFlight !== null || this.retryTimer !== null) return;
    const commit = this.pending;
    if (!commit || commit.seq <= this.ackedSeq) return;
    this.inFlight = commit;
    void this.send(commit).then((outcome) => {
      this.inFlight = null;
      this.handle(commit, outcome);
    });
  }

  private body(commit: PendingCommit): string {
    return JSON.stringify({ seq: commit.seq, terminate: commit.terminate, cmi: commit.cmi });
  }

  private requestInit(json: string): RequestInit {
    return {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: json,
      credentials: 'same-origin',
      cache: 'no-store',
      keepalive: byteLength(json) < KEEPALIVE_LIMIT,
    };
  }

  private async send(commit: PendingCommit): Promise<Outcome> {
    let response: Response;
    try {
      response = await this.fetchFn(this.url, this.requestInit(this.body(commit)));
    } catch {
      return { kind: 'retry', retryAfterMs: null };
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      const body = await readBody(response);
      if (body.result === false || body.result === 'false') {
        if (body.errorCode === ERROR_SESSION_ENDED) return { kind: 'ended' };
        return { kind: 'rejected', rejection: rejectionFrom(commit.seq, status, body) };
      }
      return { kind: 'ack' };
    }
    if (status === 408 || status === 429 || status >= 500) {
      return {
        kind: 'retry',
        retryAfterMs: parseRetryAfter(response.headers.get('Retry-After'), this.now()),
      };
    }
    const body = await readBody(response);
    if (status === 401 || status === 403 || status === 404 || status === 410) return { kind: 'expired' };
    if (status === 409)
      return { kind: 'stale', ...(typeof body.message === 'string' && { message: body.message }) };
    return { kind: 'rejected', rejection: rejectionFrom(commit.seq, status, body) };
  }

  private handle(commit: PendingCommit, outcome: Outcome): void {
    if (outcome.kind !== 'retry') this.attempt = 0;
    switch (outcome.kind) {
      case 'ack':
        if (commit.terminate) {
          this.finished = true;
          this.pending = null;
          this.removeStored();
          this.setStatus('saved');
        } else {
          this.settle(commit, 'saved');
        }
        break;
      case 'stale':
        // The server already holds a newer commit for this launch: this one is obsolete.
        console.warn(`CQ Pathway ignored an out-of-date save (${commit.seq}).`, outcome.message ?? '');
        this.settle(commit, 'saved');
        break;
      case 'rejected':
        this.onRejected(outcome.rejection);
        this.settle(commit, 'rejected');
        break;
      case 'ended':
        this.stopped = 'ended';
        this.pending = null;
        this.removeStored();
        this.setStatus('ended');
        break;
      case 'expired':
        // Keep the pending commit (already stored): the learner's latest work stays in this browser.
        this.stopped = 'expired';
        this.setStatus('expired');
        break;
      case 'retry': {
        this.attempt += 1;
        const delay = outcome.retryAfterMs ?? backoffDelay(this.attempt, this.random);
        this.setStatus('offline');
        this.retryTimer = this.setTimer(() => {
          this.retryTimer = null;
          this.pump();
        }, delay);
        break;
      }
    }
    this.notifyIdle();
  }

  /** The commit is done with (acknowledged or dropped): forget it unless something newer is waiting. */
  private settle(commit: PendingCommit, status: 'saved' | 'rejected'): void {
    this.ackedSeq = Math.max(this.ackedSeq, commit.seq);
    if (!this.pending || this.pending.seq <= this.ackedSeq) {
      this.pending = null;
      this.removeStored();
      this.setStatus(status);
    } else {
      if (status === 'rejected') this.setStatus('rejected');
      else this.setStatus('saving');
      this.pump();
    }
  }

  private readStored(): PendingCommit | null {
    try {
      const text = this.storage?.getItem(this.key);
      if (!text) return null;
      const value: unknown = JSON.parse(text);
      return isStoredCommit(value) ? { seq: value.seq, terminate: value.terminate, cmi: value.cmi } : null;
    } catch {
      return null;
    }
  }

  private writeStored(commit: PendingCommit): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ ...commit, savedAt: this.now() }));
    } catch {
      // Storage full or blocked: the commit is still sent, it just would not survive a reload.
    }
  }

  private removeStored(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // Ignore: see writeStored.
    }
  }
}

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
