import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../fixtures/browser.js';
import { DEMO_PASSWORD } from '../fixtures/demo.js';
import {
  playerFrame,
  scoFrame,
  scormCall,
  uploadGlobalPackage,
  waiveDemoLearnerPreAssessment,
  zippedFixture,
} from '../fixtures/scorm.js';
import { freePort, startProductServer, type ProductServer } from '../fixtures/server.js';
import { AppShell } from '../pages/AppShell.js';
import { SignInPage } from '../pages/SignInPage.js';

/**
 * Fault tests: this file runs its own product server (not the shared one) so that it can stop, kill and
 * restart it in the middle of a module. What it shows: nothing the server acknowledged is lost, and what the
 * learner did while the API was down is kept in the browser and sent when the API returns.
 */

/** How long the API is down in the middle of the module. */
const OUTAGE_MS = 30_000;
/**
 * How long the player may take to get its queued commits through once the API is back: the commit queue
 * retries with backoff (1, 2, 4 … capped at 30 s, ±20 %), so after a 30 s outage the next try may be up to
 * 30 s away.
 */
const RECOVERY_TIMEOUT_MS = 60_000;

const SAVED = 'All progress saved';
const CONNECTION_LOST = /Connection lost/;

interface Sco {
  location: string | null;
  suspended: boolean;
  completion: string;
  sessionCount: number;
}

/** What GET /runtime/{token} (the content origin) answers: the state a launch of that token starts from. */
interface LaunchState {
  cmi: Record<string, string>;
  lastSeq: number;
  terminated: boolean;
}

/** One POST to /runtime/{token}/commits the learner's page made, and how it ended. */
interface CommitRequest {
  at: number;
  seq: number;
  terminate: boolean;
  cmi: Record<string, string>;
  /** fetch: the commit queue; ping/beacon: sendBeacon. */
  type: string;
  /** The HTTP status, or the network error. */
  outcome: number | string;
  /** `result` in the server's answer (true: the commit is stored); undefined if the body was unreadable. */
  result?: unknown;
}

const COMMIT_URL = /\/runtime\/[A-Za-z0-9_-]+\/commits$/;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  if (!res.ok()) throw new Error(`GET ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function csrfToken(page: Page): Promise<string> {
  return (await getJson<{ csrfToken: string }>(page, '/api/auth/session')).csrfToken;
}

/** Clicks the SCO's own Next button `n` times. */
async function next(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await scoFrame(page).locator('#butNext').click();
}

const contentPage = (page: Page) =>
  scoFrame(page)
    .locator('#contentFrame')
    .evaluate((f) => (f as HTMLIFrameElement).src);

const playerStatus = (page: Page) => page.getByTestId('player-status');

/** The launch token of the player open on the module page (the last part of /player/{token}). */
async function launchToken(page: Page): Promise<string> {
  const frame = await playerFrame(page);
  return new URL(frame.url()).pathname.split('/').pop() as string;
}

/** Records every commit the page sends to the content origin (the player runs in a cross-site frame). */
function recordCommits(page: Page): CommitRequest[] {
  const log: CommitRequest[] = [];
  const add = (request: Request, outcome: number | string, result?: unknown) => {
    let body: { seq?: number; terminate?: boolean; cmi?: Record<string, string> } = {};
    try {
      body = JSON.parse(request.postData() ?? '') as typeof body;
    } catch {
      /* not JSON: kept with empty fields */
    }
    log.push({
      at: Date.now(),
      seq: body.seq ?? 0,
      terminate: body.terminate === true,
      cmi: body.cmi ?? {},
      type: request.resourceType(),
      outcome,
      result,
    });
  };
  const isCommit = (r: Request) => r.method() === 'POST' && COMMIT_URL.test(r.url());
  page.on('requestfailed', (r) => {
    if (isCommit(r)) add(r, r.failure()?.errorText ?? 'failed');
  });
  page.on('requestfinished', (r) => {
    if (!isCommit(r)) return;
    void (async () => {
      const res = await r.response();
      const body = (await res?.json().catch(() => null)) as { result?: unknown } | null;
      add(r, res?.status() ?? 'no response', body?.result);
    })();
  });
  return log;
}

/**
 * A 200 whose `result` is true. When the page drops the player frame as soon as the answer arrives, the
 * browser may no longer hand over the body (`result` undefined): the status stands for it then, and the
 * tests check what the server stored anyway.
 */
const acknowledged = (c: CommitRequest) => c.outcome === 200 && (c.result === true || c.result === undefined);

const describeCommits = (commits: CommitRequest[]) =>
  commits
    .map((c) => `seq ${c.seq}${c.terminate ? ' (terminate)' : ''} ${c.type}: ${String(c.outcome)}`)
    .join('; ') || 'none';

/**
 * Waits until the server has acknowledged a commit sent after `since` whose data `matches`, and returns it.
 * The player retries anything else (a network error, a 5xx), so a commit may take several tries.
 */
async function acknowledgement(
  commits: CommitRequest[],
  since: number,
  matches: (c: CommitRequest) => boolean,
  timeoutMs: number,
): Promise<CommitRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ack = commits.find((c) => c.at >= since && acknowledged(c) && matches(c));
    if (ack) return ack;
    if (Date.now() > deadline)
      throw new Error(
        `No matching commit was acknowledged within ${timeoutMs} ms. Commits sent: ${describeCommits(
          commits.filter((c) => c.at >= since),
        )}`,
      );
    await delay(50);
  }
}

describe('SCORM run-time faults: the API goes away in the middle of a module', () => {
  let browser: Browser;
  let server: ProductServer;
  let dataDir: string;
  let port: number;
  let contentPort: number;
  let learner: Page;
  let lnd: Page;
  let enrolmentId: string;
  let stepTitle: string;
  let packageId: string;
  let trustId: string;
  /** Every commit the learner's page sent, with the answer. */
  let commits: CommitRequest[];

  /** Every server this file started, for their logs. */
  const servers: ProductServer[] = [];
  const start = async () => {
    server = await startProductServer({ dataDir, port, contentPort });
    servers.push(server);
  };

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    // The golf sample asks "resume?" and "save progress?" with confirm(): the learner says yes.
    page.on('dialog', (d) => void d.accept());
    await new SignInPage(page).open();
    await new SignInPage(page).signIn(email, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    return page;
  }

  async function openModule(page: Page): Promise<void> {
    await page.goto('/learning');
    await new AppShell(page).waitForHeading('My learning');
    await page
      .getByTestId('learning-step')
      .filter({ hasText: stepTitle })
      .getByTestId('learning-step-module-link')
      .click();
    await new AppShell(page).waitForHeading(stepTitle);
  }

  /** The learner's only attempt at the module as the server stores it, read as the L&D admin. */
  async function storedSco(): Promise<Sco> {
    const modules = await getJson<{ packageId: string; attempts: { id: string }[] }[]>(
      lnd,
      `/api/trusts/${trustId}/enrolments/${enrolmentId}/attempts`,
    );
    const attempts = modules.find((m) => m.packageId === packageId)?.attempts ?? [];
    expect(attempts, 'attempts at the module').toHaveLength(1);
    const detail = await getJson<{ scos: Sco[] }>(lnd, `/api/trusts/${trustId}/attempts/${attempts[0].id}`);
    return detail.scos[0];
  }

  /** What the server holds for a launch token, asked on the content origin as the player does. */
  async function launchState(token: string): Promise<LaunchState> {
    const res = await fetch(`http://127.0.0.1:${contentPort}/runtime/${token}`);
    if (!res.ok) throw new Error(`GET /runtime/…: ${res.status} ${await res.text()}`);
    return (await res.json()) as LaunchState;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cqp-e2e-faults-'));
    port = await freePort();
    contentPort = await freePort();
    await start();
    browser = await launchBrowser();
    await waiveDemoLearnerPreAssessment(browser, server.baseUrl);

    learner = await signedIn('learner@demo.cqpathway.test');
    commits = recordCommits(learner);
    const learning = await getJson<{
      enrolments: { enrolmentId: string; steps: { id: string; kind: string; title: string }[] }[];
    }>(learner, '/api/me/learning');
    const enrolment = learning.enrolments[0];
    const step = enrolment.steps.find((s) => s.kind === 'module');
    if (!step) throw new Error('The demo learner has no module step');
    enrolmentId = enrolment.enrolmentId;
    stepTitle = step.title;

    // The admin uploads the golf sample and attaches it to that step, through the API.
    const admin = await signedIn('admin@demo.cqpathway.test');
    packageId = await uploadGlobalPackage(
      admin,
      await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'),
      'RuntimeBasicCalls_SCORM12.zip',
    );
    const programmes = await getJson<{ id: string; steps: { id: string }[] }[]>(admin, '/api/programmes');
    const programme = programmes.find((p) => p.steps.some((s) => s.id === step.id));
    if (!programme) throw new Error(`No programme has the step ${step.id}`);
    const attached = await admin.request.put(`/api/programmes/${programme.id}/steps/${step.id}/package`, {
      headers: { 'x-csrf-token': await csrfToken(admin) },
      data: { packageId },
    });
    expect(attached.status(), await attached.text()).toBe(204);
    await admin.context().close();

    lnd = await signedIn('lnd@demo.cqpathway.test');
    const session = await getJson<{ user: { roles: { role: string; trustId: string | null }[] } }>(
      lnd,
      '/api/auth/session',
    );
    const role = session.user.roles.find((r) => r.role === 'lnd_admin' && r.trustId);
    if (!role?.trustId) throw new Error('The L&D admin has no trust');
    trustId = role.trustId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    // The servers log at warn level: anything they said is worth seeing next to the test result.
    servers.forEach((s, i) => {
      const logged = s
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      if (logged.length) console.warn(`[scorm-faults] server run ${i + 1} logged:\n${logged.join('\n')}`);
    });
    const failed = commits?.filter((c) => typeof c.outcome === 'number' && c.outcome >= 500) ?? [];
    if (failed.length)
      console.warn(`[scorm-faults] commits the running server failed: ${describeCommits(failed)}`);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`keeps everything acknowledged and sends what the learner did while the API was down for ${OUTAGE_MS / 1000} s`, async () => {
    // 1. The learner works through two pages and the server acknowledges it.
    await openModule(learner);
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.entry')).toBe('ab-initio');
    await next(learner, 2);
    const committedAt = Date.now();
    expect(await scormCall(learner, 'LMSCommit', '')).toBe('true');
    const first = await acknowledgement(
      commits,
      committedAt,
      (c) => c.cmi['cmi.core.lesson_location'] === '2',
      20_000,
    );
    await playerStatus(learner).filter({ hasText: SAVED }).waitFor();
    const token = await launchToken(learner);
    const before = await launchState(token);
    expect(before.lastSeq).toBeGreaterThanOrEqual(first.seq);
    expect(before.cmi['cmi.core.lesson_location']).toBe('2');
    expect((await storedSco()).location).toBe('2');

    // 2. The API goes down. The learner carries on: three more pages, suspend data, a commit.
    const downAt = Date.now();
    await server.stop('SIGTERM');
    await expect(fetch(`${server.baseUrl}/api/health`)).rejects.toThrow();

    await next(learner, 3);
    expect(await contentPage(learner)).toMatch(/Etiquette\/Course\.html$/);
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.lesson_location')).toBe('5');
    expect(await scormCall(learner, 'LMSSetValue', 'cmi.suspend_data', 'during-outage')).toBe('true');
    expect(await scormCall(learner, 'LMSCommit', '')).toBe('true');
    await playerStatus(learner).filter({ hasText: CONNECTION_LOST }).waitFor();

    // Save and exit (the SCO asks "save progress?": yes → exit suspend, then LMSFinish). The terminate
    // commit cannot reach the server, so the page keeps the player open rather than drop it.
    await scoFrame(learner).locator('#butExit').click();
    await expect
      .poll(() => commits.some((c) => c.at > downAt && c.terminate), { timeout: 10_000 })
      .toBe(true);

    await delay(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    // Still open at the end of the outage, still saying the connection is lost.
    expect(await learner.getByTestId('player-frame').isVisible()).toBe(true);
    expect(await learner.getByTestId('module-contents').count()).toBe(0);
    expect(await playerStatus(learner).innerText()).toMatch(CONNECTION_LOST);

    // Every try while the API was down failed, and the queue backed off between them.
    const duringOutage = commits.filter((c) => c.at > downAt);
    expect(duringOutage.every((c) => typeof c.outcome === 'string')).toBe(true);
    const retries = duringOutage.filter((c) => c.type === 'fetch');
    expect(retries.length).toBeGreaterThanOrEqual(4);
    const gaps = retries.slice(1).map((c, i) => c.at - retries[i].at);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(31_000);
    // The newest snapshot is the one retried: the terminate commit with what the learner did.
    const last = retries[retries.length - 1];
    expect(last.terminate).toBe(true);
    expect(last.seq).toBeGreaterThan(before.lastSeq);
    expect(last.cmi).toMatchObject({
      'cmi.core.lesson_location': '5',
      'cmi.suspend_data': 'during-outage',
      'cmi.core.exit': 'suspend',
    });

    // 3. The API returns (same ports, same data directory). The queued terminate commit goes through and
    // the page closes the player.
    const restartAt = Date.now();
    await start();
    const upAt = Date.now();
    // What was acknowledged before the outage is still there (or already replaced by the queued commit).
    expect(['2', '5']).toContain((await storedSco()).location);
    await learner.getByTestId('module-contents').waitFor({ timeout: RECOVERY_TIMEOUT_MS });
    // (The content origin listens a moment before /api/health answers: the retry may land in between.)
    const delivered = await acknowledgement(commits, restartAt, (c) => c.terminate, 1_000);
    expect(delivered.seq).toBe(last.seq);
    console.info(
      `[scorm-faults] API down ${restartAt - downAt} ms (healthy again after ${upAt - downAt} ms); ` +
        `${retries.length} failed tries, ${gaps.map((g) => (g / 1000).toFixed(1)).join(' s, ')} s apart; ` +
        `the queued terminate commit was acknowledged ${delivered.at - restartAt} ms after the restart began`,
    );

    // 4. The server holds what the learner did during the outage.
    const after = await launchState(token);
    expect(after.terminated).toBe(true);
    expect(after.lastSeq).toBe(last.seq);
    expect(after.cmi['cmi.core.lesson_location']).toBe('5');
    expect(after.cmi['cmi.suspend_data']).toBe('during-outage');
    const sco = await storedSco();
    expect(sco.location).toBe('5');
    expect(sco.suspended).toBe(true);
    expect(sco.completion).toBe('incomplete');

    // Relaunching resumes where the learner was when the API was down.
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.entry')).toBe('resume');
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.suspend_data')).toBe('during-outage');
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.lesson_location')).toBe('5');
    await expect.poll(() => contentPage(learner)).toMatch(/Etiquette\/Course\.html$/);
    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor({ timeout: RECOVERY_TIMEOUT_MS });
    expect((await storedSco()).location).toBe('5');
  }, 180_000);

  it('keeps an acknowledged commit when the API is killed (SIGKILL) straight after it', async () => {
    await learner.getByTestId('module-launch').click();
    await scoFrame(learner).locator('#butNext').waitFor();
    expect(await scormCall(learner, 'LMSGetValue', 'cmi.core.lesson_location')).toBe('5');
    const token = await launchToken(learner);
    await next(learner, 2);
    expect(await scormCall(learner, 'LMSSetValue', 'cmi.suspend_data', 'before-kill')).toBe('true');
    const committedAt = Date.now();
    expect(await scormCall(learner, 'LMSCommit', '')).toBe('true');
    // Killed the moment the server has acknowledged the commit: no clean shutdown, nothing read back first.
    const acked = await acknowledgement(
      commits,
      committedAt,
      (c) => c.cmi['cmi.suspend_data'] === 'before-kill',
      RECOVERY_TIMEOUT_MS,
    );
    await server.stop('SIGKILL');

    await start();
    const state = await launchState(token);
    expect(state.terminated).toBe(false);
    expect(state.lastSeq).toBeGreaterThanOrEqual(acked.seq);
    expect(state.cmi['cmi.core.lesson_location']).toBe('7');
    expect(state.cmi['cmi.suspend_data']).toBe('before-kill');
    expect((await storedSco()).location).toBe('7');

    // The open session carries on against the restarted server: save and exit closes the player.
    await scoFrame(learner).locator('#butExit').click();
    await learner.getByTestId('module-contents').waitFor({ timeout: RECOVERY_TIMEOUT_MS });
    const sco = await storedSco();
    expect(sco.location).toBe('7');
    expect(sco.suspended).toBe(true);
  }, 180_000);

  it('answered no commit with a server error while the server was up', () => {
    // Refusals during the outage are network errors (strings); a running server must never answer 5xx.
    const failed = commits.filter((c) => typeof c.outcome === 'number' && c.outcome >= 500);
    expect(describeCommits(failed)).toBe(describeCommits([]));
    expect(commits.some(acknowledged)).toBe(true);
  });
});
