import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `response_score`: every current, submitted assessment response laid out for analysis as plain arrays in the
 * order of its instrument version's definition (see `scoreVector` in the content package): factor scores then
 * the overall score, item scores, and per factor the total and sum of squares of a complete factor. The study
 * evaluation aggregates these without opening the answers' JSON. The API writes a row in the transaction that
 * submits or corrects a response (and fills in rows missing at start); a superseded response loses its row
 * here, by trigger, in the same transaction.
 */
export class ResponseScores1763950000000 implements MigrationInterface {
  name = 'ResponseScores1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_score (
        response_id uuid PRIMARY KEY REFERENCES assessment_response(id) ON DELETE CASCADE,
        enrolment_id uuid NOT NULL REFERENCES enrolment(id) ON DELETE CASCADE,
        instrument_id uuid NOT NULL REFERENCES instrument(id) ON DELETE RESTRICT,
        instrument_key text NOT NULL,
        timepoint text NOT NULL CHECK (timepoint IN ('pre', 'post', 'follow_up')),
        submitted_at timestamptz NOT NULL,
        scores float8[] NOT NULL,
        items float8[] NOT NULL,
        totals float8[] NOT NULL,
        squares float8[] NOT NULL
      )`);
    await q.query(`CREATE INDEX response_score_enrolment_idx ON response_score (enrolment_id)`);
    await q.query(`
      CREATE FUNCTION response_score_superseded() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM response_score WHERE response_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER assessment_response_superseded AFTER UPDATE OF superseded_at ON assessment_response
        FOR EACH ROW WHEN (NEW.superseded_at IS NOT NULL AND OLD.superseded_at IS NULL)
        EXECUTE FUNCTION response_score_superseded()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER assessment_response_superseded ON assessment_response`);
    await q.query(`DROP FUNCTION response_score_superseded()`);
    await q.query(`DROP TABLE response_score`);
  }
}
