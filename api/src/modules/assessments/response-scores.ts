import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scoreVector, type Answer, type FormName, type Instrument } from '@cqp/content/instruments';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Writes the analysis rows of responses, each from its answers (see the ResponseScores migration). Only a
 * current, submitted response gets one: a draft or a superseded response is skipped, as is one that has a row.
 */
async function insertResponseScores(
  m: EntityManager | DataSource,
  responses: { id: string; def: Instrument; answers: Record<string, Answer>; form: FormName | null }[],
): Promise<void> {
  const rows = responses.map((r) => ({
    response_id: r.id,
    ...scoreVector(r.def, r.answers, r.form ?? undefined),
  }));
  await m.query(
    `INSERT INTO response_score (response_id, enrolment_id, instrument_id, instrument_key, timepoint, submitted_at,
                                 scores, items, totals, squares)
     SELECT r.id, r.enrolment_id, r.instrument_id, r.instrument_key, r.timepoint, r.submitted_at,
            v.scores, v.items, v.totals, v.squares
       FROM json_populate_recordset(NULL::response_score, $1::json) v
       JOIN assessment_response r ON r.id = v.response_id
      WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
     ON CONFLICT (response_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * Writes the analysis row of a response that has just been submitted (or has just replaced a superseded one,
 * whose row the database removes by trigger).
 */
export function writeResponseScore(
  m: EntityManager | DataSource,
  responseId: string,
  def: Instrument,
  answers: Record<string, Answer>,
  form: FormName | null,
): Promise<void> {
  return insertResponseScores(m, [{ id: responseId, def, answers, form }]);
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
      await insertResponseScores(
        this.db,
        rows.map((r) => ({ id: r.id, def: r.definition, answers: r.answers, form: r.form })),
      );
      written += rows.length;
      if (rows.length < batch) break;
    }
    if (written) this.logger.log(`Analysis rows written for ${written} earlier responses`);
    return written;
  }
}
