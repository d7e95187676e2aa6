import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Answer, InstrumentScore } from '@cqp/content/instruments';
import { DataSource, EntityManager } from 'typeorm';
import type { GateStep, StepDone } from '../learning/gating.js';

export type Timepoint = 'pre' | 'post' | 'follow_up';

export interface LearnerEnrolment {
  enrolmentId: string;
  personId: string;
  trustId: string;
  programmeId: string;
  programmeName: string;
  withdrawn: boolean;
}

export interface ProgrammeStepRow extends GateStep {
  title: string;
  position: number;
  packageId: string | null;
  instrumentKeys: string[];
}

export interface ResponseRow {
  id: string;
  enrolmentId: string;
  stepId: string;
  instrumentId: string;
  instrumentKey: string;
  version: number;
  timepoint: Timepoint;
  form: 'pre' | 'post' | null;
  answers: Record<string, Answer>;
  scores: InstrumentScore | null;
  startedAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  supersededAt: Date | null;
  correctsId: string | null;
  correctionReason: string | null;
}

const RESPONSE_SELECT = `
  SELECT r.id, r.enrolment_id AS "enrolmentId", r.step_id AS "stepId", r.instrument_id AS "instrumentId",
         r.instrument_key AS "instrumentKey", i.version, r.timepoint, r.form, r.answers, r.scores,
         r.started_at AS "startedAt", r.updated_at AS "updatedAt", r.submitted_at AS "submittedAt",
         r.superseded_at AS "supersededAt", r.corrects_id AS "correctsId", r.correction_reason AS "correctionReason"
    FROM assessment_response r JOIN instrument i ON i.id = r.instrument_id`;

@Injectable()
export class AssessmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The caller's enrolment (through the person record linked to their account), or null. */
  async learnerEnrolment(
    userId: string,
    enrolmentId: string,
    m: EntityManager = this.db.manager,
  ): Promise<LearnerEnrolment | null> {
    const rows: LearnerEnrolment[] = await m.query(
      `SELECT e.id AS "enrolmentId", p.id AS "personId", p.trust_id AS "trustId", c.programme_id AS "programmeId",
              pr.name AS "programmeName", e.withdrawn_at IS NOT NULL AS withdrawn
         FROM enrolment e
         JOIN person p ON p.id = e.person_id
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme pr ON pr.id = c.programme_id
        WHERE e.id = $1 AND p.user_id = $2`,
      [enrolmentId, userId],
    );
    return rows[0] ?? null;
  }

  /** Current (not withdrawn) enrolments of the caller, newest first. */
  learnerEnrolments(userId: string): Promise<LearnerEnrolment[]> {
    return this.db.query(
      `SELECT e.id AS "enrolmentId", p.id AS "personId", p.trust_id AS "trustId", c.programme_id AS "programmeId",
              pr.name AS "programmeName", e.withdrawn_at IS NOT NULL AS withdrawn
         FROM enrolment e
         JOIN person p ON p.id = e.person_id
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme pr ON pr.id = c.programme_id
        WHERE p.user_id = $1 AND e.withdrawn_at IS NULL
        ORDER BY e.enrolled_at DESC`,
      [userId],
    );
  }

  programmeSteps(programmeId: string, m: EntityManager = this.db.manager): Promise<ProgrammeStepRow[]> {
    return m.query(
      `SELECT s.id, s.position, s.kind, s.title, s.timepoint, s.offset_days AS "offsetDays", s.package_id AS "packageId",
              COALESCE((SELECT array_agg(si.instrument_key ORDER BY si.position)
                          FROM programme_step_instrument si WHERE si.step_id = s.id), '{}') AS "instrumentKeys"
         FROM programme_step s WHERE s.programme_id = $1 ORDER BY s.position`,
      [programmeId],
    );
  }

  /** Completed or waived steps of an enrolment, with the UK date of completion. */
  async completions(enrolmentId: string, m: EntityManager = this.db.manager): Promise<Map<string, StepDone>> {
    const rows: { stepId: string; completedOn: string | null; waived: boolean }[] = await m.query(
      `SELECT step_id AS "stepId", waived,
              to_char(completed_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "completedOn"
         FROM step_completion WHERE enrolment_id = $1 AND (completed_at IS NOT NULL OR waived)`,
      [enrolmentId],
    );
    return new Map(rows.map((r) => [r.stepId, { completedOn: r.completedOn, waived: r.waived }]));
  }

  /** Current responses (corrections replace what they correct). */
  responses(enrolmentIds: string[], m: EntityManager = this.db.manager): Promise<ResponseRow[]> {
    return m.query(
      `${RESPONSE_SELECT} WHERE r.enrolment_id = ANY($1::uuid[]) AND r.superseded_at IS NULL
        ORDER BY r.started_at`,
      [enrolmentIds],
    );
  }

  /** Every response of an enrolment, including superseded ones, for the admin's correction screen. */
  history(enrolmentId: string): Promise<ResponseRow[]> {
    return this.db.query(`${RESPONSE_SELECT} WHERE r.enrolment_id = $1 ORDER BY r.started_at`, [enrolmentId]);
  }

  async response(id: string, m: EntityManager = this.db.manager): Promise<ResponseRow | null> {
    const rows: ResponseRow[] = await m.query(`${RESPONSE_SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Saves answers to the current draft, creating it on the first save. Returns null when the response for
   * this instrument and timepoint was already submitted (nothing is changed then).
   */
  async saveDraft(
    d: {
      enrolmentId: string;
      stepId: string;
      instrumentId: string;
      instrumentKey: string;
      timepoint: Timepoint;
      form: 'pre' | 'post' | null;
      answers: Record<string, Answer>;
    },
    m: EntityManager,
  ): Promise<{ id: string; updatedAt: Date } | null> {
    const rows: { id: string; updatedAt: Date }[] = await m.query(
      `INSERT INTO assessment_response (enrolment_id, step_id, instrument_id, instrument_key, timepoint, form, answers)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (enrolment_id, instrument_key, timepoint) WHERE superseded_at IS NULL
       DO UPDATE SET answers = EXCLUDED.answers, updated_at = now()
        WHERE assessment_response.submitted_at IS NULL
       RETURNING id, updated_at AS "updatedAt"`,
      [
        d.enrolmentId,
        d.stepId,
        d.instrumentId,
        d.instrumentKey,
        d.timepoint,
        d.form,
        JSON.stringify(d.answers),
      ],
    );
    return rows[0] ?? null;
  }

  /** Final: sets the submission time and the scores once. False when it was already submitted. */
  async submit(id: string, scores: InstrumentScore, m: EntityManager): Promise<Date | null> {
    const rows: { submittedAt: Date }[] = await m.query(
      `WITH u AS (UPDATE assessment_response SET submitted_at = now(), updated_at = now(), scores = $2
                   WHERE id = $1 AND submitted_at IS NULL RETURNING submitted_at)
       SELECT submitted_at AS "submittedAt" FROM u`,
      [id, JSON.stringify(scores)],
    );
    return rows[0]?.submittedAt ?? null;
  }

  /** A correction: the original is marked superseded and a new submitted record takes its place. */
  async correct(
    original: ResponseRow,
    c: { answers: Record<string, Answer>; scores: InstrumentScore; reason: string; by: string },
    m: EntityManager,
  ): Promise<string> {
    const done = await m.query(
      `WITH u AS (UPDATE assessment_response SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL
                   AND submitted_at IS NOT NULL RETURNING id)
       SELECT id FROM u`,
      [original.id],
    );
    if (!done.length) throw new Error('response is not current');
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO assessment_response (enrolment_id, step_id, instrument_id, instrument_key, timepoint, form, answers,
                                        scores, started_at, submitted_at, corrects_id, corrected_by, correction_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10, $11, $12) RETURNING id`,
      [
        original.enrolmentId,
        original.stepId,
        original.instrumentId,
        original.instrumentKey,
        original.timepoint,
        original.form,
        JSON.stringify(c.answers),
        JSON.stringify(c.scores),
        original.startedAt,
        original.id,
        c.by,
        c.reason,
      ],
    );
    return id;
  }

  async markStepStarted(enrolmentId: string, stepId: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO step_completion (enrolment_id, step_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [enrolmentId, stepId],
    );
  }

  async markStepCompleted(enrolmentId: string, stepId: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO step_completion (enrolment_id, step_id, completed_at) VALUES ($1, $2, now())
       ON CONFLICT (enrolment_id, step_id) DO UPDATE
         SET completed_at = COALESCE(step_completion.completed_at, EXCLUDED.completed_at)`,
      [enrolmentId, stepId],
    );
  }

  /** Serialises saves and submissions of one enrolment. */
  async lockEnrolment(enrolmentId: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT 1 FROM enrolment WHERE id = $1 FOR UPDATE`, [enrolmentId]);
  }

  /** The enrolment's pre-assessment step and its trust, for L&D's waiver. */
  async enrolmentPreStep(
    enrolmentId: string,
  ): Promise<{ trustId: string; stepId: string | null; withdrawn: boolean } | null> {
    const rows = await this.db.query(
      `SELECT c.trust_id AS "trustId", e.withdrawn_at IS NOT NULL AS withdrawn,
              (SELECT s.id FROM programme_step s WHERE s.programme_id = c.programme_id AND s.timepoint = 'pre'
                AND s.kind = 'assessment' LIMIT 1) AS "stepId"
         FROM enrolment e JOIN cohort c ON c.id = e.cohort_id WHERE e.id = $1`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  async preStepState(
    enrolmentId: string,
    stepId: string,
  ): Promise<{ completed: boolean; waived: boolean; reason: string | null; by: string | null } | null> {
    const rows = await this.db.query(
      `SELECT sc.completed_at IS NOT NULL AS completed, sc.waived, sc.waived_reason AS reason, u.display_name AS by
         FROM step_completion sc LEFT JOIN user_account u ON u.id = sc.waived_by
        WHERE sc.enrolment_id = $1 AND sc.step_id = $2`,
      [enrolmentId, stepId],
    );
    return rows[0] ?? null;
  }

  async setWaiver(enrolmentId: string, stepId: string, reason: string, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO step_completion (enrolment_id, step_id, waived, waived_reason, waived_by) VALUES ($1, $2, true, $3, $4)
       ON CONFLICT (enrolment_id, step_id) DO UPDATE SET waived = true, waived_reason = $3, waived_by = $4`,
      [enrolmentId, stepId, reason, by],
    );
  }

  async clearWaiver(enrolmentId: string, stepId: string): Promise<void> {
    await this.db.query(
      `UPDATE step_completion SET waived = false, waived_reason = NULL, waived_by = NULL
        WHERE enrolment_id = $1 AND step_id = $2`,
      [enrolmentId, stepId],
    );
  }

  async setStepInstruments(stepId: string, keys: string[]): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM programme_step_instrument WHERE step_id = $1`, [stepId]);
      for (const [i, key] of keys.entries())
        await m.query(
          `INSERT INTO programme_step_instrument (step_id, instrument_key, position) VALUES ($1, $2, $3)`,
          [stepId, key, i + 1],
        );
    });
  }
}
