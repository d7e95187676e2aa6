import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient, uploadFile } from './support/client.js';
import { staffCsv, staffLine, staffLines } from './support/staff-csv.js';

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('cohorts, enrolment, progress and My learning', () => {
  let t: TestApp;
  let lnd: TestClient;
  let trustId: string;
  let programmeId: string;
  let importId: string;
  let cohortId: string;
  const base = () => `/api/trusts/${trustId}/cohorts`;

  beforeAll(async () => {
    t = await startTestApp();
    trustId = await t.createTrust('Northfield', 'NTH01');
    await t.createUser({ email: 'lnd@northfield.example', grants: [{ role: 'lnd_admin', trustId }] });
    lnd = t.client();
    await lnd.signIn('lnd@northfield.example', PASSWORD);
    [{ id: programmeId }] = await t.sql<{ id: string }>(
      `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
    );
    const lines = staffLines(30);
    lines[0] = staffLine(1, { first: '=cmd|calc', last: 'Smith' });
    const up = await uploadFile(lnd, `/api/trusts/${trustId}/staff-imports`, staffCsv(lines));
    importId = up.body.id;
    expect((await lnd.post(`/api/trusts/${trustId}/staff-imports/${importId}/confirm`)).status).toBe(201);
  });
  afterAll(() => t?.close());

  it('lists the default programme with its ordered steps', async () => {
    const res = await lnd.get('/api/programmes');
    const programme = res.body.find((p: { id: string }) => p.id === programmeId);
    expect(programme.name).toBe('Cultural intelligence for inclusive leadership');
    expect(programme.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'assessment',
      'module',
      'module',
      'module',
      'module',
      'module',
      'module',
      'assessment',
      'follow_up',
    ]);
    expect(programme.steps[8]).toMatchObject({ timepoint: 'follow_up', offsetDays: 90 });
  });

  it('creates a cohort and checks its dates and programme', async () => {
    const bad = await lnd.post(base(), {
      name: 'Backwards',
      programmeId,
      startDate: '2027-03-01',
      dueDate: '2027-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { field: 'dueDate', message: 'The due date must be on or after the start date.' },
    ]);
    const res = await lnd.post(base(), {
      name: 'Surgery managers',
      programmeId,
      startDate: isoDate(-7),
      dueDate: isoDate(3),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Surgery managers',
      programmeName: 'Cultural intelligence for inclusive leadership',
      ownerName: 'lnd',
    });
    cohortId = res.body.id;
  });

  it('enrols 20 people, invites them, and the dashboard shows 20 not started', async () => {
    const people = await lnd.get(`/api/trusts/${trustId}/people?limit=20&notInCohort=${cohortId}`);
    const ids = people.body.items.map((p: { id: string }) => p.id);
    const res = await lnd.post(`${base()}/${cohortId}/enrolments`, { personIds: ids });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ enrolled: 20, alreadyEnrolled: 0, invited: 20 });
    const again = await lnd.post(`${base()}/${cohortId}/enrolments`, { personIds: ids.slice(0, 3) });
    expect(again.body).toEqual({ enrolled: 0, alreadyEnrolled: 3, invited: 0 });

    const dash = await lnd.get(`${base()}/${cohortId}`);
    expect(dash.body.cohort.counts).toEqual({
      enrolled: 20,
      not_started: 20,
      in_progress: 0,
      completed: 0,
      overdue: 0,
      withdrawn: 0,
    });
    expect(dash.body.funnel.map((f: { count: number }) => f.count)).toEqual([20, 0, 0, 0, 0, 0]);
    expect(dash.body.total).toBe(20);
    const mails = await t.sql<{ subject: string; body_text: string }>(
      `SELECT subject, body_text FROM outbound_email`,
    );
    expect(mails).toHaveLength(20);
    expect(mails[0].body_text).toContain(
      'You have been enrolled on "Cultural intelligence for inclusive leadership"',
    );
    expect(
      (await lnd.get(`/api/trusts/${trustId}/people?limit=100&notInCohort=${cohortId}`)).body.total,
    ).toBe(10);
  });

  it('shows an enrolled learner their programme, due date and the one next step', async () => {
    const [mail] = await t.sql<{ body_text: string; to_address: string }>(
      `SELECT body_text, to_address FROM outbound_email ORDER BY to_address LIMIT 1`,
    );
    const token = /set-password\?token=([\w-]+)/.exec(mail.body_text)![1];
    const anon = await t.client().start();
    expect(
      (await anon.post('/api/auth/password-reset/complete', { token, password: 'learner-password-1' }))
        .status,
    ).toBe(204);
    const learner = t.client();
    expect((await learner.signIn(mail.to_address, 'learner-password-1')).status).toBe(200);
    const res = await learner.get('/api/me/learning');
    expect(res.status).toBe(200);
    expect(res.body.enrolments).toHaveLength(1);
    const e = res.body.enrolments[0];
    expect(e).toMatchObject({
      programmeName: 'Cultural intelligence for inclusive leadership',
      cohortName: 'Surgery managers',
      dueDate: isoDate(3),
      status: 'not_started',
    });
    expect(e.nextStep).toMatchObject({ title: 'Pre-assessment: your CQ profile', state: 'next' });
    expect(e.steps.map((s: { state: string }) => s.state)).toEqual([
      'next',
      'later',
      'later',
      'later',
      'later',
      'later',
      'later',
      'later',
      'later',
    ]);
  });

  it('derives in progress, completed and overdue from step completion and the due date', async () => {
    const enrolments = await t.sql<{ id: string }>(
      `SELECT id FROM enrolment WHERE cohort_id = $1 ORDER BY id LIMIT 2`,
      [cohortId],
    );
    const steps = await t.sql<{ id: string }>(
      `SELECT id FROM programme_step WHERE programme_id = $1 ORDER BY position`,
      [programmeId],
    );
    await t.sql(`INSERT INTO step_completion (enrolment_id, step_id, completed_at) VALUES ($1, $2, now())`, [
      enrolments[0].id,
      steps[0].id,
    ]);
    for (const s of steps)
      await t.sql(
        `INSERT INTO step_completion (enrolment_id, step_id, completed_at) VALUES ($1, $2, now())`,
        [enrolments[1].id, s.id],
      );
    let dash = await lnd.get(`${base()}/${cohortId}`);
    expect(dash.body.cohort.counts).toMatchObject({ not_started: 18, in_progress: 1, completed: 1 });
    expect(dash.body.funnel.map((f: { count: number }) => f.count)).toEqual([20, 2, 2, 1, 1, 1]);

    await t.sql(`UPDATE cohort SET start_date = $2, due_date = $3 WHERE id = $1`, [
      cohortId,
      isoDate(-30),
      isoDate(-1),
    ]);
    dash = await lnd.get(`${base()}/${cohortId}?status=overdue&limit=5`);
    expect(dash.body.cohort.counts).toMatchObject({ overdue: 19, completed: 1 });
    expect(dash.body.total).toBe(19);
    expect(dash.body.enrolments).toHaveLength(5);
    expect(dash.body.enrolments.every((e: { status: string }) => e.status === 'overdue')).toBe(true);
    await t.sql(`UPDATE cohort SET start_date = $2, due_date = $3 WHERE id = $1`, [
      cohortId,
      isoDate(-7),
      isoDate(3),
    ]);
  });

  it('withdraws with a reason, keeps the record, and refuses to withdraw twice', async () => {
    const dash = await lnd.get(`${base()}/${cohortId}?status=not_started&limit=1`);
    const enrolmentId = dash.body.enrolments[0].id;
    expect(
      (await lnd.post(`${base()}/${cohortId}/enrolments/${enrolmentId}/withdraw`, { reason: '' })).status,
    ).toBe(400);
    expect(
      (
        await lnd.post(`${base()}/${cohortId}/enrolments/${enrolmentId}/withdraw`, {
          reason: 'Left the trust',
        })
      ).status,
    ).toBe(204);
    const again = await lnd.post(`${base()}/${cohortId}/enrolments/${enrolmentId}/withdraw`, {
      reason: 'Again',
    });
    expect(again.status).toBe(409);
    const after = await lnd.get(`${base()}/${cohortId}?status=withdrawn`);
    expect(after.body.enrolments).toEqual([
      expect.objectContaining({ id: enrolmentId, status: 'withdrawn', withdrawnReason: 'Left the trust' }),
    ]);
    expect(after.body.cohort.counts).toMatchObject({ enrolled: 19, withdrawn: 1 });
  });

  it('moves a person to another cohort, keeping their progress and the old record', async () => {
    const other = await lnd.post(base(), {
      name: 'Medicine managers',
      programmeId,
      startDate: isoDate(-7),
      dueDate: isoDate(60),
    });
    const dash = await lnd.get(`${base()}/${cohortId}?status=in_progress`);
    const moving = dash.body.enrolments[0];
    const res = await lnd.post(`${base()}/${cohortId}/enrolments/${moving.id}/move`, {
      toCohortId: other.body.id,
    });
    expect(res.status).toBe(201);
    const old = await lnd.get(`${base()}/${cohortId}?status=withdrawn`);
    expect(old.body.enrolments.find((e: { id: string }) => e.id === moving.id).withdrawnReason).toBe(
      'Moved to Medicine managers',
    );
    const moved = await lnd.get(`${base()}/${other.body.id}`);
    expect(moved.body.enrolments).toEqual([
      expect.objectContaining({
        id: res.body.id,
        personId: moving.personId,
        status: 'in_progress',
        stepsCompleted: 1,
      }),
    ]);
    const [audit] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action IN ('enrolment.move', 'enrolment.withdraw', 'cohort.enrol')`,
    );
    expect(audit.n).toBeGreaterThanOrEqual(3);
  });

  it('exports the dashboard as CSV with formula cells neutralised, and records the export', async () => {
    const res = await lnd.request('GET', `${base()}/${cohortId}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="surgery-managers-progress-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = String(res.body)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Staff number,Name,Work email,Band,Directorate,Status,Steps completed,Steps in programme,Enrolled,Last activity,Withdrawal reason',
    );
    expect(lines).toHaveLength(21);
    const injected = lines.find((l) => l.startsWith('100001,'));
    expect(injected).toContain(`'=cmd|calc Smith`);
    expect(lines.some((l) => l.includes(',=') || l.includes(',"='))).toBe(false);
    const [audit] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'cohort.export'`,
    );
    expect(audit.n).toBe(1);
  });

  it('enrols everyone from an import, and keeps another trust out of this one', async () => {
    const third = await lnd.post(base(), {
      name: 'Everyone',
      programmeId,
      startDate: isoDate(0),
      dueDate: isoDate(90),
    });
    const res = await lnd.post(`${base()}/${third.body.id}/enrolments`, { importId });
    expect(res.body).toMatchObject({ enrolled: 30, alreadyEnrolled: 0 });
    const otherTrust = await t.createTrust('Elsewhere', 'ELS01');
    await t.createUser({
      email: 'lnd@elsewhere.example',
      grants: [{ role: 'lnd_admin', trustId: otherTrust }],
    });
    const outsider = t.client();
    await outsider.signIn('lnd@elsewhere.example', PASSWORD);
    expect((await outsider.get(`${base()}/${cohortId}`)).status).toBe(403);
    expect((await outsider.get(`/api/trusts/${otherTrust}/cohorts/${cohortId}`)).status).toBe(404);
    const sneaky = await outsider.post(`/api/trusts/${otherTrust}/cohorts`, {
      name: 'x',
      programmeId,
      startDate: isoDate(0),
      dueDate: isoDate(1),
    });
    const enrolAcross = await outsider.post(
      `/api/trusts/${otherTrust}/cohorts/${sneaky.body.id}/enrolments`,
      { importId },
    );
    expect(enrolAcross.status).toBe(400);
  });
});
