import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentCatalogueService } from '../src/modules/assessments/instrument-catalogue.service.js';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient } from './support/client.js';

const INSTRUMENTS = path.resolve(import.meta.dirname, '../../content/instruments');
const readInstrument = (file: string) => JSON.parse(readFileSync(path.join(INSTRUMENTS, file), 'utf8'));
const CQS_DISCLAIMER = 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale';

interface Learner {
  client: TestClient;
  personId: string;
  enrolmentId: string;
  steps: Record<'pre' | 'post' | 'follow_up', string>;
  moduleSteps: string[];
}

describe('assessments, consent and equality monitoring', () => {
  let t: TestApp;
  let admin: TestClient;
  let lnd: TestClient;
  let researcher: TestClient;
  let trustId: string;
  let otherTrustId: string;
  let studyId: string;
  let programmeId: string;
  let formId: string;
  let n = 0;

  async function newLearner(trust = trustId): Promise<Learner> {
    n++;
    const email = `manager${n}@assess.example`;
    const userId = await t.createUser({ email, grants: [{ role: 'learner', trustId: trust }] });
    const [{ id: personId }] = await t.sql<{ id: string }>(
      `INSERT INTO person (trust_id, user_id, staff_number, full_name, work_email, band)
       VALUES ($1, $2, $3, $4, $5, '7') RETURNING id`,
      [trust, userId, `AS${n}`, `Manager Number${n}`, email],
    );
    const [{ id: cohortId }] = await t.sql<{ id: string }>(
      `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
       VALUES ($1, $2, $3, current_date, current_date + 60) RETURNING id`,
      [trust, programmeId, `Assessment cohort ${n}`],
    );
    const [{ id: enrolmentId }] = await t.sql<{ id: string }>(
      `INSERT INTO enrolment (cohort_id, person_id) VALUES ($1, $2) RETURNING id`,
      [cohortId, personId],
    );
    const rows = await t.sql<{ id: string; kind: string; timepoint: string | null }>(
      `SELECT id, kind, timepoint FROM programme_step WHERE programme_id = $1 ORDER BY position`,
      [programmeId],
    );
    const step = (tp: string) => rows.find((r) => r.timepoint === tp)!.id;
    const client = t.client();
    expect((await client.signIn(email, PASSWORD)).status).toBe(200);
    return {
      client,
      personId,
      enrolmentId,
      steps: { pre: step('pre'), post: step('post'), follow_up: step('follow_up') },
      moduleSteps: rows.filter((r) => r.kind === 'module').map((r) => r.id),
    };
  }

  const base = (l: Learner, tp: 'pre' | 'post' | 'follow_up') =>
    `/api/me/enrolments/${l.enrolmentId}/steps/${l.steps[tp]}/assessment`;
  const save = (
    l: Learner,
    tp: 'pre' | 'post' | 'follow_up',
    key: string,
    answers: Record<string, unknown>,
  ) => l.client.request('PUT', `${base(l, tp)}/${key}/answers`, { body: { answers } });
  const submit = (l: Learner, tp: 'pre' | 'post' | 'follow_up', key: string) =>
    l.client.post(`${base(l, tp)}/${key}/submission`);
  const consent = (l: Learner, decision: 'given' | 'declined') =>
    l.client.post('/api/me/consents', { studyId, consentFormId: formId, decision });
  const bestAnswers = (
    instrument: { forms: Record<string, string[]>; items: { id: string; best: string }[] },
    form: string,
  ) =>
    Object.fromEntries(
      instrument.forms[form].map((id) => [id, instrument.items.find((i) => i.id === id)!.best]),
    );
  const sjt = readInstrument('cq-sjt.v1.json');
  const allSeven = (ids: string[]) => Object.fromEntries(ids.map((id) => [id, 7]));
  const selfItems: string[] = readInstrument('cq-self-assessment.v1.json').items.map(
    (i: { id: string }) => i.id,
  );
  const completeModules = (l: Learner) =>
    t.sql(
      `INSERT INTO step_completion (enrolment_id, step_id, completed_at) SELECT $1, unnest($2::uuid[]), now()`,
      [l.enrolmentId, l.moduleSteps],
    );

  /** Consents and submits the whole pre-assessment with the given self-assessment answers. */
  async function doPre(l: Learner, selfAnswers: Record<string, unknown> = allSeven(selfItems)) {
    expect((await consent(l, 'given')).status).toBe(201);
    expect((await save(l, 'pre', 'cq-self-assessment', selfAnswers)).status).toBe(200);
    expect((await submit(l, 'pre', 'cq-self-assessment')).status).toBe(201);
    expect((await save(l, 'pre', 'cq-sjt', bestAnswers(sjt, 'pre'))).status).toBe(200);
    expect((await submit(l, 'pre', 'cq-sjt')).status).toBe(201);
  }

  beforeAll(async () => {
    t = await startTestApp();
    trustId = await t.createTrust('Assessment Trust', 'ASM01');
    otherTrustId = await t.createTrust('Elsewhere Trust', 'ELS01');
    studyId = await t.createStudy('Pilot study', [trustId]);
    await t.createUser({ email: 'admin@assess.example', grants: [{ role: 'platform_admin' }] });
    await t.createUser({ email: 'lnd@assess.example', grants: [{ role: 'lnd_admin', trustId }] });
    await t.createUser({ email: 'researcher@assess.example', grants: [{ role: 'researcher', studyId }] });
    admin = t.client();
    await admin.signIn('admin@assess.example', PASSWORD);
    lnd = t.client();
    await lnd.signIn('lnd@assess.example', PASSWORD);
    researcher = t.client();
    await researcher.signIn('researcher@assess.example', PASSWORD);
    [{ id: programmeId }] = await t.sql<{ id: string }>(
      `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
    );
    const form = await admin.post(`/api/studies/${studyId}/consent-forms`, {
      title: 'Pilot evaluation consent',
      information: 'What the study is about, what taking part means, and how to withdraw.',
      statements: ['I agree to take part in the pilot evaluation.'],
    });
    expect(form.status).toBe(201);
    expect(form.body.version).toBe(1);
    formId = form.body.id;
  });
  afterAll(() => t?.close());

  it("loads the project's instruments at start, the self-assessment labelled as not the validated CQS", async () => {
    const res = await admin.get('/api/instruments');
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.map((i: { key: string }) => [i.key, i]));
    expect(Object.keys(byKey).sort()).toEqual(['cq-self-assessment', 'cq-sjt', 'reaction-survey']);
    expect(byKey['cq-self-assessment']).toMatchObject({
      version: 1,
      source: 'bundled',
      label: CQS_DISCLAIMER,
    });
    const programme = (await admin.get('/api/programmes')).body.find(
      (p: { id: string }) => p.id === programmeId,
    );
    expect(
      programme.steps
        .filter((s: { kind: string }) => s.kind !== 'module')
        .map((s: { instrumentKeys: string[] }) => s.instrumentKeys),
    ).toEqual([
      ['cq-self-assessment', 'cq-sjt'],
      ['cq-self-assessment', 'cq-sjt', 'reaction-survey'],
      ['cq-self-assessment'],
    ]);
  });

  it('shows the consent form before the pre-assessment and keeps modules locked until it is submitted', async () => {
    const l = await newLearner();
    const view = await l.client.get(base(l, 'pre'));
    expect(view.status).toBe(200);
    expect(view.body.consentNeeded).toHaveLength(1);
    expect(view.body.consentNeeded[0].form).toMatchObject({ id: formId, version: 1 });
    expect(view.body.instruments.map((i: { key: string }) => i.key)).toEqual([
      'cq-self-assessment',
      'cq-sjt',
    ]);
    expect(view.body.instruments[0].label).toBe(CQS_DISCLAIMER);
    // the SJT shows only its pre form
    expect(view.body.instruments[1].items.map((i: { id: string }) => i.id)).toEqual(sjt.forms.pre);

    const early = await save(l, 'pre', 'cq-self-assessment', { 'drive-01': 5 });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      'Read the study information and choose whether to take part before you start.',
    );

    const learning = (await l.client.get('/api/me/learning')).body.enrolments[0];
    const modules = learning.steps.filter((s: { kind: string }) => s.kind === 'module');
    expect(modules.every((s: { locked: boolean }) => s.locked)).toBe(true);
    expect(modules[0].lockedReason).toBe('Opens when you have done the pre-assessment.');
    expect(learning.steps.find((s: { id: string }) => s.id === l.steps.post).lockedReason).toBe(
      'Opens when you have finished every module.',
    );
    expect((await l.client.get(base(l, 'post'))).body).toMatchObject({ locked: true, instruments: [] });

    // A learner may decline and still train.
    expect((await consent(l, 'declined')).body.state).toBe('declined');
    expect((await save(l, 'pre', 'cq-self-assessment', { 'drive-01': 5 })).status).toBe(200);
    expect((await submit(l, 'pre', 'cq-self-assessment')).body.stepComplete).toBe(false);
    expect((await save(l, 'pre', 'cq-sjt', bestAnswers(sjt, 'pre'))).status).toBe(200);
    expect((await submit(l, 'pre', 'cq-sjt')).body.stepComplete).toBe(true);
    const after = (await l.client.get('/api/me/learning')).body.enrolments[0];
    expect(
      after.steps
        .filter((s: { kind: string }) => s.kind === 'module')
        .some((s: { locked: boolean }) => s.locked),
    ).toBe(false);
  });

  it('scores on submission: reverse keying, the missing-items rule, and the overall score only when every capability is scored', async () => {
    const l = await newLearner();
    expect((await consent(l, 'given')).status).toBe(201);
    const answers = {
      // drive: 7, 7, 7, reverse-keyed 7 → 1, 7: (7 + 7 + 7 + 1 + 7) / 5 = 5.8
      'drive-01': 7,
      'drive-02': 7,
      'drive-03': 7,
      'drive-04': 7,
      'drive-05': 7,
      // knowledge: two answers, fewer than the 3 a capability needs → no score
      'knowledge-01': 5,
      'knowledge-02': 5,
      // strategy: 4, 4, 4, reverse-keyed 4 → 4, 4 → 4
      'strategy-01': 4,
      'strategy-02': 4,
      'strategy-03': 4,
      'strategy-04': 4,
      'strategy-05': 4,
      // action: 1, 2, 3, reverse-keyed 4 → 4, 5 → 3
      'action-01': 1,
      'action-02': 2,
      'action-03': 3,
      'action-04': 4,
      'action-05': 5,
    };
    const saved = await save(l, 'pre', 'cq-self-assessment', answers);
    expect(saved.body).toMatchObject({ answered: 17, total: 20 });
    const sub = await submit(l, 'pre', 'cq-self-assessment');
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const [row] = await t.sql<{ scores: { factors: Record<string, number | null>; overall: number | null } }>(
      `SELECT scores FROM assessment_response WHERE enrolment_id = $1 AND instrument_key = 'cq-self-assessment'`,
      [l.enrolmentId],
    );
    expect(row.scores.factors.drive).toBeCloseTo(5.8, 12);
    expect(row.scores.factors.knowledge).toBeNull();
    expect(row.scores.factors.strategy).toBe(4);
    expect(row.scores.factors.action).toBe(3);
    expect(row.scores.overall).toBeNull();
  });

  it('refuses bad answers with a message naming the question, and keeps what was saved', async () => {
    const l = await newLearner();
    await consent(l, 'given');
    expect((await save(l, 'pre', 'cq-self-assessment', { 'drive-01': 6, 'drive-02': 5 })).status).toBe(200);
    const bad = await save(l, 'pre', 'cq-self-assessment', { 'drive-01': 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Question 1: choose a point on the scale from 1 to 7.');
    const unknown = await save(l, 'pre', 'cq-self-assessment', { 'not-an-item': 3 });
    expect(unknown.body.details[0]).toEqual({
      field: 'answers.not-an-item',
      message: '"not-an-item" is not a question in this assessment.',
    });
    const wrongForm = await save(l, 'pre', 'cq-sjt', { [sjt.forms.post[0]]: 'a' });
    expect(wrongForm.status).toBe(400);
    const garbage = await l.client.request('PUT', `${base(l, 'pre')}/cq-self-assessment/answers`, {
      body: { answers: 'everything' },
    });
    expect(garbage.status).toBe(400);
    const view = await l.client.get(base(l, 'pre'));
    expect(view.body.instruments[0].answers).toEqual({ 'drive-01': 6, 'drive-02': 5 });
    expect((await submit(l, 'pre', 'not-an-instrument')).status).toBe(404);
  });

  it('keeps one response per enrolment × instrument × timepoint, and never changes a submitted one', async () => {
    const l = await newLearner();
    await doPre(l);
    const again = await save(l, 'pre', 'cq-self-assessment', { 'drive-01': 1 });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('You have already submitted this questionnaire: answers cannot change.');
    expect((await submit(l, 'pre', 'cq-self-assessment')).status).toBe(409);
    const [r] = await t.sql<{ id: string; instrument_id: string; step_id: string }>(
      `SELECT id, instrument_id, step_id FROM assessment_response WHERE enrolment_id = $1 AND instrument_key = 'cq-self-assessment'`,
      [l.enrolmentId],
    );
    await expect(
      t.sql(`UPDATE assessment_response SET answers = '{"drive-01": 1}' WHERE id = $1`, [r.id]),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      t.sql(
        `INSERT INTO assessment_response (enrolment_id, step_id, instrument_id, instrument_key, timepoint)
         VALUES ($1, $2, $3, 'cq-self-assessment', 'pre')`,
        [l.enrolmentId, r.step_id, r.instrument_id],
      ),
    ).rejects.toThrow(/assessment_response_current_key/);
    const [{ count }] = await t.sql<{ count: string }>(
      `SELECT count(*) FROM assessment_response WHERE enrolment_id = $1`,
      [l.enrolmentId],
    );
    expect(Number(count)).toBe(2);
  });

  it('makes a changed definition a new version once the old one has responses, and keeps each learner on their version', async () => {
    const catalogue = t.running.app.get(InstrumentCatalogueService);
    const l = await newLearner();
    await doPre(l);
    const [{ id: v1 }] = await t.sql<{ id: string }>(
      `SELECT id FROM instrument WHERE key = 'cq-self-assessment' AND version = 1`,
    );
    await expect(t.sql(`UPDATE instrument SET title = 'Edited' WHERE id = $1`, [v1])).rejects.toThrow(
      /has responses and cannot be changed/,
    );
    await expect(t.sql(`DELETE FROM instrument WHERE id = $1`, [v1])).rejects.toThrow(/cannot be changed/);

    const edited = readInstrument('cq-self-assessment.v1.json');
    edited.items[0].text = 'I look for chances to work with colleagues whose backgrounds differ from mine.';
    expect(await catalogue.install(edited, 'bundled', null, null)).toEqual({
      key: 'cq-self-assessment',
      version: 2,
      outcome: 'new_version',
    });
    expect(await catalogue.install(edited, 'bundled', null, null)).toMatchObject({
      version: 2,
      outcome: 'unchanged',
    });
    expect((await catalogue.loadBundled()).every((o) => o.outcome === 'unchanged')).toBe(true);

    // The learner who began on version 1 stays on it at the post-assessment; a new learner gets version 2.
    await completeModules(l);
    const post = await l.client.get(base(l, 'post'));
    expect(post.body.instruments[0]).toMatchObject({ key: 'cq-self-assessment', version: 1 });
    const fresh = await newLearner();
    await consent(fresh, 'given');
    expect((await fresh.client.get(base(fresh, 'pre'))).body.instruments[0].version).toBe(2);
    await t.sql(`DELETE FROM instrument WHERE key = 'cq-self-assessment' AND version = 2`);
  });

  it('lets L&D waive the pre-assessment for one person, within their own trust only', async () => {
    const l = await newLearner();
    const moduleLocked = async () =>
      (await l.client.get('/api/me/learning')).body.enrolments[0].steps.find(
        (s: { id: string }) => s.id === l.moduleSteps[0],
      ).locked;
    expect(await moduleLocked()).toBe(true);
    const path = `/api/trusts/${trustId}/enrolments/${l.enrolmentId}/pre-assessment-waiver`;
    const noReason = await lnd.request('PUT', path, { body: { reason: '' } });
    expect(noReason.status).toBe(400);
    expect((await lnd.get(path)).body).toEqual({ state: 'open', reason: null, waivedBy: null });
    expect(
      (await lnd.request('PUT', path, { body: { reason: 'Joined after the cohort started' } })).status,
    ).toBe(204);
    expect(await moduleLocked()).toBe(false);
    expect((await lnd.get(path)).body).toMatchObject({
      state: 'waived',
      reason: 'Joined after the cohort started',
    });
    const wrongTrust = await lnd.request(
      'PUT',
      `/api/trusts/${otherTrustId}/enrolments/${l.enrolmentId}/pre-assessment-waiver`,
      { body: { reason: 'Not mine to waive' } },
    );
    expect(wrongTrust.status).toBe(403);
    const [audit] = await t.sql<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [l.enrolmentId],
    );
    expect(audit.action).toBe('enrolment.waive_pre_assessment');
    expect((await lnd.request('DELETE', path)).status).toBe(204);
    expect(await moduleLocked()).toBe(true);
  });

  it('records an admin correction as a new, audited record and keeps the original', async () => {
    const l = await newLearner();
    await doPre(l);
    const history = await admin.get(`/api/admin/enrolments/${l.enrolmentId}/responses`);
    const original = history.body.find(
      (r: { instrumentKey: string }) => r.instrumentKey === 'cq-self-assessment',
    );
    // all 7s: each capability has four items at 7 and one reverse-keyed at 8 − 7 = 1, so (7·4 + 1) / 5 = 5.8
    expect(original.overall).toBeCloseTo(5.8, 12);
    const path = `/api/admin/responses/${original.id}/corrections`;
    const noReason = await admin.post(path, { answers: allSeven(selfItems) });
    expect(noReason.status).toBe(400);
    const corrected = {
      ...allSeven(selfItems),
      'drive-04': 1,
      'knowledge-04': 1,
      'strategy-04': 1,
      'action-04': 1,
    };
    const res = await admin.post(path, { answers: corrected, reason: 'Paper form transcribed wrongly' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      correctsId: original.id,
      overall: 7,
      correctionReason: 'Paper form transcribed wrongly',
    });
    const after = (await admin.get(`/api/admin/enrolments/${l.enrolmentId}/responses`)).body;
    expect(after.find((r: { id: string }) => r.id === original.id)).toMatchObject({
      supersededAt: expect.any(String),
      answers: original.answers,
    });
    expect((await admin.post(path, { answers: corrected, reason: 'Second go at it' })).status).toBe(409);
    const [audit] = await t.sql<{ detail: { corrects: string } }>(
      `SELECT detail FROM audit_event WHERE action = 'assessment_response.correct' AND entity_id = $1`,
      [res.body.id],
    );
    expect(audit.detail.corrects).toBe(original.id);
    expect((await lnd.post(path, { answers: corrected, reason: 'Not allowed here' })).status).toBe(403);
  });

  it('opens the post-assessment after the modules and shows the learner their profile with no one else in it', async () => {
    const l = await newLearner();
    const pre = Object.fromEntries(selfItems.map((id) => [id, id.endsWith('-04') ? 5 : 3]));
    await doPre(l, pre);
    expect((await l.client.get('/api/me/cq-profile')).body.enrolments[0]).toMatchObject({
      available: false,
      points: [],
    });
    await completeModules(l);
    const post = Object.fromEntries(selfItems.map((id) => [id, id.endsWith('-04') ? 2 : 6]));
    expect((await save(l, 'post', 'cq-self-assessment', post)).status).toBe(200);
    expect((await submit(l, 'post', 'cq-self-assessment')).status).toBe(201);
    expect((await save(l, 'post', 'cq-sjt', bestAnswers(sjt, 'post'))).status).toBe(200);
    expect((await submit(l, 'post', 'cq-sjt')).status).toBe(201);
    expect(
      (await save(l, 'post', 'reaction-survey', { 'comments-01': 'The case studies.', 'quality-01': 4 }))
        .status,
    ).toBe(200);
    expect((await submit(l, 'post', 'reaction-survey')).body.stepComplete).toBe(true);

    const profile = (await l.client.get('/api/me/cq-profile')).body.enrolments[0];
    expect(profile.available).toBe(true);
    expect(profile.instrumentLabel).toBe(CQS_DISCLAIMER);
    // pre: each capability (3·4 + (8 − 5)) / 5 = 3; post: (6·4 + (8 − 2)) / 5 = 6
    expect(
      profile.points.map((p: { timepoint: string; factors: Record<string, number> }) => [
        p.timepoint,
        p.factors.drive,
      ]),
    ).toEqual([
      ['pre', 3],
      ['post', 6],
    ]);
    expect(profile.knowledge).toEqual([
      { timepoint: 'pre', correct: 12, total: 12 },
      { timepoint: 'post', correct: 12, total: 12 },
    ]);
    expect(profile.interpretation).toHaveLength(4);
    expect(profile.interpretation[0]).toMatchObject({ factor: 'drive', change: 3 });
    expect(profile.interpretation[0].summary).toMatch(/rose from 3\.0 to 6\.0 out of 7/);
    expect(JSON.stringify(profile)).not.toMatch(/Manager Number|@assess\.example|AS\d/);

    // The follow-up opens 90 days after the post-assessment.
    const follow = await l.client.get(base(l, 'follow_up'));
    expect(follow.body.locked).toBe(true);
    expect(follow.body.lockedReason).toMatch(/^Opens on \d{1,2} \w+ \d{4}\.$/);
    await t.sql(
      `UPDATE step_completion SET completed_at = now() - interval '91 days' WHERE enrolment_id = $1 AND step_id = $2`,
      [l.enrolmentId, l.steps.post],
    );
    expect((await l.client.get(base(l, 'follow_up'))).body.locked).toBe(false);
    expect((await save(l, 'follow_up', 'cq-self-assessment', allSeven(selfItems))).status).toBe(200);
    expect((await submit(l, 'follow_up', 'cq-self-assessment')).body.stepComplete).toBe(true);
    const later = (await l.client.get('/api/me/cq-profile')).body.enrolments[0];
    expect(later.points.map((p: { timepoint: string }) => p.timepoint)).toEqual(['pre', 'post', 'follow_up']);
  });

  it('removes a withdrawn participant from the study counts and keeps their training record', async () => {
    const before = (await researcher.get(`/api/studies/${studyId}/participation`)).body;
    const count = (
      body: { stages: { stage: string; count: number | null; display: string }[] },
      stage: string,
    ) => body.stages.find((s) => s.stage === stage)!;
    const l = await newLearner();
    await doPre(l);
    const during = (await researcher.get(`/api/studies/${studyId}/participation`)).body;
    expect(during.threshold).toBe(10);
    // counts below the threshold are withheld on the server
    expect(count(during, 'consented')).toMatchObject({ count: null, display: '<10' });
    const exact = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM consent WHERE study_id = $1 AND decision = 'given' AND withdrawn_at IS NULL`,
      [studyId],
    );
    expect(exact[0].n).toBeGreaterThan(0);

    const withdrawn = await l.client.post(`/api/me/consents/${studyId}/withdrawal`);
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect((await l.client.post(`/api/me/consents/${studyId}/withdrawal`)).status).toBe(409);
    const [{ n: stillThere }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM assessment_response WHERE enrolment_id = $1 AND submitted_at IS NOT NULL`,
      [l.enrolmentId],
    );
    expect(stillThere).toBe(2);
    expect((await l.client.get('/api/me/learning')).body.enrolments[0].steps[0].state).toBe('done');
    expect(before.stages.map((s: { stage: string }) => s.stage)).toEqual(
      during.stages.map((s: { stage: string }) => s.stage),
    );
  });

  it('counts participants exactly when the threshold allows, and drops a withdrawn one from every count', async () => {
    const open = await startTestApp({ SMALL_CELL_THRESHOLD: '1' });
    try {
      const trust = await open.createTrust('Open Trust', 'OPN01');
      const study = await open.createStudy('Open study', [trust]);
      await open.createUser({ email: 'admin@open.example', grants: [{ role: 'platform_admin' }] });
      const a = open.client();
      await a.signIn('admin@open.example', PASSWORD);
      const form = (
        await a.post(`/api/studies/${study}/consent-forms`, {
          title: 'Consent',
          information: 'Participant information for the open study.',
          statements: ['I agree to take part.'],
        })
      ).body;
      const counts = async () =>
        Object.fromEntries(
          (await a.get(`/api/studies/${study}/participation`)).body.stages.map(
            (s: { stage: string; count: number }) => [s.stage, s.count],
          ),
        );
      const saved = { t, studyId, formId, programmeId };
      t = open;
      studyId = study;
      formId = form.id;
      [{ id: programmeId }] = await open.sql<{ id: string }>(
        `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
      );
      try {
        const one = await newLearner(trust);
        const two = await newLearner(trust);
        await doPre(one);
        await doPre(two);
        expect(await counts()).toMatchObject({ enrolled: 2, decided: 2, consented: 2, pre: 2, withdrawn: 0 });
        expect(
          (
            await one.client.request('PUT', '/api/me/equality', {
              body: { ethnicity: 'N', gender: 'woman', band: '7' },
            })
          ).status,
        ).toBe(200);
        expect((await two.client.request('PUT', '/api/me/equality', { body: {} })).status).toBe(200);
        const eq = (await a.get(`/api/studies/${study}/equality`)).body;
        const group = eq.dimensions.find((d: { id: string }) => d.id === 'ethnic_group');
        expect(group.cells.find((c: { value: string }) => c.value === 'black').count).toBe(1);
        expect(group.cells.find((c: { value: string }) => c.value === 'unanswered').count).toBe(1);
        expect(JSON.stringify(eq)).not.toMatch(/Manager Number|@assess\.example|AS\d/);

        await one.client.post(`/api/me/consents/${study}/withdrawal`);
        expect(await counts()).toMatchObject({ enrolled: 2, decided: 2, consented: 1, pre: 1, withdrawn: 1 });
        const after = (await a.get(`/api/studies/${study}/equality`)).body;
        expect(
          after.dimensions
            .find((d: { id: string }) => d.id === 'ethnic_group')
            .cells.find((c: { value: string }) => c.value === 'black').count,
        ).toBe(0);
        const bad = await one.client.request('PUT', '/api/me/equality', { body: { ethnicity: 'Q' } });
        expect(bad.status).toBe(400);
        expect(bad.body.message).toBe('Choose an ethnic group from the list');
      } finally {
        ({ t, studyId, formId, programmeId } = saved);
      }
    } finally {
      await open.close();
    }
  });

  it('asks the learner to read a new consent form version and refuses a decision on an outdated one', async () => {
    const l = await newLearner();
    const v2 = await admin.post(`/api/studies/${studyId}/consent-forms`, {
      title: 'Pilot evaluation consent (revised)',
      information: 'Revised information: the follow-up now includes a short interview invitation.',
      statements: ['I agree to take part in the pilot evaluation.'],
    });
    expect(v2.body.version).toBe(2);
    const stale = await consent(l, 'given');
    expect(stale.status).toBe(409);
    const fresh = await l.client.post('/api/me/consents', {
      studyId,
      consentFormId: v2.body.id,
      decision: 'given',
    });
    expect(fresh.body).toMatchObject({ state: 'given', decidedOnVersion: 2 });
    formId = v2.body.id;
  });

  describe('licensed instrument packs', () => {
    const pack = () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cqp-pack-'));
      const def = readInstrument('reaction-survey.v1.json');
      def.id = 'licensed-reaction';
      def.title = 'Licensed reaction survey (test pack)';
      def.label = 'Licensed reaction survey — test pack';
      def.licence = {
        holder: 'Test Licensor Ltd',
        permittedUse: 'Research use under licence only',
        citation: 'Test Licensor Ltd (2026). Licensed reaction survey.',
        redistributable: false,
      };
      delete def.$schema;
      writeFileSync(path.join(dir, 'licensed-reaction.v1.json'), JSON.stringify(def));
      return dir;
    };

    it('loads a pack from outside the repository with its permission reference, and withholds item text from reports', async () => {
      const dir = pack();
      const res = await admin.post('/api/instruments/licensed-packs', {
        path: dir,
        permissionReference: 'Licence TL-2026-014, 1 March 2026',
      });
      expect(res.status).toBe(201);
      expect(res.body.instruments).toEqual([{ key: 'licensed-reaction', version: 1, outcome: 'added' }]);
      const list = (await researcher.get('/api/instruments')).body;
      const row = list.find((i: { key: string }) => i.key === 'licensed-reaction');
      expect(row).toMatchObject({
        source: 'licensed',
        permissionReference: 'Licence TL-2026-014, 1 March 2026',
      });
      const detail = (await researcher.get(`/api/instruments/${row.id}`)).body;
      expect(detail.items[0]).toMatchObject({ id: 'relevance-01', text: null });
      expect(JSON.stringify(detail)).not.toContain('relevant to my role');
      const again = await admin.post('/api/instruments/licensed-packs', {
        path: dir,
        permissionReference: 'Licence TL-2026-014',
      });
      expect(again.body.instruments[0].outcome).toBe('unchanged');
      expect(
        (
          await researcher.post('/api/instruments/licensed-packs', {
            path: dir,
            permissionReference: 'x-x-x',
          })
        ).status,
      ).toBe(403);
    });

    it('refuses a pack inside the repository, a relative path, a missing folder and an invalid file, loading nothing', async () => {
      const inside = await admin.post('/api/instruments/licensed-packs', {
        path: INSTRUMENTS,
        permissionReference: 'Licence 1',
      });
      expect(inside.status).toBe(400);
      expect(inside.body.message).toMatch(/must stay outside the CQ Pathway folder/);
      expect(
        (
          await admin.post('/api/instruments/licensed-packs', {
            path: 'packs/cqs',
            permissionReference: 'Licence 1',
          })
        ).body.message,
      ).toBe('Enter the full path of the folder, starting with /.');
      expect(
        (
          await admin.post('/api/instruments/licensed-packs', {
            path: '/nowhere/at/all',
            permissionReference: 'Licence 1',
          })
        ).body.message,
      ).toBe('There is no folder at /nowhere/at/all that the server can read.');
      const dir = pack();
      writeFileSync(path.join(dir, 'broken.v1.json'), '{"id": "broken", ');
      const broken = await admin.post('/api/instruments/licensed-packs', {
        path: dir,
        permissionReference: 'Licence 2',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/broken\.v1\.json: not valid JSON/);
      const noRef = await admin.post('/api/instruments/licensed-packs', {
        path: pack(),
        permissionReference: '',
      });
      expect(noRef.status).toBe(400);
      const [{ n }] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM instrument WHERE source = 'licensed'`,
      );
      expect(n).toBe(1);
    });
  });
});
