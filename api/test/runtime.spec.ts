import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { PlayerClient, setUpModule, zippedFixture, type ModuleSetup } from './support/runtime.js';

/** What scorm-again's flattened full commit of a SCORM 1.2 SCO looks like, with `over` applied. */
const cmi12 = (over: Record<string, string> = {}) => ({
  'cmi.core.student_id': 'ignored-by-the-server',
  'cmi.core.student_name': '',
  'cmi.core.lesson_location': '',
  'cmi.core.credit': '',
  'cmi.core.lesson_status': 'incomplete',
  'cmi.core.entry': '',
  'cmi.core.lesson_mode': 'normal',
  'cmi.core.exit': '',
  'cmi.core.session_time': '00:00:00',
  'cmi.core.score.raw': '',
  'cmi.core.score.min': '',
  'cmi.core.score.max': '100',
  'cmi.core.total_time': '99:00:00',
  'cmi.suspend_data': '',
  'cmi.launch_data': '',
  'cmi.comments': '',
  'cmi.objectives': {},
  ...over,
});

describe('SCORM run time: launch, commits, resume, time and scoring', () => {
  let t: TestApp;
  let m: ModuleSetup;

  const launch = async (body: Record<string, unknown> = {}) => {
    const res = await m.learner.post(`${m.base}/launches`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { ...res.body, player: new PlayerClient(t.running.contentUrl, res.body.playerUrl) };
  };
  const attemptRow = async (id: string) =>
    (
      await t.sql<{
        completion: string;
        success: string;
        total_seconds: string;
        score_scaled: string | null;
      }>(`SELECT completion, success, total_seconds, score_scaled FROM scorm_attempt WHERE id = $1`, [id])
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    m = await setUpModule(t, await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'));
  });
  afterAll(() => t?.close());

  it('launches attempt 1 with a token that opens the player state and the package files', async () => {
    const view = await m.learner.get(`${m.base}/module`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ scormVersion: '1.2', attempt: null, nextLaunchStartsNewAttempt: true });
    expect(view.body.scos).toHaveLength(1);

    const l = await launch();
    expect(l).toMatchObject({ attemptNumber: 1, newAttempt: true, entry: 'ab-initio' });
    expect(l.playerUrl.startsWith(t.running.contentUrl.replace('127.0.0.1', 'localhost'))).toBe(false);

    const state = await l.player.state();
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      scormVersion: '1.2',
      title: 'Golf Explained',
      lastSeq: 0,
      terminated: false,
      launchUrl: `/content/${l.player.token}/shared/launchpage.html`,
    });
    expect(state.body.cmi).toMatchObject({
      'cmi.core.student_id': m.personId,
      'cmi.core.student_name': expect.stringContaining('Learner'),
      'cmi.core.entry': 'ab-initio',
      'cmi.core.credit': 'credit',
      'cmi.core.total_time': '00:00:00',
    });

    const page = await fetch(`${t.running.contentUrl}${state.body.launchUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' http://localhost:3000",
    );
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).toContain('<html');

    // The step is now started in the programme.
    const started = await t.sql(
      `SELECT completed_at FROM step_completion WHERE enrolment_id = $1 AND step_id = $2`,
      [m.enrolmentId, m.stepId],
    );
    expect(started).toEqual([{ completed_at: null }]);
  });

  it('serves files with their MIME type, ETag revalidation and byte ranges, and nothing outside the package', async () => {
    const l = await launch();
    const base = `${t.running.contentUrl}/content/${l.player.token}`;
    const img = await fetch(`${base}/Etiquette/course.jpg`);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const whole = new Uint8Array(await img.arrayBuffer());
    const etag = img.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);

    const part = await fetch(`${base}/Etiquette/course.jpg`, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${whole.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(whole.slice(10, 20));
    const tail = await fetch(`${base}/Etiquette/course.jpg`, { headers: { range: 'bytes=-5' } });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(whole.slice(-5));
    const beyond = await fetch(`${base}/Etiquette/course.jpg`, {
      headers: { range: `bytes=${whole.length}-` },
    });
    expect(beyond.status).toBe(416);

    const again = await fetch(`${base}/Etiquette/course.jpg`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    expect((await fetch(`${base}/Etiquette/missing.html`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect(
      (await fetch(`${t.running.contentUrl}/content/not-a-real-token-at-all-xx/shared/launchpage.html`))
        .status,
    ).toBe(404);
  });

  it('stores a commit, acknowledges a retried one once, rejects stale and invalid ones without touching the state', async () => {
    const l = await launch();
    const first = await l.player.commit({
      seq: 1,
      cmi: cmi12({ 'cmi.core.lesson_location': 'page-3', 'cmi.suspend_data': 'visited=1,2,3' }),
    });
    expect(first).toEqual({ status: 200, body: { result: true, errorCode: 0, seq: 1 } });
    expect(await l.player.commit({ seq: 1, cmi: cmi12() })).toEqual({
      status: 200,
      body: { result: true, errorCode: 0, seq: 1 },
    });
    expect(
      (
        await l.player.commit({
          seq: 2,
          cmi: cmi12({ 'cmi.core.lesson_location': 'page-4', 'cmi.suspend_data': 'visited=1,2,3,4' }),
        })
      ).status,
    ).toBe(200);

    const stale = await l.player.commit({ seq: 1, cmi: cmi12({ 'cmi.core.lesson_location': 'page-1' }) });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ result: false, code: 'STALE_COMMIT' });

    const invalid = await l.player.commit({
      seq: 3,
      cmi: cmi12({ 'cmi.core.lesson_status': 'finished', 'cmi.core.lesson_location': 'page-9' }),
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ result: false, code: 'INVALID_CMI' });
    expect(invalid.body.message).toContain('cmi.core.lesson_status');

    const notJson = await l.player.commit(null, { raw: '{"seq": 3, "cmi": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toBe('The commit is not valid JSON.');

    const [state] = await t.sql<{ cmi: Record<string, string> }>(
      `SELECT s.cmi FROM scorm_sco_state s JOIN scorm_launch l ON l.attempt_id = s.attempt_id AND l.sco_id = s.sco_id
        WHERE l.id = (SELECT id FROM scorm_launch ORDER BY created_at DESC LIMIT 1)`,
    );
    expect(state.cmi['cmi.core.lesson_location']).toBe('page-4');
    expect(state.cmi['cmi.suspend_data']).toBe('visited=1,2,3,4');
    expect(state.cmi['cmi.core.student_id']).toBeUndefined();
  });

  it('takes a text/plain commit as sendBeacon sends it, and refuses commits after Terminate with 391', async () => {
    const l = await launch();
    const beacon = await l.player.commit(null, {
      contentType: 'text/plain;charset=UTF-8',
      raw: JSON.stringify({
        seq: 1,
        terminate: true,
        cmi: cmi12({
          'cmi.core.lesson_location': 'page-5',
          'cmi.core.exit': 'suspend',
          'cmi.suspend_data': 'visited=1,2,3,4,5',
          'cmi.core.session_time': '00:00:02',
        }),
      }),
    });
    expect(beacon).toEqual({ status: 200, body: { result: true, errorCode: 0, seq: 1 } });
    // The same beacon again (the browser retried): acknowledged, not applied twice.
    const repeat = await l.player.commit({
      seq: 1,
      terminate: true,
      cmi: cmi12({ 'cmi.core.session_time': '00:00:02' }),
    });
    expect(repeat.body).toEqual({ result: true, errorCode: 0, seq: 1 });
    const after = await l.player.commit({ seq: 2, cmi: cmi12({ 'cmi.core.lesson_location': 'page-6' }) });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ result: false, errorCode: 391 });
    expect((await l.player.state()).body.terminated).toBe(true);
  });

  it('resumes with entry=resume, the location, suspend_data and every stored element', async () => {
    const l = await launch();
    expect(l.entry).toBe('resume');
    expect(l.attemptNumber).toBe(1);
    const state = await l.player.state();
    expect(state.body.cmi).toMatchObject({
      'cmi.core.entry': 'resume',
      'cmi.core.lesson_location': 'page-5',
      'cmi.suspend_data': 'visited=1,2,3,4,5',
      'cmi.core.lesson_status': 'incomplete',
    });
    // The previous session's exit is not handed back as if this session had set it.
    expect(state.body.cmi['cmi.core.exit']).toBeUndefined();
  });

  it('computes time on the server: session time is capped by the wall clock and counted once', async () => {
    const l = await launch();
    const before = Number((await attemptRow(l.attemptId)).total_seconds);
    // The SCO claims an hour in a session that started a moment ago.
    await l.player.commit({ seq: 1, terminate: true, cmi: cmi12({ 'cmi.core.session_time': '01:00:00' }) });
    const afterOne = Number((await attemptRow(l.attemptId)).total_seconds);
    expect(afterOne - before).toBeGreaterThan(0);
    expect(afterOne - before).toBeLessThan(60);
    await l.player.commit({ seq: 1, terminate: true, cmi: cmi12({ 'cmi.core.session_time': '01:00:00' }) });
    await l.player.commit({ seq: 2, terminate: true, cmi: cmi12({ 'cmi.core.session_time': '01:00:00' }) });
    expect(Number((await attemptRow(l.attemptId)).total_seconds)).toBe(afterOne);
    const next = await launch();
    expect((await next.player.state()).body.cmi['cmi.core.total_time']).not.toBe('00:00:00');
  });

  it('counts an abandoned session once, when the learner launches again', async () => {
    const l = await launch();
    const before = Number((await attemptRow(l.attemptId)).total_seconds);
    await new Promise((r) => setTimeout(r, 1100));
    await l.player.commit({ seq: 1, cmi: cmi12({ 'cmi.core.session_time': '00:00:01' }) });
    const again = await launch();
    const after = Number((await attemptRow(l.attemptId)).total_seconds);
    expect(after - before).toBeCloseTo(1, 5);
    expect((await l.player.commit({ seq: 2, cmi: cmi12() })).body.errorCode).toBe(391);
    expect((await again.player.state()).body.terminated).toBe(false);
  });

  it('lets the mastery score decide pass or fail, starts a new attempt after completion, and grades by highest', async () => {
    await t.sql(
      `UPDATE sco SET mastery_score = 80 WHERE package_version_id IN
      (SELECT id FROM scorm_package_version WHERE package_id = $1)`,
      [m.packageId],
    );
    const l = await launch();
    const failed = await l.player.commit({
      seq: 1,
      terminate: true,
      cmi: cmi12({
        'cmi.core.lesson_status': 'passed',
        'cmi.core.score.raw': '70',
        'cmi.core.session_time': '00:00:01',
      }),
    });
    expect(failed.status).toBe(200);
    expect(await attemptRow(l.attemptId)).toMatchObject({ completion: 'completed', success: 'failed' });
    expect(Number((await attemptRow(l.attemptId)).score_scaled)).toBeCloseTo(0.7, 10);
    const notDone = await t.sql(
      `SELECT completed_at FROM step_completion WHERE enrolment_id = $1 AND step_id = $2`,
      [m.enrolmentId, m.stepId],
    );
    expect(notDone).toEqual([{ completed_at: null }]);

    const second = await launch();
    expect(second).toMatchObject({ attemptNumber: 2, newAttempt: true, entry: 'ab-initio' });
    await second.player.commit({
      seq: 1,
      terminate: true,
      cmi: cmi12({ 'cmi.core.lesson_status': 'failed', 'cmi.core.score.raw': '90' }),
    });
    expect(await attemptRow(second.attemptId)).toMatchObject({ completion: 'completed', success: 'passed' });
    const done = await t.sql<{ completed_at: Date | null }>(
      `SELECT completed_at FROM step_completion WHERE enrolment_id = $1 AND step_id = $2`,
      [m.enrolmentId, m.stepId],
    );
    expect(done[0].completed_at).not.toBeNull();

    const view = await m.learner.get(`${m.base}/module`);
    expect(view.body).toMatchObject({ attemptCount: 2, graded: { number: 2, success: 'passed' } });
    const learning = await m.learner.get('/api/me/learning');
    const step = learning.body.enrolments[0].steps.find((s: { id: string }) => s.id === m.stepId);
    expect(step).toMatchObject({ state: 'done', ready: true });
  });

  it("follows the package's attempt policy", async () => {
    const lnd = m.admin;
    expect(
      (
        await lnd.request('PUT', `/api/packages/${m.packageId}/policy`, {
          body: { attemptPolicy: 'sometimes', grading: 'last' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await lnd.request('PUT', `/api/packages/${m.packageId}/policy`, {
          body: { attemptPolicy: 'never', grading: 'first' },
        })
      ).status,
    ).toBe(204);
    const l = await launch();
    expect(l).toMatchObject({ attemptNumber: 2, newAttempt: false });
    const view = await m.learner.get(`${m.base}/module`);
    expect(view.body).toMatchObject({ attemptPolicy: 'never', grading: 'first', graded: { number: 1 } });
  });

  it('stores interactions and objectives as rows and shows them to L&D as sent', async () => {
    await m.admin.request('PUT', `/api/packages/${m.packageId}/policy`, {
      body: { attemptPolicy: 'never', grading: 'highest' },
    });
    const l = await launch();
    const res = await l.player.commit({
      seq: 1,
      cmi: cmi12({
        'cmi.interactions.0.id': 'huddle-decision-1',
        'cmi.interactions.0.type': 'choice',
        'cmi.interactions.0.student_response': '<img src=x onerror=alert(1)>',
        'cmi.interactions.0.result': 'correct',
        'cmi.interactions.0.latency': '00:00:12.5',
        'cmi.interactions.0.correct_responses.0.pattern': 'b',
        'cmi.interactions.1.id': 'huddle-decision-2',
        'cmi.interactions.1.type': 'choice',
        'cmi.interactions.1.student_response': 'a',
        'cmi.interactions.1.result': 'wrong',
        'cmi.objectives.0.id': 'obj-respond',
        'cmi.objectives.0.score.raw': '50',
        'cmi.objectives.0.status': 'passed',
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = await t.sql<{ interaction_id: string; learner_response: string; latency_seconds: string }>(
      `SELECT interaction_id, learner_response, latency_seconds FROM scorm_interaction WHERE attempt_id = $1 ORDER BY position`,
      [l.attemptId],
    );
    expect(
      rows.map((r) => [
        r.interaction_id,
        r.learner_response,
        r.latency_seconds === null ? null : Number(r.latency_seconds),
      ]),
    ).toEqual([
      ['huddle-decision-1', '<img src=x onerror=alert(1)>', 12.5],
      ['huddle-decision-2', 'a', null],
    ]);
    const objectives = await t.sql(
      `SELECT objective_id, score_raw, success FROM scorm_objective WHERE attempt_id = $1`,
      [l.attemptId],
    );
    expect(objectives).toEqual([{ objective_id: 'obj-respond', score_raw: '50', success: 'passed' }]);

    // L&D of the learner's trust see the attempt with the response exactly as sent.
    await t.createUser({
      email: 'lnd-runtime@trust.example',
      grants: [{ role: 'lnd_admin', trustId: m.trustId }],
    });
    const lnd = t.client();
    await lnd.signIn('lnd-runtime@trust.example', 'integration-test-password');
    const list = await lnd.get(`/api/trusts/${m.trustId}/enrolments/${m.enrolmentId}/attempts`);
    expect(list.status).toBe(200);
    expect(list.body[0].attempts.map((a: { number: number }) => a.number)).toEqual([1, 2]);
    const detail = await lnd.get(`/api/trusts/${m.trustId}/attempts/${l.attemptId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.interactions[0]).toMatchObject({
      id: 'huddle-decision-1',
      learnerResponse: '<img src=x onerror=alert(1)>',
      correctResponses: ['b'],
      result: 'correct',
    });
    expect(detail.body.scos[0]).toMatchObject({ title: 'Golf Explained', sessionCount: expect.any(Number) });
    const otherTrust = await t.createTrust('Other Runtime Trust', 'ORT01');
    expect((await lnd.get(`/api/trusts/${otherTrust}/attempts/${l.attemptId}`)).status).toBe(403);
  });

  it('keeps existing attempts on their version and gives new attempts the new one', async () => {
    await m.admin.request('PUT', `/api/packages/${m.packageId}/policy`, {
      body: { attemptPolicy: 'on_completed', grading: 'highest' },
    });
    const zip = await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12');
    const form = new FormData();
    form.append('file', new Blob([zip], { type: 'application/zip' }), 'v2.zip');
    form.append('replacesPackageId', m.packageId);
    const res = await fetch(`${t.url}/api/packages`, {
      method: 'POST',
      body: form,
      headers: { cookie: m.admin.cookieHeader(), 'x-csrf-token': m.admin.csrfToken as string },
    });
    expect(res.status).toBe(201);
    const versions = await t.sql<{ id: string; version_number: number }>(
      `SELECT id, version_number FROM scorm_package_version WHERE package_id = $1 ORDER BY version_number`,
      [m.packageId],
    );
    expect(versions).toHaveLength(2);
    const current = await launch();
    // Attempt 2 is completed (passed), so under on_completed this launch starts attempt 3 on version 2.
    expect(current.attemptNumber).toBe(3);
    const rows = await t.sql<{ number: number; package_version_id: string }>(
      `SELECT number, package_version_id FROM scorm_attempt WHERE enrolment_id = $1 ORDER BY number`,
      [m.enrolmentId],
    );
    expect(rows.map((r) => [r.number, r.package_version_id])).toEqual([
      [1, versions[0].id],
      [2, versions[0].id],
      [3, versions[1].id],
    ]);
  });

  it("saves many learners' commits arriving at once over every pooled connection", async () => {
    const players: PlayerClient[] = [];
    for (let i = 0; i < 6; i++) {
      const other = await setUpModule(t, await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'), {
        admin: m.admin,
      });
      const res = await other.learner.post(`${other.base}/launches`, {});
      players.push(new PlayerClient(t.running.contentUrl, res.body.playerUrl));
    }
    const round = (seq: number) =>
      Promise.all(
        players.map((p, i) =>
          p.commit({ seq, cmi: cmi12({ 'cmi.core.lesson_location': `page-${seq}-${i}` }) }),
        ),
      );
    // Spread over every pooled connection, as a class of learners does.
    for (const seq of [1, 2, 3]) {
      const answers = await round(seq);
      expect(answers.map((a) => a.status)).toEqual(players.map(() => 200));
    }
    const states = await Promise.all(players.map((p) => p.state()));
    expect(states.map((st) => st.body.cmi['cmi.core.lesson_location'])).toEqual(
      players.map((_, i) => `page-3-${i}`),
    );
  });

  it('keeps learners to their own enrolments and tokens to their own attempt', async () => {
    const other = await setUpModule(t, await zippedFixture('scorm12/RuntimeBasicCalls_SCORM12'), {
      admin: m.admin,
    });
    // Another learner cannot open this learner's module.
    expect((await other.learner.post(`${m.base}/launches`, {})).status).toBe(404);
    expect((await other.learner.get(`${m.base}/module`)).status).toBe(404);
    const mine = await launch();
    const theirs = await other.learner.post(`${other.base}/launches`, {});
    const theirPlayer = new PlayerClient(t.running.contentUrl, theirs.body.playerUrl);
    await theirPlayer.commit({ seq: 1, cmi: cmi12({ 'cmi.core.lesson_location': 'theirs' }) });
    await mine.player.commit({ seq: 1, cmi: cmi12({ 'cmi.core.lesson_location': 'mine' }) });
    const locations = await t.sql<{ enrolment_id: string; location: string }>(
      `SELECT a.enrolment_id, s.location FROM scorm_sco_state s JOIN scorm_attempt a ON a.id = s.attempt_id
        WHERE s.attempt_id = ANY($1::uuid[]) ORDER BY a.enrolment_id`,
      [[mine.attemptId, theirs.body.attemptId]],
    );
    expect(Object.fromEntries(locations.map((r) => [r.enrolment_id, r.location]))).toEqual({
      [m.enrolmentId]: 'mine',
      [other.enrolmentId]: 'theirs',
    });
    // A made-up token opens nothing and saves nothing.
    const forged = new PlayerClient(t.running.contentUrl, `${t.running.contentUrl}/player/${'A'.repeat(43)}`);
    expect((await forged.commit({ seq: 1, cmi: cmi12() })).status).toBe(401);
    expect((await forged.state()).body.code).toBe('LAUNCH_EXPIRED');
    // The content origin sets no cookie, and the API does not honour a launch token.
    expect(
      (await fetch(`${t.running.contentUrl}/runtime/${mine.player.token}`)).headers.get('set-cookie'),
    ).toBeNull();
  });
});

describe('SCORM 2004 run time', () => {
  let t: TestApp;
  let m: ModuleSetup;

  beforeAll(async () => {
    t = await startTestApp();
    m = await setUpModule(t, await zippedFixture('scorm2004/RuntimeBasicCalls_SCORM20043rdEdition'));
  });
  afterAll(() => t?.close());

  it('launches, suspends, resumes and completes with the 2004 data model', async () => {
    const first = await m.learner.post(`${m.base}/launches`, {});
    const p = new PlayerClient(t.running.contentUrl, first.body.playerUrl);
    const state = await p.state();
    expect(state.body).toMatchObject({ scormVersion: '2004' });
    expect(state.body.cmi).toMatchObject({
      'cmi.learner_id': m.personId,
      'cmi.entry': 'ab-initio',
      'cmi.mode': 'normal',
    });
    const suspend = await p.commit({
      seq: 1,
      terminate: true,
      cmi: {
        'cmi.location': 'Playing/Par.html',
        'cmi.suspend_data': '{"page":4}',
        'cmi.exit': 'suspend',
        'cmi.completion_status': 'incomplete',
        'cmi.success_status': 'unknown',
        'cmi.session_time': 'PT1S',
        'cmi.learner_id': 'ignored',
      },
    });
    expect(suspend.status, JSON.stringify(suspend.body)).toBe(200);

    const again = await m.learner.post(`${m.base}/launches`, {});
    expect(again.body).toMatchObject({ attemptNumber: 1, entry: 'resume' });
    const p2 = new PlayerClient(t.running.contentUrl, again.body.playerUrl);
    expect((await p2.state()).body.cmi).toMatchObject({
      'cmi.entry': 'resume',
      'cmi.location': 'Playing/Par.html',
      'cmi.suspend_data': '{"page":4}',
    });
    const done = await p2.commit({
      seq: 1,
      terminate: true,
      cmi: {
        'cmi.completion_status': 'completed',
        'cmi.success_status': 'passed',
        'cmi.score.scaled': '0.9',
        'cmi.exit': 'normal',
      },
    });
    expect(done.status).toBe(200);
    const view = await m.learner.get(`${m.base}/module`);
    expect(view.body.attempt).toMatchObject({ completion: 'completed', success: 'passed', scoreScaled: 0.9 });
    expect(view.body.scos[0]).toMatchObject({ completion: 'completed', suspended: false });
  });
});
