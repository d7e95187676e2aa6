import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ConsentFormRow {
  id: string;
  studyId: string;
  version: number;
  title: string;
  information: string;
  statements: string[];
  createdAt: Date;
}

export interface PersonStudyRow {
  studyId: string;
  studyName: string;
  form: ConsentFormRow;
  decision: 'given' | 'declined' | null;
  decidedAt: Date | null;
  withdrawnAt: Date | null;
  decidedOnVersion: number | null;
}

/**
 * Whether a person takes part in a study's research: their latest decision on it is "given" and not
 * withdrawn. Every research view joins through this, so withdrawal removes a person from all of them.
 */
export const PARTICIPATING = (studyParam: string, personColumn: string) => `EXISTS (
  SELECT 1 FROM consent k WHERE k.study_id = ${studyParam} AND k.person_id = ${personColumn}
     AND k.decision = 'given' AND k.withdrawn_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM consent k2 WHERE k2.study_id = k.study_id AND k2.person_id = k.person_id
                      AND k2.decided_at > k.decided_at))`;

const FORM_COLUMNS = `f.id, f.study_id AS "studyId", f.version, f.title, f.information, f.statements, f.created_at AS "createdAt"`;

@Injectable()
export class ConsentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** People linked to the account. */
  personIds(userId: string, m: EntityManager = this.db.manager): Promise<{ id: string; trustId: string }[]> {
    return m.query(`SELECT id, trust_id AS "trustId" FROM person WHERE user_id = $1`, [userId]);
  }

  /** Studies that include one of the people's trusts and have a consent form, with the latest decision. */
  async studiesFor(personIds: string[], m: EntityManager = this.db.manager): Promise<PersonStudyRow[]> {
    if (!personIds.length) return [];
    const rows: (Omit<PersonStudyRow, 'form'> & { form: ConsentFormRow })[] = await m.query(
      `SELECT s.id AS "studyId", s.name AS "studyName",
              (SELECT row_to_json(x) FROM (SELECT ${FORM_COLUMNS} FROM consent_form f WHERE f.study_id = s.id
                ORDER BY f.version DESC LIMIT 1) x) AS form,
              d.decision, d.decided_at AS "decidedAt", d.withdrawn_at AS "withdrawnAt", d.version AS "decidedOnVersion"
         FROM study s
         LEFT JOIN LATERAL (
           SELECT k.decision, k.decided_at, k.withdrawn_at, f.version FROM consent k
             JOIN consent_form f ON f.id = k.consent_form_id
            WHERE k.study_id = s.id AND k.person_id = ANY($1::uuid[])
            ORDER BY k.decided_at DESC LIMIT 1) d ON true
        WHERE EXISTS (SELECT 1 FROM study_trust st JOIN person p ON p.trust_id = st.trust_id
                       WHERE st.study_id = s.id AND p.id = ANY($1::uuid[]))
          AND EXISTS (SELECT 1 FROM consent_form f WHERE f.study_id = s.id)
        ORDER BY s.name`,
      [personIds],
    );
    return rows;
  }

  /** People (of those given) who are in a trust of the study. */
  async peopleInStudy(studyId: string, personIds: string[], m: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT p.id FROM person p JOIN study_trust st ON st.trust_id = p.trust_id
        WHERE st.study_id = $1 AND p.id = ANY($2::uuid[])`,
      [studyId, personIds],
    );
    return rows.map((r) => r.id);
  }

  async latestForm(studyId: string, m: EntityManager = this.db.manager): Promise<ConsentFormRow | null> {
    const rows: ConsentFormRow[] = await m.query(
      `SELECT ${FORM_COLUMNS} FROM consent_form f WHERE f.study_id = $1 ORDER BY f.version DESC LIMIT 1`,
      [studyId],
    );
    return rows[0] ?? null;
  }

  forms(studyId: string): Promise<ConsentFormRow[]> {
    return this.db.query(
      `SELECT ${FORM_COLUMNS} FROM consent_form f WHERE f.study_id = $1 ORDER BY f.version`,
      [studyId],
    );
  }

  async createForm(
    studyId: string,
    f: { title: string; information: string; statements: string[] },
    by: string | null,
    m: EntityManager,
  ): Promise<string> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('consent_form:' || $1))`, [studyId]);
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO consent_form (study_id, version, title, information, statements, created_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5 FROM consent_form WHERE study_id = $1
       RETURNING id`,
      [studyId, f.title, f.information, JSON.stringify(f.statements), by],
    );
    return id;
  }

  async decide(
    studyId: string,
    personIds: string[],
    formId: string,
    decision: 'given' | 'declined',
    m: EntityManager,
  ): Promise<void> {
    for (const personId of personIds)
      await m.query(
        `INSERT INTO consent (study_id, person_id, consent_form_id, decision) VALUES ($1, $2, $3, $4)`,
        [studyId, personId, formId, decision],
      );
  }

  /** Withdraws the current "given" decisions; returns how many were withdrawn. */
  async withdraw(studyId: string, personIds: string[], m: EntityManager): Promise<number> {
    const rows = await m.query(
      `WITH u AS (
         UPDATE consent k SET withdrawn_at = now()
          WHERE k.study_id = $1 AND k.person_id = ANY($2::uuid[]) AND k.decision = 'given' AND k.withdrawn_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM consent k2 WHERE k2.study_id = k.study_id AND k2.person_id = k.person_id
                             AND k2.decided_at > k.decided_at)
          RETURNING k.id)
       SELECT id FROM u`,
      [studyId, personIds],
    );
    return rows.length;
  }

  /** Counts for the study's participation view: people, decisions, and participants per timepoint. */
  async participation(studyId: string): Promise<Record<string, number>> {
    const [row]: Record<string, number>[] = await this.db.query(
      `WITH people AS (
         SELECT DISTINCT p.id FROM person p
           JOIN study_trust st ON st.trust_id = p.trust_id AND st.study_id = $1
           JOIN enrolment e ON e.person_id = p.id
       ),
       latest AS (
         SELECT DISTINCT ON (k.person_id) k.person_id, k.decision, k.withdrawn_at
           FROM consent k WHERE k.study_id = $1 ORDER BY k.person_id, k.decided_at DESC
       ),
       participants AS (
         SELECT pe.id FROM people pe WHERE ${PARTICIPATING('$1', 'pe.id')}
       ),
       submitted AS (
         SELECT DISTINCT e.person_id, r.timepoint FROM assessment_response r
           JOIN enrolment e ON e.id = r.enrolment_id
          WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL AND e.person_id IN (SELECT id FROM participants)
       )
       SELECT (SELECT count(*)::int FROM people) AS enrolled,
              (SELECT count(*)::int FROM latest l JOIN people pe ON pe.id = l.person_id) AS decided,
              (SELECT count(*)::int FROM participants) AS consented,
              (SELECT count(*)::int FROM latest l JOIN people pe ON pe.id = l.person_id WHERE l.decision = 'declined') AS declined,
              (SELECT count(*)::int FROM latest l JOIN people pe ON pe.id = l.person_id WHERE l.withdrawn_at IS NOT NULL) AS withdrawn,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'pre') AS pre,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'post') AS post,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'follow_up') AS follow_up`,
      [studyId],
    );
    return row;
  }

  /** Equality answers of the study's consenting participants, counted: never one person's row. */
  equalityCounts(
    studyId: string,
  ): Promise<{ ethnicity: string | null; gender: string | null; band: string | null; n: number }[]> {
    return this.db.query(
      `SELECT q.ethnicity, q.gender, q.band, count(*)::int AS n
         FROM equality_monitoring q
         JOIN person p ON p.id = q.person_id
         JOIN study_trust st ON st.trust_id = p.trust_id AND st.study_id = $1
        WHERE ${PARTICIPATING('$1', 'p.id')}
        GROUP BY q.ethnicity, q.gender, q.band`,
      [studyId],
    );
  }

  async equality(personId: string): Promise<{
    ethnicity: string | null;
    gender: string | null;
    band: string | null;
    recordedBand: string | null;
    asked: boolean;
  } | null> {
    const rows = await this.db.query(
      `SELECT q.ethnicity, q.gender, q.band, p.band AS "recordedBand", q.person_id IS NOT NULL AS asked
         FROM person p LEFT JOIN equality_monitoring q ON q.person_id = p.id WHERE p.id = $1`,
      [personId],
    );
    return rows[0] ?? null;
  }

  async saveEquality(
    personIds: string[],
    a: { ethnicity: string | null; gender: string | null; band: string | null },
  ): Promise<void> {
    for (const id of personIds)
      await this.db.query(
        `INSERT INTO equality_monitoring (person_id, ethnicity, gender, band) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE SET ethnicity = $2, gender = $3, band = $4, answered_at = now()`,
        [id, a.ethnicity, a.gender, a.band],
      );
  }

  async equalityAsked(personId: string, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM equality_monitoring WHERE person_id = $1`, [personId]);
    return rows.length > 0;
  }
}
