import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Instrument, InstrumentScore } from '@cqp/content/instruments';
import { DataSource } from 'typeorm';
import { PARTICIPATING } from '../assessments/consent.repository.js';

export interface Scope {
  studyId: string;
  trustId: string | null;
  cohortId: string | null;
  band: string | null;
  /** Ethnic category codes to keep; null keeps everyone. */
  ethnicities: string[] | null;
}

/**
 * `scope`: the study's enrolments after the trust and cohort filters; `participants`: the consenting people
 * among them after the band and ethnicity filters (equality answers are only ever used for consenting
 * people). Parameters: $1 study, $2 trust, $3 cohort, $4 band, $5 ethnic codes.
 */
const SCOPE = `
  scope AS (
    SELECT e.id AS enrolment_id, p.id AS person_id, c.programme_id,
           COALESCE(NULLIF(q.band, 'prefer_not_to_say'), p.band) AS band, q.ethnicity
      FROM enrolment e
      JOIN cohort c ON c.id = e.cohort_id
      JOIN person p ON p.id = e.person_id
      JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
      LEFT JOIN equality_monitoring q ON q.person_id = p.id
     WHERE ($2::uuid IS NULL OR c.trust_id = $2::uuid) AND ($3::uuid IS NULL OR c.id = $3::uuid)
  ),
  participants AS (
    SELECT s.* FROM scope s
     WHERE ${PARTICIPATING('$1', 's.person_id')}
       AND ($4::text IS NULL OR s.band = $4::text)
       AND ($5::text[] IS NULL OR s.ethnicity = ANY($5::text[]))
  )`;

export interface ResponseRow {
  personId: string;
  instrumentId: string;
  instrumentKey: string;
  timepoint: 'pre' | 'post' | 'follow_up';
  scores: InstrumentScore;
}

@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private params(s: Scope) {
    return [s.studyId, s.trustId, s.cohortId, s.band, s.ethnicities];
  }

  async study(studyId: string): Promise<{ name: string } | null> {
    const rows = await this.db.query(`SELECT name FROM study WHERE id = $1`, [studyId]);
    return rows[0] ?? null;
  }

  trusts(studyId: string): Promise<{ id: string; name: string; trustId: null }[]> {
    return this.db.query(
      `SELECT t.id, t.name, NULL AS "trustId" FROM trust t JOIN study_trust st ON st.trust_id = t.id
        WHERE st.study_id = $1 ORDER BY t.name`,
      [studyId],
    );
  }

  cohorts(studyId: string): Promise<{ id: string; name: string; trustId: string }[]> {
    return this.db.query(
      `SELECT c.id, c.name, c.trust_id AS "trustId" FROM cohort c JOIN study_trust st ON st.trust_id = c.trust_id
        WHERE st.study_id = $1 ORDER BY c.name`,
      [studyId],
    );
  }

  async flow(s: Scope): Promise<Record<string, number>> {
    const [row]: Record<string, number>[] = await this.db.query(
      `WITH ${SCOPE},
       module_steps AS (
         SELECT programme_id, count(*)::int AS n FROM programme_step WHERE kind = 'module' GROUP BY programme_id
       ),
       submitted AS (
         SELECT DISTINCT pa.person_id, r.timepoint FROM participants pa
           JOIN assessment_response r ON r.enrolment_id = pa.enrolment_id
          WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
       )
       SELECT (SELECT count(DISTINCT person_id)::int FROM scope) AS enrolled,
              (SELECT count(DISTINCT s.person_id)::int FROM scope s
                WHERE EXISTS (SELECT 1 FROM consent k WHERE k.study_id = $1 AND k.person_id = s.person_id)) AS decided,
              (SELECT count(DISTINCT person_id)::int FROM participants) AS consented,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'pre') AS pre,
              (SELECT count(DISTINCT pa.person_id)::int FROM participants pa
                 JOIN module_steps ms ON ms.programme_id = pa.programme_id
                WHERE (SELECT count(*) FROM step_completion sc JOIN programme_step ps ON ps.id = sc.step_id
                        WHERE sc.enrolment_id = pa.enrolment_id AND ps.kind = 'module'
                          AND (sc.completed_at IS NOT NULL OR sc.waived)) >= ms.n) AS modules,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'post') AS post,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'follow_up') AS follow_up`,
      this.params(s),
    );
    return row;
  }

  /** Current submitted responses of the participants (scores only); a person's latest per instrument and timepoint. */
  responses(s: Scope): Promise<ResponseRow[]> {
    return this.db.query(
      `WITH ${SCOPE}
       SELECT DISTINCT ON (pa.person_id, r.instrument_key, r.timepoint)
              pa.person_id AS "personId", r.instrument_id AS "instrumentId", r.instrument_key AS "instrumentKey",
              r.timepoint, r.scores
         FROM participants pa
         JOIN assessment_response r ON r.enrolment_id = pa.enrolment_id
        WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
        ORDER BY pa.person_id, r.instrument_key, r.timepoint, r.submitted_at DESC`,
      this.params(s),
    );
  }

  /**
   * What Cronbach's alpha needs, per instrument, timepoint and factor, over the participants who answered
   * every item of the factor: k, n, the sum of the item variances and the variance of the total. Items come
   * as {key, factor, item, reverse, points}; an item score is the answer, or points + 1 − answer when
   * reverse-keyed.
   */
  reliability(
    s: Scope,
    items: { key: string; factor: string; item: string; reverse: boolean; points: number }[],
  ): Promise<
    {
      key: string;
      timepoint: 'pre' | 'post' | 'follow_up';
      factor: string;
      k: number;
      n: number;
      itemVarianceSum: number | null;
      totalVariance: number | null;
    }[]
  > {
    return this.db.query(
      `WITH ${SCOPE},
       items AS (
         SELECT * FROM jsonb_to_recordset($6::jsonb) AS it(key text, factor text, item text, reverse boolean, points int)
       ),
       resp AS (
         SELECT DISTINCT ON (pa.person_id, r.instrument_key, r.timepoint)
                pa.person_id, r.instrument_key AS key, r.timepoint, r.answers
           FROM participants pa
           JOIN assessment_response r ON r.enrolment_id = pa.enrolment_id
          WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL
            AND r.instrument_key IN (SELECT DISTINCT key FROM items)
          ORDER BY pa.person_id, r.instrument_key, r.timepoint, r.submitted_at DESC
       ),
       factors AS (
         SELECT key, factor, array_agg(item ORDER BY item) AS items, array_agg(reverse ORDER BY item) AS reverse,
                max(points) AS points, count(*)::int AS k
           FROM items GROUP BY key, factor
       ),
       -- one row per response and factor: its item scores, whether every item was answered, and the total
       scored AS (
         SELECT resp.key, resp.timepoint, f.factor, f.k, s.total, s.vals
           FROM resp
           JOIN factors f ON f.key = resp.key
           CROSS JOIN LATERAL (
             SELECT sum(v) AS total, count(v) = count(*) AS complete, array_agg(v ORDER BY n) AS vals
               FROM (
                 SELECT u.n, CASE WHEN jsonb_typeof(resp.answers -> u.item) = 'number' THEN
                          CASE WHEN u.rev THEN f.points + 1 - (resp.answers ->> u.item)::float8
                               ELSE (resp.answers ->> u.item)::float8 END END AS v
                   FROM unnest(f.items, f.reverse) WITH ORDINALITY AS u(item, rev, n)
               ) x
           ) s
          WHERE s.complete
       ),
       item_var AS (
         SELECT key, timepoint, factor, sum(var) AS var_sum FROM (
           SELECT sc.key, sc.timepoint, sc.factor, var_samp(u.v) AS var
             FROM scored sc CROSS JOIN LATERAL unnest(sc.vals) WITH ORDINALITY AS u(v, n)
            GROUP BY sc.key, sc.timepoint, sc.factor, u.n) x
          GROUP BY key, timepoint, factor
       ),
       totals AS (
         SELECT key, timepoint, factor, max(k)::int AS k, count(*)::int AS n, var_samp(total) AS total_var
           FROM scored GROUP BY key, timepoint, factor
       )
       SELECT t.key, t.timepoint, t.factor, t.k, t.n, t.total_var AS "totalVariance", iv.var_sum AS "itemVarianceSum"
         FROM totals t JOIN item_var iv USING (key, timepoint, factor)`,
      [...this.params(s), JSON.stringify(items)],
    );
  }

  /** Free-text answers given to the given items (the reaction survey's comments). */
  async comments(s: Scope, key: string, items: string[]): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH ${SCOPE}
       SELECT count(*)::int AS n FROM participants pa
         JOIN assessment_response r ON r.enrolment_id = pa.enrolment_id
         CROSS JOIN unnest($7::text[]) AS item
        WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL AND r.instrument_key = $6
          AND jsonb_typeof(r.answers -> item) = 'string' AND r.answers ->> item <> ''`,
      [...this.params(s), key, items],
    );
    return n;
  }

  /** The newest version of every instrument. */
  latestInstruments(): Promise<
    { id: string; key: string; version: number; label: string; definition: Instrument }[]
  > {
    return this.db.query(
      `SELECT DISTINCT ON (key) id, key, version, label, definition FROM instrument ORDER BY key, version DESC`,
    );
  }

  instruments(
    ids: string[],
  ): Promise<{ id: string; key: string; version: number; label: string; definition: Instrument }[]> {
    return this.db.query(
      `SELECT id, key, version, label, definition FROM instrument WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Per module step of the programmes in scope: participants who completed it and their minutes in it. */
  modules(
    s: Scope,
  ): Promise<{ title: string; position: number; completed: number; minutes: number[] | null }[]> {
    return this.db.query(
      `WITH ${SCOPE}
       SELECT ps.title, ps.position, count(DISTINCT pa.person_id) FILTER (WHERE sc.completed_at IS NOT NULL)::int AS completed,
              array_agg(t.minutes) FILTER (WHERE sc.completed_at IS NOT NULL AND t.minutes IS NOT NULL) AS minutes
         FROM participants pa
         JOIN programme_step ps ON ps.programme_id = pa.programme_id AND ps.kind = 'module'
         LEFT JOIN step_completion sc ON sc.enrolment_id = pa.enrolment_id AND sc.step_id = ps.id
         LEFT JOIN LATERAL (
           SELECT sum(a.total_seconds)::float / 60 AS minutes FROM scorm_attempt a
            WHERE a.enrolment_id = pa.enrolment_id AND a.package_id = ps.package_id
         ) t ON true
        GROUP BY ps.title, ps.position
        ORDER BY ps.position`,
      this.params(s),
    );
  }

  /** How many participants chose each response at each choice interaction of each module. */
  decisions(
    s: Scope,
  ): Promise<
    { module: string; interactionId: string; description: string | null; response: string; n: number }[]
  > {
    return this.db.query(
      `WITH ${SCOPE},
       latest AS (
         SELECT DISTINCT ON (pa.person_id, a.package_id, i.interaction_id)
                pk.title AS module, i.interaction_id, i.description, i.learner_response
           FROM participants pa
           JOIN scorm_attempt a ON a.enrolment_id = pa.enrolment_id
           JOIN scorm_package pk ON pk.id = a.package_id
           JOIN scorm_interaction i ON i.attempt_id = a.id
          WHERE i.type = 'choice' AND i.learner_response IS NOT NULL AND i.learner_response <> ''
          ORDER BY pa.person_id, a.package_id, i.interaction_id, a.number DESC, i.position DESC
       )
       SELECT module, interaction_id AS "interactionId", max(description) AS description,
              learner_response AS response, count(*)::int AS n
         FROM latest GROUP BY module, interaction_id, learner_response
        ORDER BY module, interaction_id, learner_response`,
      this.params(s),
    );
  }
}
