import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PARTICIPATING } from '../../assessments/consent.repository.js';
import type { ExportInput, InstrumentInput, ResponseInput, StudyInput } from './dataset.js';

/**
 * Reads what a study export needs, in one snapshot. Person ids leave this class only to be pseudonymised;
 * names, e-mail addresses and staff numbers are never selected.
 */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Everything for the export of a study, or null when there is no such study. */
  load(studyId: string): Promise<Omit<ExportInput, 'generatedAt'> | null> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const study = await this.study(studyId, m);
      if (!study) return null;
      const trusts: ExportInput['trusts'] = await m.query(
        `SELECT t.id, t.name FROM trust t JOIN study_trust st ON st.trust_id = t.id AND st.study_id = $1
          ORDER BY t.name, t.id`,
        [studyId],
      );
      const cohorts: ExportInput['cohorts'] = await m.query(
        `SELECT c.id, c.trust_id AS "trustId", to_char(c.start_date, 'YYYY-MM-DD') AS "startDate"
           FROM cohort c JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
          ORDER BY c.created_at, c.id`,
        [studyId],
      );
      const responses = await this.responses(studyId, m);
      const bindings: ExportInput['bindings'] = await m.query(
        `SELECT DISTINCT psi.instrument_key AS "instrumentKey", ps.timepoint
           FROM programme_step_instrument psi
           JOIN programme_step ps ON ps.id = psi.step_id
          WHERE ps.timepoint IS NOT NULL AND ps.programme_id IN (
                SELECT c.programme_id FROM cohort c
                  JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1)`,
        [studyId],
      );
      const keys = [
        ...new Set([...bindings.map((b) => b.instrumentKey), ...responses.map((r) => r.instrumentKey)]),
      ];
      const instruments: InstrumentInput[] = keys.length
        ? await m.query(
            `SELECT id, key, version, title, redistributable, definition FROM instrument
              WHERE key = ANY($1::text[]) ORDER BY key, version`,
            [keys],
          )
        : [];
      return { study, trusts, cohorts, responses, bindings, instruments };
    });
  }

  private async study(studyId: string, m: EntityManager): Promise<StudyInput | null> {
    const rows: StudyInput[] = await m.query(
      `SELECT id, name, pseudonym_key AS "pseudonymKey" FROM study WHERE id = $1`,
      [studyId],
    );
    return rows[0] ?? null;
  }

  /**
   * Consenting participants' current submitted responses in cohorts of the study's trusts: a person's latest
   * per instrument and timepoint. Band: the confirmed band, else the staff record's (as the evaluation view).
   */
  private responses(studyId: string, m: EntityManager): Promise<ResponseInput[]> {
    return m.query(
      `SELECT DISTINCT ON (p.id, r.instrument_key, r.timepoint)
              p.id AS "personId", c.id AS "cohortId", c.trust_id AS "trustId",
              COALESCE(NULLIF(q.band, 'prefer_not_to_say'), p.band) AS band, q.ethnicity, q.gender,
              r.instrument_id AS "instrumentId", r.instrument_key AS "instrumentKey", r.timepoint, r.form,
              r.answers, r.scores, r.submitted_at AS "submittedAt"
         FROM assessment_response r
         JOIN enrolment e ON e.id = r.enrolment_id
         JOIN cohort c ON c.id = e.cohort_id
         JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
         JOIN person p ON p.id = e.person_id
         LEFT JOIN equality_monitoring q ON q.person_id = p.id
        WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
          AND ${PARTICIPATING('$1', 'p.id')}
        ORDER BY p.id, r.instrument_key, r.timepoint, r.submitted_at DESC, r.id`,
      [studyId],
    );
  }
}
