import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemindersService } from '../src/modules/reminders/reminders.service.js';
import { PASSWORD, startTestApp, TestApp } from './support/app.js';
import { TestClient, uploadFile } from './support/client.js';
import { staffCsv, staffLines } from './support/staff-csv.js';

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('reminders', () => {
  let t: TestApp;
  let lnd: TestClient;
  let trustId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOBS: 'true', REMINDER_DUE_SOON_DAYS: '7', REMINDER_MIN_INTERVAL_DAYS: '7' });
    trustId = await t.createTrust('Northfield', 'NTH01');
    await t.createUser({ email: 'lnd@northfield.example', grants: [{ role: 'lnd_admin', trustId }] });
    lnd = t.client();
    await lnd.signIn('lnd@northfield.example', PASSWORD);
    const up = await uploadFile(lnd, `/api/trusts/${trustId}/staff-imports`, staffCsv(staffLines(6)));
    await lnd.post(`/api/trusts/${trustId}/staff-imports/${up.body.id}/confirm`);
    const [{ id: programmeId }] = await t.sql<{ id: string }>(`SELECT id FROM programme LIMIT 1`);
    const people = (await lnd.get(`/api/trusts/${trustId}/people?limit=6`)).body.items.map(
      (p: { id: string }) => p.id,
    );
    const cohort = async (name: string, start: number, due: number, ids: string[]) => {
      const c = await lnd.post(`/api/trusts/${trustId}/cohorts`, {
        name,
        programmeId,
        startDate: isoDate(start),
        dueDate: isoDate(due),
      });
      await lnd.post(`/api/trusts/${trustId}/cohorts/${c.body.id}/enrolments`, { personIds: ids });
      return c.body.id as string;
    };
    await cohort('Due soon', -10, 3, people.slice(0, 2));
    await cohort('Overdue', -40, -2, people.slice(2, 4));
    await cohort('Due later', -10, 40, people.slice(4, 6));
    await t.sql(`DELETE FROM outbound_email`);
  });
  afterAll(() => t?.close());

  it('schedules the reminder job with pg-boss', async () => {
    const rows = await t.sql<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule`);
    expect(rows).toEqual([{ name: 'send-reminders', cron: '0 8 * * 1-5' }]);
  });

  it('sends due-soon and overdue reminders through the outbox, at most one per learner per interval', async () => {
    const reminders = t.running.app.get(RemindersService);
    expect(await reminders.run()).toEqual({ dueSoon: 2, overdue: 2, followUp: 0 });
    const mails = await t.sql<{ subject: string; body_text: string }>(
      `SELECT subject, body_text FROM outbound_email ORDER BY subject`,
    );
    expect(mails.map((m) => m.subject)).toEqual([
      `Due by ${isoDate(3)}: Cultural intelligence for inclusive leadership`,
      `Due by ${isoDate(3)}: Cultural intelligence for inclusive leadership`,
      'Overdue: Cultural intelligence for inclusive leadership',
      'Overdue: Cultural intelligence for inclusive leadership',
    ]);
    expect(mails[0].body_text).toMatch(/\/learning/);
    expect(await reminders.run()).toEqual({ dueSoon: 0, overdue: 0, followUp: 0 });

    await t.sql(`UPDATE reminder SET sent_at = now() - interval '8 days'`);
    expect(await reminders.run()).toEqual({ dueSoon: 2, overdue: 2, followUp: 0 });
  });

  it('lets L&D see what was sent to whom', async () => {
    const res = await lnd.get(`/api/trusts/${trustId}/reminders`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(8);
    expect(res.body[0]).toMatchObject({
      kind: expect.stringMatching(/due_soon|overdue/),
      emailStatus: 'stored',
      workEmail: expect.stringContaining('@northfield.example'),
    });
  });

  it('does not remind anyone who has finished or withdrawn', async () => {
    await t.sql(`UPDATE reminder SET sent_at = now() - interval '30 days'`);
    const [finished] = await t.sql<{ id: string }>(
      `SELECT e.id FROM enrolment e JOIN cohort c ON c.id = e.cohort_id WHERE c.name = 'Overdue' LIMIT 1`,
    );
    await t.sql(
      `INSERT INTO step_completion (enrolment_id, step_id, completed_at) SELECT $1, id, now() FROM programme_step WHERE programme_id = (SELECT programme_id FROM cohort WHERE name = 'Overdue')`,
      [finished.id],
    );
    await t.sql(`UPDATE enrolment SET withdrawn_at = now(), withdrawn_reason = 'Left' WHERE id IN (
      SELECT e.id FROM enrolment e JOIN cohort c ON c.id = e.cohort_id WHERE c.name = 'Due soon' LIMIT 1)`);
    expect(await t.running.app.get(RemindersService).run()).toEqual({ dueSoon: 1, overdue: 1, followUp: 0 });
  });

  it('invites a learner to the follow-up once, when it opens N days after their post-assessment', async () => {
    const reminders = t.running.app.get(RemindersService);
    await t.sql(`UPDATE reminder SET sent_at = now() - interval '30 days'`);
    await reminders.run();
    const [{ id: enrolmentId, programmeId }] = await t.sql<{ id: string; programmeId: string }>(
      `SELECT e.id, c.programme_id AS "programmeId" FROM enrolment e JOIN cohort c ON c.id = e.cohort_id
        WHERE c.name = 'Due later' LIMIT 1`,
    );
    const [{ offset }] = await t.sql<{ offset: number }>(
      `SELECT offset_days AS offset FROM programme_step WHERE programme_id = $1 AND kind = 'follow_up'`,
      [programmeId],
    );
    const postDoneDaysAgo = async (days: number) =>
      t.sql(
        `INSERT INTO step_completion (enrolment_id, step_id, completed_at)
         SELECT $1, id, now() - make_interval(days => $3::int) FROM programme_step
          WHERE programme_id = $2 AND kind <> 'follow_up'
         ON CONFLICT (enrolment_id, step_id) DO UPDATE SET completed_at = EXCLUDED.completed_at`,
        [enrolmentId, programmeId, days],
      );

    await postDoneDaysAgo(offset - 1);
    expect((await reminders.run()).followUp).toBe(0);

    await postDoneDaysAgo(offset + 1);
    expect((await reminders.run()).followUp).toBe(1);
    const [mail] = await t.sql<{ subject: string; body_text: string }>(
      `SELECT o.subject, o.body_text FROM reminder r JOIN outbound_email o ON o.id = r.email_id
        WHERE r.enrolment_id = $1 AND r.kind = 'follow_up_invitation'`,
      [enrolmentId],
    );
    expect(mail.subject).toBe('Your follow-up is open: Cultural intelligence for inclusive leadership');
    expect(mail.body_text).toMatch(/\/learning/);
    expect((await reminders.run()).followUp).toBe(0);
  });
});
