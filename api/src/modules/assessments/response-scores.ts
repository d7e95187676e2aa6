import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scoreVector, type Answer, type FormName, type Instrument } from '@cqp/content/instruments';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Writes the analysis row of a response that has just been submitted (or has just replaced a superseded one,
 * whose row the database removes by trigger): see the ResponseScores migration. Nothing is written for a
 * draft or a superseded response.
 */
export async function writeResponseScore(
  m: EntityManager | DataSource,
  responseId: string,
  def: Instrument,
  answers: Record<string, Answer>,
  form: FormName | null,
): Promise<void> {
  const v = scoreVector(def, answers, form ?? undefined);
  await m.query(
    `INSERT INTO response_score (response_id, enrolment_id, instrument_id, instrument_key, timepoint, submitted_at,
                                 scores, items, totals, squares)
     SELECT id, enrolment_id, instrument_id, instrument_key, timepoint, submitted_at, $2, $3, $4, $5
       FROM assessment_response WHERE id = $1 AND submitted_at IS NOT NULL AND superseded_at IS NULL
     ON CONFLICT (response_id) DO NOTHING`,
    [responseId, v.scores, v.items, v.totals, v.squares],
  );
}

/** Fills in the analysis rows of current submitted responses that have none (data from before they existed). */
@Injectable()
export class ResponseScoreBackfill {
  private readonly logger = new Logger(ResponseScoreBackfill.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run(batch = 2000): Promise<number> {
    let written = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: {
        id: string;
        form: FormName | null;
        answers: Record<string, Answer>;
        definition: Instrument;
      }[] = await this.db.query(
        `SELECT r.id, r.form, r.answers, i.definition FROM assessment_response r
           JOIN instrument i ON i.id = r.instrument_id
          WHERE r.id > $2 AND r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM response_score s WHERE s.response_id = r.id)
          ORDER BY r.id LIMIT $1`,
        [batch, after],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const analysis = rows.map((r) => ({
        response_id: r.id,
        ...scoreVector(r.definition, r.answers, r.form ?? undefined),
      }));
      await this.db.query(
        `INSERT INTO response_score (response_id, enrolment_id, instrument_id, instrument_key, timepoint, submitted_at,
                                     scores, items, totals, squares)
         SELECT r.id, r.enrolment_id, r.instrument_id, r.instrument_key, r.timepoint, r.submitted_at,
                v.scores, v.items, v.totals, v.squares
           FROM json_populate_recordset(NULL::response_score, $1::json) v
           JOIN assessment_response r ON r.id = v.response_id
          WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
         ON CONFLICT (response_id) DO NOTHING`,
        [JSON.stringify(analysis)],
      );
      written += rows.length;
      if (rows.length < batch) break;
    }
    if (written) this.logger.log(`Analysis rows written for ${written} earlier responses`);
    return written;
  }
}
