import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProgressFacts } from './progress.js';

export interface CohortRow {
  id: string;
  trustId: string;
  name: string;
  programmeId: string;
  programmeName: string;
  startDate: string;
  dueDate: string;
  ownerUserId: string | null;
  ownerName: string | null;
}

export interface EnrolmentFacts extends ProgressFacts {
  id: string;
  cohortId: string;
  personId: string;
  staffNumber: string;
  fullName: string;
  workEmail: string;
  band: string | null;
  directorate: string | null;
  enrolledAt: Date;
  lastActivityAt: Date | null;
  withdrawnReason: string | null;
  /** Completed (or waived) step ids, for working out what comes next. */
  doneStepIds: string[];
}

const COHORT_SELECT = `
  SELECT c.id, c.trust_id AS "trustId", c.name, c.programme_id AS "programmeId", p.name AS "programmeName",
         to_char(c.start_date, 'YYYY-MM-DD') AS "startDate", to_char(c.due_date, 'YYYY-MM-DD') AS "dueDate",
         c.owner_user_id AS "ownerUserId", u.display_name AS "ownerName"
    FROM cohort c
    JOIN programme p ON p.id = c.programme_id
    LEFT JOIN user_account u ON u.id = c.owner_user_id`;

/**
 * One row per enrolment with the facts status and funnel are derived from. `$1` filters the
 * enrolments (by cohort or by person); the step totals come from each cohort's programme.
 */
const FACTS_SELECT = (where: string) => `
  WITH totals AS (
    SELECT programme_id, count(*)::int AS steps, count(*) FILTER (WHERE kind = 'module')::int AS modules
      FROM programme_step GROUP BY programme_id
  )
  SELECT e.id, e.cohort_id AS "cohortId", e.person_id AS "personId", e.enrolled_at AS "enrolledAt", e.withdrawn_at IS NOT NULL AS withdrawn,
         e.withdrawn_reason AS "withdrawnReason", to_char(c.due_date, 'YYYY-MM-DD') AS "dueDate",
         p.staff_number AS "staffNumber", p.full_name AS "fullName", p.work_email AS "workEmail", p.band, p.directorate,
         COALESCE(t.steps, 0) AS "stepsTotal",
         COALESCE(sc.completed, 0) AS "stepsCompleted",
         COALESCE(sc.any_activity, false) AS "anyActivity",
         COALESCE(sc.pre_done, false) AS "preDone",
         COALESCE(sc.modules_done, 0) >= COALESCE(t.modules, 0) AS "modulesDone",
         COALESCE(sc.post_done, false) AS "postDone",
         COALESCE(sc.follow_up_done, false) AS "followUpDone",
         sc.last_activity AS "lastActivityAt",
         COALESCE(sc.done_ids, '{}') AS "doneStepIds"
    FROM enrolment e
    JOIN cohort c ON c.id = e.cohort_id
    JOIN person p ON p.id = e.person_id
    LEFT JOIN totals t ON t.programme_id = c.programme_id
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.done)::int AS completed,
             count(*) > 0 AS any_activity,
             bool_or(x.done AND s.timepoint = 'pre') AS pre_done,
             count(*) FILTER (WHERE x.done AND s.kind = 'module')::int AS modules_done,
             bool_or(x.done AND s.timepoint = 'post') AS post_done,
             bool_or(x.done AND s.timepoint = 'follow_up') AS follow_up_done,
             max(GREATEST(x.started_at, x.completed_at)) AS last_activity,
             array_agg(x.step_id) FILTER (WHERE x.done) AS done_ids
        FROM (SELECT step_id, started_at, completed_at, (completed_at IS NOT NULL OR waived) AS done
                FROM step_completion WHERE enrolment_id = e.id) x
        JOIN programme_step s ON s.id = x.step_id AND s.programme_id = c.programme_id
    ) sc ON true
   WHERE ${where}`;

@Injectable()
export class CohortsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  listCohorts(trustIds: string[]): Promise<CohortRow[]> {
    return this.db.query(
      `${COHORT_SELECT} WHERE c.trust_id = ANY($1::uuid[]) ORDER BY c.start_date DESC, c.name`,
      [trustIds],
    );
  }

  async findCohort(id: string, m: EntityManager = this.db.manager): Promise<CohortRow | null> {
    const rows: CohortRow[] = await m.query(`${COHORT_SELECT} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async createCohort(c: {
    trustId: string;
    programmeId: string;
    name: string;
    startDate: string;
    dueDate: string;
    ownerUserId: string;
  }): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date, owner_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.trustId, c.programmeId, c.name, c.startDate, c.dueDate, c.ownerUserId],
    );
    return id;
  }

  isTrustAdmin(userId: string, trustId: string): Promise<boolean> {
    return this.db
      .query(`SELECT 1 FROM role_grant WHERE user_id = $1 AND trust_id = $2 AND role = 'lnd_admin'`, [
        userId,
        trustId,
      ])
      .then((rows: unknown[]) => rows.length > 0);
  }

  async trustName(id: string): Promise<string> {
    const rows: { name: string }[] = await this.db.query(`SELECT name FROM trust WHERE id = $1`, [id]);
    return rows[0]?.name ?? '';
  }

  programmeExists(id: string): Promise<boolean> {
    return this.db
      .query(`SELECT 1 FROM programme WHERE id = $1`, [id])
      .then((rows: unknown[]) => rows.length > 0);
  }

  /** Enrolment facts for every enrolment (current and withdrawn) in these cohorts. */
  factsForCohorts(cohortIds: string[]): Promise<EnrolmentFacts[]> {
    return this.db.query(
      `${FACTS_SELECT('e.cohort_id = ANY($1::uuid[])')} ORDER BY p.full_name, p.staff_number`,
      [cohortIds],
    );
  }

  /** Current enrolments of the people linked to this account. */
  factsForUser(userId: string): Promise<EnrolmentFacts[]> {
    return this.db.query(`${FACTS_SELECT('p.user_id = $1 AND e.withdrawn_at IS NULL')} ORDER BY c.due_date`, [
      userId,
    ]);
  }

  /** People of this trust among `personIds`, with what enrolling them needs. */
  peopleToEnrol(
    trustId: string,
    personIds: string[],
    m: EntityManager,
  ): Promise<{ id: string; fullName: string; workEmail: string; userId: string | null }[]> {
    return m.query(
      `SELECT id, full_name AS "fullName", work_email AS "workEmail", user_id AS "userId"
         FROM person WHERE trust_id = $1 AND id = ANY($2::uuid[])`,
      [trustId, personIds],
    );
  }

  personIdsFromImport(trustId: string, importId: string): Promise<string[] | null> {
    return this.db
      .query(
        `SELECT i.id, i.status, array_remove(array_agg(sp.person_id), NULL) AS people
           FROM staff_import i LEFT JOIN staff_import_person sp ON sp.import_id = i.id
          WHERE i.id = $1 AND i.trust_id = $2 GROUP BY i.id`,
        [importId, trustId],
      )
      .then((rows: { status: string; people: string[] }[]) => (rows[0] ? rows[0].people : null));
  }

  async linkPerson(personId: string, userId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE person SET user_id = $2, updated_at = now() WHERE id = $1`, [personId, userId]);
  }

  /** Inserts the enrolments that do not exist yet; returns the person ids newly enrolled. */
  async enrol(cohortId: string, personIds: string[], by: string, m: EntityManager): Promise<string[]> {
    const rows: { person_id: string }[] = await m.query(
      `INSERT INTO enrolment (cohort_id, person_id, enrolled_by)
       SELECT $1, pid, $3 FROM unnest($2::uuid[]) AS pid
       ON CONFLICT (cohort_id, person_id) WHERE withdrawn_at IS NULL DO NOTHING
       RETURNING person_id`,
      [cohortId, personIds, by],
    );
    return rows.map((r) => r.person_id);
  }

  async findEnrolment(
    cohortId: string,
    enrolmentId: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; personId: string; withdrawn: boolean } | null> {
    const rows: { id: string; person_id: string; withdrawn: boolean }[] = await m.query(
      `SELECT id, person_id, withdrawn_at IS NOT NULL AS withdrawn FROM enrolment WHERE id = $1 AND cohort_id = $2`,
      [enrolmentId, cohortId],
    );
    return rows[0] ? { id: rows[0].id, personId: rows[0].person_id, withdrawn: rows[0].withdrawn } : null;
  }

  async withdraw(
    enrolmentId: string,
    reason: string,
    by: string,
    m: EntityManager,
    movedTo: string | null = null,
  ) {
    await m.query(
      `UPDATE enrolment SET withdrawn_at = now(), withdrawn_reason = $2, withdrawn_by = $3, moved_to_enrolment_id = $4
        WHERE id = $1 AND withdrawn_at IS NULL`,
      [enrolmentId, reason, by, movedTo],
    );
  }

  /** Copies completed and started steps onto the new enrolment where its programme has the same steps. */
  async copyProgress(fromEnrolmentId: string, toEnrolmentId: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO step_completion (enrolment_id, step_id, started_at, completed_at, waived)
       SELECT $2, sc.step_id, sc.started_at, sc.completed_at, sc.waived
         FROM step_completion sc
         JOIN programme_step s ON s.id = sc.step_id
         JOIN enrolment e ON e.id = $2
         JOIN cohort c ON c.id = e.cohort_id AND c.programme_id = s.programme_id
        WHERE sc.enrolment_id = $1
       ON CONFLICT DO NOTHING`,
      [fromEnrolmentId, toEnrolmentId],
    );
  }

  async activeEnrolmentId(cohortId: string, personId: string, m: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM enrolment WHERE cohort_id = $1 AND person_id = $2 AND withdrawn_at IS NULL`,
      [cohortId, personId],
    );
    return rows[0]?.id ?? null;
  }
}
