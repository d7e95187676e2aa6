import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scoredItems, type Instrument } from '@cqp/content/instruments';
import { DataSource, type EntityManager } from 'typeorm';
import type { Timepoint } from './analysis.js';

export interface Scope {
  studyId: string;
  trustId: string | null;
  cohortId: string | null;
  band: string | null;
  /** Ethnic category codes to keep; null keeps everyone. */
  ethnicities: string[] | null;
}

export interface InstrumentVersion {
  id: string;
  key: string;
  version: number;
  label: string;
  definition: Instrument;
}

/** What Cronbach's alpha needs for one factor of one instrument version at one timepoint (complete cases). */
export interface FactorSums {
  instrumentId: string;
  timepoint: Timepoint;
  /** Index of the factor in the definition. */
  factor: number;
  k: number;
  n: number;
  /** Σ of the factor totals, Σ of their squares, Σ of the squared item scores, and Σ of each item's score. */
  total: number;
  totalSquares: number;
  itemSquares: number;
  itemSums: number[];
}

/** How many participants had this pair of scores: `before` at the pre-assessment, `after` at `timepoint`. */
export interface PairCount {
  instrumentId: string;
  timepoint: Timepoint;
  /** Index into the response's score array: a factor in definition order, or the overall score after them. */
  position: number;
  before: number;
  after: number;
  n: number;
}

export interface ValueCount {
  instrumentId: string;
  timepoint: Timepoint;
  position: number;
  value: number;
  n: number;
}

export interface Gathered {
  flow: Record<'enrolled' | 'decided' | 'consented' | 'pre' | 'modules' | 'post' | 'follow_up', number>;
  /** Instrument versions answered by the participants, with their responses per timepoint. */
  used: { instrumentId: string; timepoint: Timepoint; n: number }[];
  pairs: PairCount[];
  /** Every score of the given instruments' responses (the reaction survey), value by value. */
  values: ValueCount[];
  reliability: FactorSums[];
  comments: number;
  modules: { title: string; position: number; completed: number; minutes: number[] | null }[];
  decisions: {
    module: string;
    interactionId: string;
    description: string | null;
    response: string;
    n: number;
  }[];
}

/** What to compute beyond the flow and the pairs: chosen by the service from the instruments' definitions. */
export interface GatherPlan {
  /** Instrument versions to compute reliability for, each with its definition. */
  reliability: InstrumentVersion[];
  /** Instrument keys whose scores are summarised value by value. */
  distributions: string[];
  /** The reaction survey's key and its free-text items, whose non-empty answers are counted. */
  comments: { key: string; items: string[] } | null;
}

/**
 * Whether the kept evaluation `c` may be used: younger than `lifetime` seconds (a parameter, the configured
 * lifetime), and no transaction that changed what it reads (recorded in evaluation_change by trigger) has
 * committed outside the snapshot it was computed in.
 */
const fresh = (lifetime: string) => `(c.computed_at > now() - make_interval(secs => ${lifetime})
  AND NOT EXISTS (SELECT 1 FROM evaluation_change x
                   WHERE x.xid >= pg_snapshot_xmin(c.snapshot) AND NOT pg_visible_in_snapshot(x.xid, c.snapshot)))`;

/**
 * The study evaluation's data, gathered in one REPEATABLE READ transaction so that every part describes the
 * same moment. The scope (the study's enrolments after the trust and cohort filters, with each person's
 * latest consent decision) and the participants (consenting, after the band and ethnicity filters) are
 * computed once into temporary tables, analysed so that the planner knows their size, and then joined by
 * each aggregate. Scores come from `response_score` (plain arrays written at submission), never from the
 * answers' JSON, and the database returns counts and sums, not rows per person: the statistics are then
 * computed in Node from these histograms.
 */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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

  /**
   * A stored evaluation, if it is still valid (see `fresh`), marked as viewed now.
   */
  async cached<T>(studyId: string, filters: string, lifetime: number): Promise<T | null> {
    const rows: { body: T }[] = await this.db.query(
      `WITH hit AS (
         UPDATE evaluation_cache c SET viewed_at = now()
          WHERE c.study_id = $1 AND c.filters = $2 AND ${fresh('$3')}
         RETURNING c.body)
       SELECT body FROM hit`,
      [studyId, filters, lifetime],
    );
    return rows[0]?.body ?? null;
  }

  /**
   * Keeps an evaluation computed in `snapshot`, unless a newer one is already kept. `viewed`: computed for a
   * researcher's request (rather than by the scheduled refresh, which does not count as a view).
   */
  async store(
    studyId: string,
    filters: string,
    snapshot: string,
    body: { computedAt: string },
    viewed: boolean,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO evaluation_cache (study_id, filters, snapshot, computed_at, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (study_id, filters) DO UPDATE
         SET snapshot = EXCLUDED.snapshot, computed_at = EXCLUDED.computed_at, body = EXCLUDED.body,
             viewed_at = CASE WHEN $6 THEN now() ELSE evaluation_cache.viewed_at END
         WHERE evaluation_cache.computed_at <= EXCLUDED.computed_at`,
      [studyId, filters, snapshot, body.computedAt, JSON.stringify(body), viewed],
    );
  }

  /** Kept evaluations viewed in the last day that are no longer valid, most recently viewed first. */
  stale(lifetime: number, limit: number): Promise<{ studyId: string; filters: string }[]> {
    return this.db.query(
      `SELECT c.study_id AS "studyId", c.filters FROM evaluation_cache c
        WHERE c.viewed_at > now() - interval '1 day' AND NOT ${fresh('$1')}
        ORDER BY c.viewed_at DESC LIMIT $2`,
      [lifetime, limit],
    );
  }

  /** Drops evaluations nobody has viewed for a day, and changes too old to matter to any kept one. */
  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM evaluation_cache WHERE viewed_at < now() - interval '1 day'`);
    // A change matters only to entries computed before it commits, which are valid for a day at most
    // (EVALUATION_CACHE_SECONDS ≤ 86,400); the second day covers a transaction left open for a long time.
    await this.db.query(`DELETE FROM evaluation_change WHERE at < now() - interval '2 days'`);
  }

  /** `plan` chooses, from the instrument versions the participants answered, what else to compute. */
  gather(
    s: Scope,
    plan: (versions: InstrumentVersion[]) => GatherPlan,
  ): Promise<Gathered & { versions: InstrumentVersion[]; snapshot: string; computedAt: Date }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [{ snapshot, computedAt }]: { snapshot: string; computedAt: Date }[] = await m.query(
        `SELECT pg_current_snapshot()::text AS snapshot, now() AS "computedAt"`,
      );
      const twice = await this.prepare(m, s);
      const flow = await this.flow(m);
      const used: Gathered['used'] = await m.query(
        `SELECT instrument_id AS "instrumentId", timepoint, count(*)::int AS n FROM eval_current GROUP BY 1, 2`,
      );
      const versions: InstrumentVersion[] = await m.query(
        `SELECT id, key, version, label, definition FROM instrument WHERE id = ANY($1::uuid[])`,
        [[...new Set(used.map((u) => u.instrumentId))]],
      );
      const { reliability: relInstruments, distributions, comments: commentItems } = plan(versions);
      const pairs = await this.pairs(m);
      const values = distributions.length ? await this.values(m, distributions) : [];
      const reliability: FactorSums[] = [];
      for (const inst of relInstruments) reliability.push(...(await this.factorSums(m, inst)));
      const comments = commentItems ? await this.comments(m, commentItems) : 0;
      const modules = await this.modules(m, twice);
      const decisions = await this.decisions(m);
      return {
        snapshot,
        computedAt,
        flow,
        used,
        versions,
        pairs,
        values,
        reliability,
        comments,
        modules,
        decisions,
      };
    });
  }

  /** eval_scope, eval_participants and eval_current: temporary, dropped at the end of the transaction. */
  /** Returns whether anyone is enrolled more than once in scope. */
  private async prepare(m: EntityManager, s: Scope): Promise<boolean> {
    // Hash tables for 100,000s of rows stay in memory; JIT compilation costs more than it saves at this size.
    await m.query(`SET LOCAL work_mem = '64MB'`);
    await m.query(`SET LOCAL jit = off`);
    await m.query(
      `CREATE TEMP TABLE eval_scope ON COMMIT DROP AS
       WITH latest AS (
         SELECT DISTINCT ON (person_id) person_id, decision = 'given' AND withdrawn_at IS NULL AS participating
           FROM consent WHERE study_id = $1
          ORDER BY person_id, decided_at DESC, (decision = 'given' AND withdrawn_at IS NULL) DESC
       )
       SELECT e.id AS enrolment_id, p.id AS person_id, c.programme_id,
              COALESCE(NULLIF(q.band, 'prefer_not_to_say'), p.band) AS band, q.ethnicity,
              l.person_id IS NOT NULL AS decided, COALESCE(l.participating, false) AS participating
         FROM enrolment e
         JOIN cohort c ON c.id = e.cohort_id
         JOIN person p ON p.id = e.person_id
         JOIN study_trust st ON st.trust_id = c.trust_id AND st.study_id = $1
         LEFT JOIN equality_monitoring q ON q.person_id = p.id
         LEFT JOIN latest l ON l.person_id = p.id
        WHERE ($2::uuid IS NULL OR c.trust_id = $2::uuid) AND ($3::uuid IS NULL OR c.id = $3::uuid)`,
      [s.studyId, s.trustId, s.cohortId],
    );
    // Equality answers are only ever used for consenting people.
    await m.query(
      `CREATE TEMP TABLE eval_participants ON COMMIT DROP AS
       SELECT enrolment_id, person_id, programme_id FROM eval_scope
        WHERE participating AND ($1::text IS NULL OR band = $1::text)
          AND ($2::text[] IS NULL OR ethnicity = ANY($2::text[]))`,
      [s.band, s.ethnicities],
    );
    await m.query(`ANALYZE eval_scope`);
    await m.query(`ANALYZE eval_participants`);
    // A person enrolled twice in the study's trusts counts once, with their latest response per instrument and
    // timepoint; the common case (one enrolment each) needs no sort.
    const [{ twice }]: { twice: boolean }[] = await m.query(
      `SELECT count(*) <> count(DISTINCT person_id) AS twice FROM eval_participants`,
    );
    await m.query(
      `CREATE TEMP TABLE eval_current ON COMMIT DROP AS
       SELECT ${twice ? 'DISTINCT ON (p.person_id, s.instrument_key, s.timepoint)' : ''}
              p.person_id, s.instrument_id, s.instrument_key, s.timepoint, s.scores, s.items, s.totals, s.squares
         FROM eval_participants p JOIN response_score s ON s.enrolment_id = p.enrolment_id
       ${twice ? 'ORDER BY p.person_id, s.instrument_key, s.timepoint, s.submitted_at DESC' : ''}`,
    );
    // Every participant's module steps: completed, or done (completed or waived).
    await m.query(
      `CREATE TEMP TABLE eval_steps ON COMMIT DROP AS
       SELECT pa.person_id, pa.enrolment_id, ps.title, ps.position, ps.package_id,
              sc.completed_at IS NOT NULL AS completed,
              sc.completed_at IS NOT NULL OR COALESCE(sc.waived, false) AS done
         FROM eval_participants pa
         JOIN programme_step ps ON ps.programme_id = pa.programme_id AND ps.kind = 'module'
         LEFT JOIN step_completion sc ON sc.enrolment_id = pa.enrolment_id AND sc.step_id = ps.id`,
    );
    return twice;
  }

  private async flow(m: EntityManager): Promise<Gathered['flow']> {
    const [row]: Gathered['flow'][] = await m.query(
      `WITH submitted AS (SELECT DISTINCT person_id, timepoint FROM eval_current)
       SELECT (SELECT count(DISTINCT person_id)::int FROM eval_scope) AS enrolled,
              (SELECT count(DISTINCT person_id)::int FROM eval_scope WHERE decided) AS decided,
              (SELECT count(DISTINCT person_id)::int FROM eval_participants) AS consented,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'pre') AS pre,
              (SELECT count(DISTINCT person_id)::int FROM (
                 SELECT person_id FROM eval_steps GROUP BY person_id, enrolment_id HAVING bool_and(done)) x) AS modules,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'post') AS post,
              (SELECT count(*)::int FROM submitted WHERE timepoint = 'follow_up') AS follow_up`,
    );
    return row;
  }

  /** Score pairs (pre → post, pre → follow-up) within each instrument version, counted by value. */
  private pairs(m: EntityManager): Promise<PairCount[]> {
    return m.query(
      `SELECT a.instrument_id AS "instrumentId", b.timepoint, f - 1 AS position,
              a.scores[f] AS before, b.scores[f] AS after, count(*)::int AS n
         FROM eval_current a
         JOIN eval_current b ON b.person_id = a.person_id AND b.instrument_id = a.instrument_id
                            AND b.timepoint <> 'pre'
         CROSS JOIN generate_subscripts(a.scores, 1) f
        WHERE a.timepoint = 'pre' AND a.scores[f] IS NOT NULL AND b.scores[f] IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5`,
    );
  }

  private values(m: EntityManager, keys: string[]): Promise<ValueCount[]> {
    return m.query(
      `SELECT c.instrument_id AS "instrumentId", c.timepoint, f - 1 AS position, c.scores[f] AS value,
              count(*)::int AS n
         FROM eval_current c CROSS JOIN generate_subscripts(c.scores, 1) f
        WHERE c.instrument_key = ANY($1::text[]) AND c.scores[f] IS NOT NULL
        GROUP BY 1, 2, 3, 4`,
      [keys],
    );
  }

  /**
   * For each factor of one instrument version at each timepoint, over the responses that answered every
   * scored item of the factor: n, Σ total, Σ total², Σ item², and Σ of each item. The positions of a factor's
   * items in `response_score.items` follow the definition (the same order `scoreVector` writes).
   */
  private async factorSums(m: EntityManager, inst: InstrumentVersion): Promise<FactorSums[]> {
    const def = inst.definition;
    const scored = scoredItems(def);
    const factors = def.factors
      .map((f, index) => ({
        index,
        positions: scored.flatMap((item, p) => (item.factor === f.id ? [p + 1] : [])),
      }))
      .filter((f) => f.positions.length > 0);
    if (!factors.length) return [];
    const columns = factors.flatMap(({ index, positions }) => {
      const t = `totals[${index + 1}]`;
      const complete = `FILTER (WHERE ${t} IS NOT NULL)`;
      return [
        `count(*) ${complete}`,
        `sum(${t})`,
        `sum(${t} * ${t})`,
        `sum(squares[${index + 1}])`,
        ...positions.map((p) => `sum(items[${p}]) ${complete}`),
      ];
    });
    const rows: { timepoint: Timepoint; sums: (number | null)[] }[] = await m.query(
      `SELECT timepoint, ARRAY[${columns.join(', ')}]::float8[] AS sums
         FROM eval_current WHERE instrument_id = $1 GROUP BY timepoint`,
      [inst.id],
    );
    const out: FactorSums[] = [];
    for (const { timepoint, sums } of rows) {
      let at = 0;
      for (const { index, positions } of factors) {
        const [n, total, totalSquares, itemSquares] = sums.slice(at, at + 4).map((x) => x ?? 0);
        const itemSums = sums.slice(at + 4, at + 4 + positions.length).map((x) => x ?? 0);
        at += 4 + positions.length;
        out.push({
          instrumentId: inst.id,
          timepoint,
          factor: index,
          k: positions.length,
          n,
          total,
          totalSquares,
          itemSquares,
          itemSums,
        });
      }
    }
    return out;
  }

  /** Non-empty free-text answers to the given items (the reaction survey's comments). */
  private async comments(m: EntityManager, c: { key: string; items: string[] }): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM eval_participants pa
         JOIN assessment_response r ON r.enrolment_id = pa.enrolment_id
         CROSS JOIN unnest($2::text[]) AS item
        WHERE r.submitted_at IS NOT NULL AND r.superseded_at IS NULL AND r.instrument_key = $1
          AND jsonb_typeof(r.answers -> item) = 'string' AND r.answers ->> item <> ''`,
      [c.key, c.items],
    );
    return n;
  }

  /** Per module step of the programmes in scope: participants who completed it and their minutes in it. */
  private modules(m: EntityManager, twice: boolean): Promise<Gathered['modules']> {
    return m.query(
      `WITH time_spent AS (
         SELECT a.enrolment_id, a.package_id, sum(a.total_seconds)::float / 60 AS minutes
           FROM scorm_attempt a WHERE a.enrolment_id IN (SELECT enrolment_id FROM eval_participants)
          GROUP BY a.enrolment_id, a.package_id
       )
       SELECT st.title, st.position,
              ${twice ? 'count(DISTINCT st.person_id) FILTER (WHERE st.completed)' : 'count(*) FILTER (WHERE st.completed)'}::int AS completed,
              array_agg(t.minutes) FILTER (WHERE st.completed AND t.minutes IS NOT NULL) AS minutes
         FROM eval_steps st
         LEFT JOIN time_spent t ON t.enrolment_id = st.enrolment_id AND t.package_id = st.package_id
        GROUP BY st.title, st.position
        ORDER BY st.position`,
    );
  }

  /** How many participants chose each response at each choice interaction of each module. */
  private decisions(m: EntityManager): Promise<Gathered['decisions']> {
    return m.query(
      `WITH latest AS (
         SELECT DISTINCT ON (pa.person_id, a.package_id, i.interaction_id)
                pk.title AS module, i.interaction_id, i.description, i.learner_response
           FROM eval_participants pa
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
    );
  }
}
