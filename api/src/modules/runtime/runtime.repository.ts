import { Inject, Injectable } from '@nestjs/common';
import { EMBEDDED_DATABASE } from '../../database/tokens.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { CmiState, InteractionRow, ObjectiveRow, ScoSummary } from './cmi/index.js';
import type { AttemptPolicy, AttemptRollup, Completion, Grading, Success } from './rollup.js';

export type ScormVersion = '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th';

export interface AttemptRow {
  id: string;
  enrolmentId: string;
  packageId: string;
  packageVersionId: string;
  number: number;
  completion: Completion;
  success: Success;
  scoreScaled: number | null;
  totalSeconds: number;
  startedAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface ScoRow {
  id: string;
  position: number;
  itemIdentifier: string;
  title: string;
  launch: string;
  masteryScore: number | null;
  completionThreshold: number | null;
}

export interface ScoStateRow {
  scoId: string;
  cmi: CmiState;
  completion: Completion;
  success: Success;
  scoreRaw: number | null;
  scoreScaled: number | null;
  location: string | null;
  exit: string | null;
  totalSeconds: number;
  sessionCount: number;
  updatedAt: Date;
  completedAt: Date | null;
}

/** What a launch token opens, read with every commit and content request. */
export interface LaunchRow {
  id: string;
  attemptId: string;
  scoId: string;
  entry: 'ab-initio' | 'resume' | '';
  commitSeq: number;
  createdAt: Date;
  lastCommitAt: Date | null;
  terminatedAt: Date | null;
  expiresAt: Date;
  sessionSeconds: number | null;
  packageVersionId: string;
  scormVersion: ScormVersion;
  enrolmentId: string;
}

/** Everything a commit needs to decide and to compute, read in one query. */
export interface CommitContext {
  id: string;
  attemptId: string;
  scoId: string;
  commitSeq: number;
  createdAt: Date;
  terminatedAt: Date | null;
  expiresAt: Date;
  enrolmentId: string;
  packageId: string;
  scormVersion: ScormVersion;
  masteryScore: number | null;
  completionThreshold: number | null;
  scoCount: number;
  cmi: CmiState;
  scoTotalSeconds: number;
  /** The other SCOs of the attempt, for the roll-up. */
  others: { completion: Completion; success: Success; scoreScaled: number | null; totalSeconds: number }[];
}

export interface CommitWrite {
  launchId: string;
  attemptId: string;
  scoId: string;
  enrolmentId: string;
  packageId: string;
  expectedSeq: number;
  seq: number;
  terminate: boolean;
  sessionSeconds: number | null;
  ttlHours: number;
  cmi: CmiState;
  summary: ScoSummary;
  scoreScaled: number | null;
  addSeconds: number;
  newSession: boolean;
  rollup: AttemptRollup;
  /** null: unchanged, leave the rows as they are. */
  interactions: InteractionRow[] | null;
  objectives: ObjectiveRow[] | null;
  stepDone: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const ATTEMPT_COLUMNS = `a.id, a.enrolment_id AS "enrolmentId", a.package_id AS "packageId",
  a.package_version_id AS "packageVersionId", a.number, a.completion, a.success,
  a.score_scaled AS "scoreScaled", a.total_seconds AS "totalSeconds", a.started_at AS "startedAt",
  a.updated_at AS "updatedAt", a.completed_at AS "completedAt"`;

const toAttempt = (r: AttemptRow): AttemptRow => ({
  ...r,
  scoreScaled: num(r.scoreScaled),
  totalSeconds: Number(r.totalSeconds),
});

const toState = (r: ScoStateRow): ScoStateRow => ({
  ...r,
  scoreRaw: num(r.scoreRaw),
  scoreScaled: num(r.scoreScaled),
  totalSeconds: Number(r.totalSeconds),
});

@Injectable()
export class RuntimeRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(EMBEDDED_DATABASE) private readonly embedded: boolean,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * A named prepared statement on the driver's pool: PostgreSQL parses and plans it once per connection.
   * Used for the two statements every commit runs; `text` must be the same whenever `name` is. Not on the
   * embedded database: its pooled connections share one session, where a second connection preparing the
   * same name fails ("prepared statement already exists").
   */
  private async prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    if (this.embedded) return this.db.query(text, values);
    const pool = (this.db.driver as unknown as { master: Pool }).master;
    return (await pool.query({ name, text, values })).rows as T[];
  }

  /** The module step of the caller's own enrolment, with the package it plays. */
  async learnerStep(
    userId: string,
    enrolmentId: string,
    stepId: string,
    m: EntityManager = this.db.manager,
  ): Promise<{
    enrolmentId: string;
    personId: string;
    fullName: string;
    stepId: string;
    stepTitle: string;
    kind: string;
    packageId: string | null;
    packageTitle: string | null;
    attemptPolicy: AttemptPolicy | null;
    grading: Grading | null;
  } | null> {
    const rows = await m.query(
      `SELECT e.id AS "enrolmentId", p.id AS "personId", p.full_name AS "fullName", s.id AS "stepId",
              s.title AS "stepTitle", s.kind, s.package_id AS "packageId", pk.title AS "packageTitle",
              pk.attempt_policy AS "attemptPolicy", pk.grading
         FROM enrolment e
         JOIN person p ON p.id = e.person_id
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme_step s ON s.programme_id = c.programme_id AND s.id = $3
         LEFT JOIN scorm_package pk ON pk.id = s.package_id
        WHERE e.id = $2 AND p.user_id = $1 AND e.withdrawn_at IS NULL`,
      [userId, enrolmentId, stepId],
    );
    return rows[0] ?? null;
  }

  async learnerOfEnrolment(enrolmentId: string): Promise<{ personId: string; fullName: string } | null> {
    const rows = await this.db.query(
      `SELECT p.id AS "personId", p.full_name AS "fullName"
         FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.id = $1`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  async latestVersion(
    packageId: string,
    m: EntityManager,
  ): Promise<{ id: string; scormVersion: ScormVersion } | null> {
    const rows = await m.query(
      `SELECT id, scorm_version AS "scormVersion" FROM scorm_package_version
        WHERE package_id = $1 ORDER BY version_number DESC LIMIT 1`,
      [packageId],
    );
    return rows[0] ?? null;
  }

  async version(
    versionId: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: string; scormVersion: ScormVersion; versionNumber: number; manifest: unknown } | null> {
    const rows = await m.query(
      `SELECT id, scorm_version AS "scormVersion", version_number AS "versionNumber", manifest
         FROM scorm_package_version WHERE id = $1`,
      [versionId],
    );
    return rows[0] ?? null;
  }

  async scos(versionId: string, m: EntityManager = this.db.manager): Promise<ScoRow[]> {
    const rows: ScoRow[] = await m.query(
      `SELECT id, position, item_identifier AS "itemIdentifier", title, launch,
              mastery_score AS "masteryScore", completion_threshold AS "completionThreshold"
         FROM sco WHERE package_version_id = $1 ORDER BY position`,
      [versionId],
    );
    return rows.map((r) => ({
      ...r,
      masteryScore: num(r.masteryScore),
      completionThreshold: num(r.completionThreshold),
    }));
  }

  /** The files of a package version: path → blob. Cached by the content server. */
  async versionFiles(versionId: string): Promise<Record<string, { sha256: string; size: number }> | null> {
    const rows = await this.db.query(`SELECT files FROM scorm_package_version WHERE id = $1`, [versionId]);
    return rows[0]?.files ?? null;
  }

  async attempts(
    enrolmentId: string,
    packageId: string,
    m: EntityManager = this.db.manager,
  ): Promise<AttemptRow[]> {
    const rows: AttemptRow[] = await m.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM scorm_attempt a
        WHERE a.enrolment_id = $1 AND a.package_id = $2 ORDER BY a.number`,
      [enrolmentId, packageId],
    );
    return rows.map(toAttempt);
  }

  async attempt(attemptId: string, m: EntityManager = this.db.manager): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await m.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM scorm_attempt a WHERE a.id = $1`,
      [attemptId],
    );
    return rows[0] ? toAttempt(rows[0]) : null;
  }

  /** Serialises launches of one enrolment's module, so two tabs cannot both start attempt N+1. */
  async lockEnrolment(enrolmentId: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT id FROM enrolment WHERE id = $1 FOR UPDATE`, [enrolmentId]);
  }

  async createAttempt(
    a: { enrolmentId: string; packageId: string; versionId: string; number: number },
    m: EntityManager,
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO scorm_attempt (enrolment_id, package_id, package_version_id, number)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [a.enrolmentId, a.packageId, a.versionId, a.number],
    );
    return id;
  }

  async scoStates(attemptId: string, m: EntityManager = this.db.manager): Promise<ScoStateRow[]> {
    const rows: ScoStateRow[] = await m.query(
      `SELECT sco_id AS "scoId", cmi, completion, success, score_raw AS "scoreRaw", score_scaled AS "scoreScaled",
              location, exit, total_seconds AS "totalSeconds", session_count AS "sessionCount",
              updated_at AS "updatedAt", completed_at AS "completedAt"
         FROM scorm_sco_state WHERE attempt_id = $1`,
      [attemptId],
    );
    return rows.map(toState);
  }

  /** The SCO's state row, created on first launch; locked for the rest of the transaction. */
  async lockScoState(attemptId: string, scoId: string, m: EntityManager): Promise<ScoStateRow> {
    await m.query(`INSERT INTO scorm_sco_state (attempt_id, sco_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      attemptId,
      scoId,
    ]);
    const rows: ScoStateRow[] = await m.query(
      `SELECT sco_id AS "scoId", cmi, completion, success, score_raw AS "scoreRaw", score_scaled AS "scoreScaled",
              location, exit, total_seconds AS "totalSeconds", session_count AS "sessionCount",
              updated_at AS "updatedAt", completed_at AS "completedAt"
         FROM scorm_sco_state WHERE attempt_id = $1 AND sco_id = $2 FOR UPDATE`,
      [attemptId, scoId],
    );
    return toState(rows[0]);
  }

  /** Launches of this SCO in this attempt that never terminated (the window was closed). */
  async openLaunches(
    attemptId: string,
    scoId: string,
    m: EntityManager,
  ): Promise<{ id: string; sessionSeconds: number | null }[]> {
    const rows: { id: string; sessionSeconds: string | null }[] = await m.query(
      `SELECT id, session_seconds AS "sessionSeconds" FROM scorm_launch
        WHERE attempt_id = $1 AND sco_id = $2 AND terminated_at IS NULL FOR UPDATE`,
      [attemptId, scoId],
    );
    return rows.map((r) => ({ id: r.id, sessionSeconds: num(r.sessionSeconds) }));
  }

  async closeLaunch(launchId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE scorm_launch SET terminated_at = now() WHERE id = $1 AND terminated_at IS NULL`, [
      launchId,
    ]);
  }

  async createLaunch(
    l: { tokenHash: string; attemptId: string; scoId: string; entry: LaunchRow['entry']; ttlHours: number },
    m: EntityManager,
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO scorm_launch (token_hash, attempt_id, sco_id, entry, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING id`,
      [l.tokenHash, l.attemptId, l.scoId, l.entry, l.ttlHours],
    );
    return id;
  }

  async launchByTokenHash(tokenHash: string): Promise<LaunchRow | null> {
    const rows: LaunchRow[] = await this.db.query(
      `SELECT l.id, l.attempt_id AS "attemptId", l.sco_id AS "scoId", l.entry, l.commit_seq AS "commitSeq",
              l.created_at AS "createdAt", l.last_commit_at AS "lastCommitAt", l.terminated_at AS "terminatedAt",
              l.expires_at AS "expiresAt", l.session_seconds AS "sessionSeconds",
              a.package_version_id AS "packageVersionId", v.scorm_version AS "scormVersion",
              a.enrolment_id AS "enrolmentId"
         FROM scorm_launch l
         JOIN scorm_attempt a ON a.id = l.attempt_id
         JOIN scorm_package_version v ON v.id = a.package_version_id
        WHERE l.token_hash = $1`,
      [tokenHash],
    );
    const r = rows[0];
    return r ? { ...r, commitSeq: Number(r.commitSeq), sessionSeconds: num(r.sessionSeconds) } : null;
  }

  async commitContext(tokenHash: string): Promise<CommitContext | null> {
    const rows = await this.prepared<CommitContext & Record<string, unknown>>(
      'cqp_commit_context',
      `SELECT l.id, l.attempt_id AS "attemptId", l.sco_id AS "scoId", l.commit_seq AS "commitSeq",
              l.created_at AS "createdAt", l.terminated_at AS "terminatedAt", l.expires_at AS "expiresAt",
              a.enrolment_id AS "enrolmentId", a.package_id AS "packageId", v.scorm_version AS "scormVersion",
              s.mastery_score AS "masteryScore", s.completion_threshold AS "completionThreshold",
              (SELECT count(*)::int FROM sco x WHERE x.package_version_id = a.package_version_id) AS "scoCount",
              COALESCE(st.cmi, '{}'::jsonb) AS cmi, COALESCE(st.total_seconds, 0) AS "scoTotalSeconds",
              (SELECT COALESCE(json_agg(json_build_object('completion', o.completion, 'success', o.success,
                        'scoreScaled', o.score_scaled, 'totalSeconds', o.total_seconds)), '[]'::json)
                 FROM scorm_sco_state o WHERE o.attempt_id = l.attempt_id AND o.sco_id <> l.sco_id) AS others
         FROM scorm_launch l
         JOIN scorm_attempt a ON a.id = l.attempt_id
         JOIN scorm_package_version v ON v.id = a.package_version_id
         JOIN sco s ON s.id = l.sco_id
         LEFT JOIN scorm_sco_state st ON st.attempt_id = l.attempt_id AND st.sco_id = l.sco_id
        WHERE l.token_hash = $1`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...r,
      commitSeq: Number(r.commitSeq),
      masteryScore: num(r.masteryScore),
      completionThreshold: num(r.completionThreshold),
      scoTotalSeconds: Number(r.scoTotalSeconds),
      others: (r.others as CommitContext['others']).map((o) => ({
        ...o,
        scoreScaled: num(o.scoreScaled),
        totalSeconds: Number(o.totalSeconds),
      })),
    };
  }

  /**
   * The whole commit as one statement: the launch moves to the new sequence number only if it is still at
   * the one read, and every other change is conditional on that. Returns false when it applied nothing.
   */
  async applyCommit(w: CommitWrite): Promise<boolean> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const guard = 'EXISTS (SELECT 1 FROM l)';
    const ctes = [
      `l AS (
        UPDATE scorm_launch
           SET commit_seq = ${p(w.seq)}, commit_count = commit_count + 1, last_commit_at = now(),
               session_seconds = COALESCE(${p(w.sessionSeconds)}::numeric, session_seconds),
               terminated_at = CASE WHEN ${p(w.terminate)}::boolean THEN now() ELSE NULL END,
               expires_at = GREATEST(expires_at, now() + make_interval(hours => ${p(w.ttlHours)}::int))
         WHERE id = ${p(w.launchId)} AND commit_seq = ${p(w.expectedSeq)} AND terminated_at IS NULL
        RETURNING id)`,
      `st AS (
        UPDATE scorm_sco_state
           SET cmi = ${p(JSON.stringify(w.cmi))}::jsonb, completion = ${p(w.summary.completion)},
               success = ${p(w.summary.success)}, score_raw = ${p(w.summary.scoreRaw)}::numeric,
               score_min = ${p(w.summary.scoreMin)}::numeric, score_max = ${p(w.summary.scoreMax)}::numeric,
               score_scaled = ${p(w.scoreScaled)}::numeric, location = ${p(w.summary.location)},
               exit = ${p(w.summary.exit)}, total_seconds = total_seconds + ${p(w.addSeconds)}::numeric,
               session_count = session_count + ${p(w.newSession ? 1 : 0)}::int, updated_at = now(),
               completed_at = CASE WHEN ${p(w.summary.completion)} = 'completed' THEN COALESCE(completed_at, now())
                                   ELSE completed_at END
         WHERE attempt_id = ${p(w.attemptId)} AND sco_id = ${p(w.scoId)} AND ${guard})`,
      `a AS (
        UPDATE scorm_attempt
           SET completion = ${p(w.rollup.completion)}, success = ${p(w.rollup.success)},
               score_scaled = ${p(w.rollup.scoreScaled)}::numeric, total_seconds = ${p(w.rollup.totalSeconds)}::numeric,
               updated_at = now(),
               completed_at = CASE WHEN ${p(w.rollup.completion)} = 'completed' THEN COALESCE(completed_at, now())
                                   ELSE completed_at END
         WHERE id = ${p(w.attemptId)} AND ${guard})`,
    ];
    // Bound only when a CTE below uses them: PostgreSQL refuses parameters that appear nowhere.
    const ids = w.interactions || w.objectives ? { attempt: p(w.attemptId), sco: p(w.scoId) } : null;
    const attempt = ids?.attempt;
    const sco = ids?.sco;
    if (w.interactions) {
      ctes.push(
        `di AS (DELETE FROM scorm_interaction WHERE attempt_id = ${attempt} AND sco_id = ${sco}
                  AND NOT (position = ANY(${p(w.interactions.map((i) => i.index))}::int[])) AND ${guard})`,
        `ii AS (
          INSERT INTO scorm_interaction (attempt_id, sco_id, position, interaction_id, type, learner_response,
                 correct_responses, result, latency_seconds, weighting, description, recorded_at, objective_ids)
          SELECT ${attempt}, ${sco}, x."index", x.id, x.type, x."learnerResponse", x."correctResponses", x.result,
                 x."latencySeconds", x.weighting, x.description, x."timestamp", x."objectiveIds"
            FROM jsonb_to_recordset(${p(JSON.stringify(w.interactions))}::jsonb) AS x("index" integer, id text,
                 type text, "learnerResponse" text, "correctResponses" jsonb, result text, "latencySeconds" numeric,
                 weighting numeric, description text, "timestamp" text, "objectiveIds" jsonb)
           WHERE ${guard}
          ON CONFLICT (attempt_id, sco_id, position) DO UPDATE SET interaction_id = EXCLUDED.interaction_id,
                 type = EXCLUDED.type, learner_response = EXCLUDED.learner_response,
                 correct_responses = EXCLUDED.correct_responses, result = EXCLUDED.result,
                 latency_seconds = EXCLUDED.latency_seconds, weighting = EXCLUDED.weighting,
                 description = EXCLUDED.description, recorded_at = EXCLUDED.recorded_at,
                 objective_ids = EXCLUDED.objective_ids)`,
      );
    }
    if (w.objectives) {
      ctes.push(
        `do_ AS (DELETE FROM scorm_objective WHERE attempt_id = ${attempt} AND sco_id = ${sco}
                  AND NOT (position = ANY(${p(w.objectives.map((o) => o.index))}::int[])) AND ${guard})`,
        `io AS (
          INSERT INTO scorm_objective (attempt_id, sco_id, position, objective_id, score_raw, score_min, score_max,
                 score_scaled, success, completion, progress_measure, description)
          SELECT ${attempt}, ${sco}, x."index", x.id, x."scoreRaw", x."scoreMin", x."scoreMax", x."scoreScaled",
                 x.success, x.completion, x."progressMeasure", x.description
            FROM jsonb_to_recordset(${p(JSON.stringify(w.objectives))}::jsonb) AS x("index" integer, id text,
                 "scoreRaw" numeric, "scoreMin" numeric, "scoreMax" numeric, "scoreScaled" numeric, success text,
                 completion text, "progressMeasure" numeric, description text)
           WHERE ${guard}
          ON CONFLICT (attempt_id, sco_id, position) DO UPDATE SET objective_id = EXCLUDED.objective_id,
                 score_raw = EXCLUDED.score_raw, score_min = EXCLUDED.score_min, score_max = EXCLUDED.score_max,
                 score_scaled = EXCLUDED.score_scaled, success = EXCLUDED.success, completion = EXCLUDED.completion,
                 progress_measure = EXCLUDED.progress_measure, description = EXCLUDED.description)`,
      );
    }
    if (w.stepDone) {
      ctes.push(
        `sc AS (
          INSERT INTO step_completion (enrolment_id, step_id, completed_at)
          SELECT e.id, s.id, now() FROM enrolment e
            JOIN cohort c ON c.id = e.cohort_id
            JOIN programme_step s ON s.programme_id = c.programme_id AND s.package_id = ${p(w.packageId)}
           WHERE e.id = ${p(w.enrolmentId)} AND ${guard}
          ON CONFLICT (enrolment_id, step_id) DO UPDATE
            SET completed_at = COALESCE(step_completion.completed_at, EXCLUDED.completed_at))`,
      );
    }
    const rows = await this.prepared<{ applied: number }>(
      `cqp_commit_${w.interactions ? 1 : 0}${w.objectives ? 1 : 0}${w.stepDone ? 1 : 0}`,
      `WITH ${ctes.join(',\n')} SELECT count(*)::int AS applied FROM l`,
      params,
    );
    return rows[0].applied === 1;
  }

  async addScoTime(attemptId: string, scoId: string, seconds: number, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE scorm_sco_state SET total_seconds = total_seconds + $3 WHERE attempt_id = $1 AND sco_id = $2`,
      [attemptId, scoId, seconds],
    );
  }

  async saveAttempt(attemptId: string, r: AttemptRollup, m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE scorm_attempt
          SET completion = $2, success = $3, score_scaled = $4, total_seconds = $5, updated_at = now(),
              completed_at = CASE WHEN $2 = 'completed' THEN COALESCE(completed_at, now()) ELSE completed_at END
        WHERE id = $1`,
      [attemptId, r.completion, r.success, r.scoreScaled, r.totalSeconds],
    );
  }

  /** Marks the programme steps that play this package as started for the enrolment. */
  async markStepsStarted(enrolmentId: string, packageId: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO step_completion (enrolment_id, step_id)
       SELECT e.id, s.id FROM enrolment e
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme_step s ON s.programme_id = c.programme_id AND s.package_id = $2
        WHERE e.id = $1
       ON CONFLICT DO NOTHING`,
      [enrolmentId, packageId],
    );
  }

  /** Marks them done: module completion feeds the programme progress L&D see. */
  async markStepsCompleted(enrolmentId: string, packageId: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO step_completion (enrolment_id, step_id, completed_at)
       SELECT e.id, s.id, now() FROM enrolment e
         JOIN cohort c ON c.id = e.cohort_id
         JOIN programme_step s ON s.programme_id = c.programme_id AND s.package_id = $2
        WHERE e.id = $1
       ON CONFLICT (enrolment_id, step_id) DO UPDATE
         SET completed_at = COALESCE(step_completion.completed_at, EXCLUDED.completed_at)`,
      [enrolmentId, packageId],
    );
  }

  async interactions(attemptId: string): Promise<(InteractionRow & { scoId: string })[]> {
    const rows = await this.db.query(
      `SELECT sco_id AS "scoId", position AS "index", interaction_id AS id, type, learner_response AS "learnerResponse",
              correct_responses AS "correctResponses", result, latency_seconds AS "latencySeconds", weighting,
              description, recorded_at AS "timestamp", objective_ids AS "objectiveIds"
         FROM scorm_interaction WHERE attempt_id = $1 ORDER BY sco_id, position`,
      [attemptId],
    );
    return rows.map((r: InteractionRow & { scoId: string }) => ({
      ...r,
      latencySeconds: num(r.latencySeconds),
      weighting: num(r.weighting),
    }));
  }
}
