import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCORM run-time tracking. An attempt is one enrolment's pass through one package, pinned to the package
 * version it started on; each SCO of that attempt has its run-time state (the learner-writable CMI
 * elements) and each launch of a SCO is a session with its own token and commit sequence. Interactions and
 * objectives are copied into rows for analysis on every commit. Module steps of a programme point at the
 * package they play. The tables updated by every commit leave room in each page (fillfactor) so those updates
 * stay heap-only and do not touch their indexes.
 */
export class ScormRuntime1763920000000 implements MigrationInterface {
  name = 'ScormRuntime1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE scorm_package
        ADD COLUMN attempt_policy text NOT NULL DEFAULT 'on_completed'
          CHECK (attempt_policy IN ('on_completed', 'on_passed', 'never')),
        ADD COLUMN grading text NOT NULL DEFAULT 'highest' CHECK (grading IN ('highest', 'last', 'first'))`);
    await q.query(`
      ALTER TABLE programme_step
        ADD COLUMN package_id uuid REFERENCES scorm_package(id) ON DELETE SET NULL,
        ADD CONSTRAINT programme_step_package_check CHECK (package_id IS NULL OR kind = 'module')`);
    await q.query(`
      CREATE TABLE scorm_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        package_id uuid NOT NULL REFERENCES scorm_package(id) ON DELETE CASCADE,
        package_version_id uuid NOT NULL REFERENCES scorm_package_version(id) ON DELETE RESTRICT,
        number integer NOT NULL CHECK (number >= 1),
        completion text NOT NULL DEFAULT 'not attempted'
          CHECK (completion IN ('completed', 'incomplete', 'not attempted', 'unknown')),
        success text NOT NULL DEFAULT 'unknown' CHECK (success IN ('passed', 'failed', 'unknown')),
        score_scaled numeric CHECK (score_scaled IS NULL OR score_scaled BETWEEN -1 AND 1),
        total_seconds numeric NOT NULL DEFAULT 0 CHECK (total_seconds >= 0),
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT scorm_attempt_number_key UNIQUE (enrolment_id, package_id, number)
      ) WITH (fillfactor = 80)`);
    await q.query(`
      CREATE TABLE scorm_sco_state (
        attempt_id uuid NOT NULL REFERENCES scorm_attempt(id) ON DELETE CASCADE,
        sco_id uuid NOT NULL REFERENCES sco(id) ON DELETE RESTRICT,
        cmi jsonb NOT NULL DEFAULT '{}'::jsonb,
        completion text NOT NULL DEFAULT 'not attempted'
          CHECK (completion IN ('completed', 'incomplete', 'not attempted', 'unknown')),
        success text NOT NULL DEFAULT 'unknown' CHECK (success IN ('passed', 'failed', 'unknown')),
        score_raw numeric,
        score_min numeric,
        score_max numeric,
        score_scaled numeric CHECK (score_scaled IS NULL OR score_scaled BETWEEN -1 AND 1),
        location text,
        exit text,
        total_seconds numeric NOT NULL DEFAULT 0 CHECK (total_seconds >= 0),
        session_count integer NOT NULL DEFAULT 0,
        first_launched_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (attempt_id, sco_id)
      ) WITH (fillfactor = 70)`);
    await q.query(`
      CREATE TABLE scorm_launch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        attempt_id uuid NOT NULL REFERENCES scorm_attempt(id) ON DELETE CASCADE,
        sco_id uuid NOT NULL REFERENCES sco(id) ON DELETE RESTRICT,
        entry text NOT NULL CHECK (entry IN ('ab-initio', 'resume', '')),
        commit_seq bigint NOT NULL DEFAULT 0 CHECK (commit_seq >= 0),
        commit_count integer NOT NULL DEFAULT 0,
        session_seconds numeric,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_commit_at timestamptz,
        terminated_at timestamptz,
        expires_at timestamptz NOT NULL
      ) WITH (fillfactor = 70)`);
    await q.query(
      `CREATE INDEX scorm_launch_attempt_idx ON scorm_launch (attempt_id, sco_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE scorm_interaction (
        attempt_id uuid NOT NULL,
        sco_id uuid NOT NULL,
        position integer NOT NULL,
        interaction_id text NOT NULL,
        type text,
        learner_response text,
        correct_responses jsonb NOT NULL DEFAULT '[]'::jsonb,
        result text,
        latency_seconds numeric,
        weighting numeric,
        description text,
        recorded_at text,
        objective_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (attempt_id, sco_id, position),
        FOREIGN KEY (attempt_id, sco_id) REFERENCES scorm_sco_state(attempt_id, sco_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE scorm_objective (
        attempt_id uuid NOT NULL,
        sco_id uuid NOT NULL,
        position integer NOT NULL,
        objective_id text NOT NULL,
        score_raw numeric,
        score_min numeric,
        score_max numeric,
        score_scaled numeric,
        success text,
        completion text,
        progress_measure numeric,
        description text,
        PRIMARY KEY (attempt_id, sco_id, position),
        FOREIGN KEY (attempt_id, sco_id) REFERENCES scorm_sco_state(attempt_id, sco_id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'scorm_objective',
      'scorm_interaction',
      'scorm_launch',
      'scorm_sco_state',
      'scorm_attempt',
    ])
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    await q.query(`ALTER TABLE programme_step DROP CONSTRAINT IF EXISTS programme_step_package_check`);
    await q.query(`ALTER TABLE programme_step DROP COLUMN IF EXISTS package_id`);
    await q.query(
      `ALTER TABLE scorm_package DROP COLUMN IF EXISTS grading, DROP COLUMN IF EXISTS attempt_policy`,
    );
  }
}
