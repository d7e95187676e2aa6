import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose changes alter a study evaluation: table → the trigger events that matter. */
const WATCHED: [string, string][] = [
  ['response_score', 'INSERT OR UPDATE OR DELETE'],
  ['consent', 'INSERT OR UPDATE OR DELETE'],
  ['equality_monitoring', 'INSERT OR UPDATE OR DELETE'],
  ['enrolment', 'INSERT OR DELETE OR UPDATE OF cohort_id, person_id'],
  ['person', 'INSERT OR DELETE OR UPDATE OF band'],
  ['cohort', 'INSERT OR DELETE OR UPDATE OF trust_id, programme_id, name'],
  ['study_trust', 'INSERT OR UPDATE OR DELETE'],
  ['study', 'UPDATE OF name'],
  ['trust', 'UPDATE OF name'],
  ['programme_step', 'INSERT OR UPDATE OR DELETE'],
  ['instrument', 'INSERT OR UPDATE OR DELETE'],
];

/**
 * A cache of computed study evaluations that is never stale for what matters.
 *
 * - `evaluation_change` holds the id of every transaction that changed something an evaluation reads
 *   (responses, consent, equality answers, enrolments, bands, cohorts, module steps and completions,
 *   instruments), written by triggers.
 * - `evaluation_cache` holds each computed evaluation with the snapshot it was computed in.
 * - An entry is used only while no change committed outside its snapshot and it is younger than the
 *   configured lifetime, which bounds how old module time and decision-point counts (from SCORM run-time
 *   data, changed by every commit and not watched) can be.
 * - `viewed_at` says when a researcher last asked for it: the scheduled refresh recomputes entries viewed
 *   in the last day once they are stale, and entries nobody has viewed for a day are dropped.
 *
 * Statement-level triggers keep bulk imports cheap; step completions use a row trigger, because starting
 * a step again inserts nothing and must not count as a change.
 */
export class EvaluationCache1763960000000 implements MigrationInterface {
  name = 'EvaluationCache1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_change (
        xid xid8 PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE evaluation_cache (
        study_id uuid NOT NULL REFERENCES study(id) ON DELETE CASCADE,
        filters text NOT NULL,
        snapshot pg_snapshot NOT NULL,
        computed_at timestamptz NOT NULL,
        viewed_at timestamptz NOT NULL DEFAULT now(),
        body jsonb NOT NULL,
        PRIMARY KEY (study_id, filters)
      )`);
    await q.query(`
      CREATE FUNCTION evaluation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO evaluation_change (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    for (const [table, events] of WATCHED)
      await q.query(
        `CREATE TRIGGER ${table}_evaluation_changed AFTER ${events} ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION evaluation_changed()`,
      );
    await q.query(
      `CREATE TRIGGER step_completion_evaluation_changed AFTER INSERT OR DELETE OR UPDATE OF completed_at, waived
         ON step_completion FOR EACH ROW EXECUTE FUNCTION evaluation_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER step_completion_evaluation_changed ON step_completion`);
    for (const [table] of WATCHED) await q.query(`DROP TRIGGER ${table}_evaluation_changed ON ${table}`);
    await q.query(`DROP FUNCTION evaluation_changed()`);
    await q.query(`DROP TABLE evaluation_cache`);
    await q.query(`DROP TABLE evaluation_change`);
  }
}
