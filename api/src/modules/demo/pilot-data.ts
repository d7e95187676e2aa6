import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  scoreResponse,
  scoreVector,
  type Answer,
  type FormName,
  type Instrument,
} from '@cqp/content/instruments';
import { DataSource, EntityManager } from 'typeorm';
import { itemsFor } from '../assessments/answers.js';

/**
 * Synthetic pilot data: a study across N synthetic trusts with M synthetic managers who consent (or not),
 * answer the pre-assessment, work through the modules, answer the post-assessment and the follow-up, with
 * plausible effects and attrition. Everything it creates says "synthetic" in its name; the same seed gives
 * the same data.
 *
 * The model: each person has a true score per capability (pre ~ N(4.4, 0.8) on the 7-point scale); the
 * programme adds about 0.3–0.45 points with person-to-person variation (so d_z ≈ 0.4–0.6), and the
 * follow-up keeps about 70% of the gain. An item answer is the true score plus item noise (SD 0.9),
 * rounded into 1–7 and reverse-scored for reverse-keyed items; 2% of items are skipped. The situational
 * judgement test is answered best with probability 0.55 before and 0.68 after.
 */
export interface PilotOptions {
  trusts: number;
  participants: number;
  seed: number;
}

export interface PilotResult {
  studyId: string;
  studyName: string;
  trusts: number;
  participants: number;
  consented: number;
  pre: number;
  post: number;
  followUp: number;
}

export const PILOT_LIMITS = { trusts: { min: 1, max: 20 }, participants: { min: 10, max: 200_000 } } as const;

const GAIN: Record<string, number> = { drive: 0.35, knowledge: 0.45, strategy: 0.3, action: 0.4 };

/** mulberry32: small, fast and good enough for synthetic data; never for anything secret. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number, mean: number, sd: number): number {
  const u = Math.max(r(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

const FIRST = [
  'Alex',
  'Sam',
  'Jo',
  'Chris',
  'Pat',
  'Robin',
  'Jamie',
  'Morgan',
  'Taylor',
  'Casey',
  'Jordan',
  'Riley',
];
const LAST = ['Synthetic', 'Example', 'Sample', 'Placeholder', 'Fictional', 'Madeup'];
const ETHNICITY: [string, number][] = [
  ['A', 58],
  ['B', 3],
  ['C', 9],
  ['D', 1],
  ['E', 1],
  ['F', 1],
  ['G', 1],
  ['H', 5],
  ['J', 2],
  ['K', 1],
  ['L', 3],
  ['M', 2],
  ['N', 6],
  ['P', 1],
  ['R', 1],
  ['S', 2],
  ['Z', 3],
];
const GENDER: [string, number][] = [
  ['woman', 74],
  ['man', 23],
  ['non_binary', 1],
  ['prefer_not_to_say', 2],
];
const BAND: [string, number][] = [
  ['6', 25],
  ['7', 45],
  ['8a', 22],
  ['8b', 6],
  ['8c', 2],
];
const COMMENTS = [
  'The scenarios felt close to what happens on my ward.',
  'More time on what to say in the moment would help.',
  'The data module made me look at our own figures for the first time.',
  'Shorter modules would fit better around shifts.',
  'The sponsorship module changed how I run appraisals.',
];

interface Row {
  [k: string]: unknown;
}

@Injectable()
export class PilotDataGenerator {
  private readonly logger = new Logger('PilotData');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether a synthetic pilot study already exists. */
  async exists(): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM study WHERE is_demo AND name LIKE '%synthetic pilot data%'`,
    );
    return rows.length > 0;
  }

  async generate(o: PilotOptions): Promise<PilotResult> {
    const r = rng(o.seed);
    return this.db.transaction(async (m) => {
      const [programme]: { id: string }[] = await m.query(
        `SELECT id FROM programme WHERE slug = 'cq-inclusive-leadership'`,
      );
      const steps: { id: string; kind: string; timepoint: string | null; keys: string[] }[] = await m.query(
        `SELECT s.id, s.kind, s.timepoint,
                COALESCE((SELECT array_agg(si.instrument_key ORDER BY si.position) FROM programme_step_instrument si
                           WHERE si.step_id = s.id), '{}') AS keys
           FROM programme_step s WHERE s.programme_id = $1 ORDER BY s.position`,
        [programme.id],
      );
      const instruments = new Map<string, { id: string; def: Instrument }>();
      const rows: { id: string; key: string; definition: Instrument }[] = await m.query(
        `SELECT DISTINCT ON (key) id, key, definition FROM instrument ORDER BY key, version DESC`,
      );
      for (const row of rows) instruments.set(row.key, { id: row.id, def: row.definition });

      const n = await this.nextNumber(m);
      const studyName = `CQ Pathway pilot evaluation ${n} — synthetic pilot data (${o.trusts} trusts, ${o.participants} participants)`;
      const [{ id: studyId }]: { id: string }[] = await m.query(
        `INSERT INTO study (name, description, is_demo) VALUES ($1, $2, true) RETURNING id`,
        [
          studyName,
          'Synthetic pilot data made by npm run demo:pilot: invented people with plausible effects and attrition, for trying the evaluation views. No real participant data.',
        ],
      );
      const [{ id: formId }]: { id: string }[] = await m.query(
        `INSERT INTO consent_form (study_id, version, title, information, statements)
         VALUES ($1, 1, 'Taking part in the pilot evaluation (synthetic pilot data)', $2, $3) RETURNING id`,
        [
          studyId,
          'This is synthetic pilot data: the people in this study are invented.',
          JSON.stringify(['I agree to take part in the pilot evaluation.']),
        ],
      );
      await m.query(
        `INSERT INTO role_grant (user_id, role, study_id)
         SELECT id, 'researcher', $1 FROM user_account WHERE email = 'researcher@demo.cqpathway.test'
         ON CONFLICT DO NOTHING`,
        [studyId],
      );

      const result: PilotResult = {
        studyId,
        studyName,
        trusts: o.trusts,
        participants: o.participants,
        consented: 0,
        pre: 0,
        post: 0,
        followUp: 0,
      };
      const day = 86_400_000;
      const now = Date.now();
      const people: Row[] = [];
      const enrolments: Row[] = [];
      const consents: Row[] = [];
      const equality: Row[] = [];
      const completions: Row[] = [];
      const responses: Row[] = [];
      const analysis: Row[] = [];

      for (let t = 0; t < o.trusts; t++) {
        const letter = String.fromCharCode(65 + (t % 26));
        const [{ id: trustId }]: { id: string }[] = await m.query(
          `INSERT INTO trust (name, ods_code, is_demo) VALUES ($1, $2, true) RETURNING id`,
          [`Synthetic Pilot Trust ${letter}${n} (synthetic pilot data)`, `SP${n}${letter}`.slice(0, 10)],
        );
        await m.query(`INSERT INTO study_trust (study_id, trust_id) VALUES ($1, $2)`, [studyId, trustId]);
        const [{ id: cohortId }]: { id: string }[] = await m.query(
          `INSERT INTO cohort (trust_id, programme_id, name, start_date, due_date)
           VALUES ($1, $2, $3, current_date - 200, current_date - 120) RETURNING id`,
          [trustId, programme.id, `Pilot cohort ${letter} (synthetic pilot data)`],
        );
        const size = Math.floor(o.participants / o.trusts) + (t < o.participants % o.trusts ? 1 : 0);
        const trustShift = normal(r, 0, 0.15);
        for (let i = 0; i < size; i++) {
          const personId = crypto.randomUUID();
          const enrolmentId = crypto.randomUUID();
          const k = people.length + 1;
          people.push({
            id: personId,
            trust_id: trustId,
            staff_number: `SP${String(k).padStart(6, '0')}`,
            full_name: `${FIRST[k % FIRST.length]} ${LAST[k % LAST.length]} ${k} (synthetic)`,
            work_email: `pilot.person${n}.${k}@synthetic-pilot.invalid`,
            band: pick(r, BAND),
          });
          enrolments.push({ id: enrolmentId, cohort_id: cohortId, person_id: personId });

          // Attrition: decided 96%, did the pre-assessment 92%, finished modules 80%, post 72%, follow-up 52%.
          if (r() > 0.96) continue;
          const given = r() < 0.9;
          consents.push({
            study_id: studyId,
            person_id: personId,
            consent_form_id: formId,
            decision: given ? 'given' : 'declined',
            decided_at: new Date(now - 195 * day),
            withdrawn_at: given && r() < 0.02 ? new Date(now - 30 * day) : null,
          });
          if (given) result.consented++;
          if (r() < 0.8)
            equality.push({
              person_id: personId,
              ethnicity: r() < 0.92 ? pick(r, ETHNICITY) : null,
              gender: r() < 0.95 ? pick(r, GENDER) : null,
              band: r() < 0.97 ? pick(r, BAND) : null,
            });
          if (r() > 0.958) continue;

          const base: Record<string, number> = {};
          const gain: Record<string, number> = {};
          for (const f of Object.keys(GAIN)) {
            base[f] = normal(r, 4.4 + trustShift, 0.8);
            gain[f] = normal(r, GAIN[f], 0.55);
          }
          const at = (days: number) => new Date(now - days * day);
          const stepOf = (tp: string) => steps.find((s) => s.timepoint === tp && s.kind !== 'module');
          const addTimepoint = (
            tp: 'pre' | 'post' | 'follow_up',
            when: Date,
            shift: number,
            pBest: number,
          ) => {
            const step = stepOf(tp);
            if (!step) return;
            for (const key of step.keys) {
              const inst = instruments.get(key);
              if (!inst) continue;
              const form: FormName | null = inst.def.kind === 'sjt' ? (tp === 'follow_up' ? null : tp) : null;
              if (inst.def.kind === 'sjt' && !form) continue;
              const answers = this.answer(r, inst.def, form, base, gain, shift, pBest);
              const id = crypto.randomUUID();
              analysis.push({
                response_id: id,
                enrolment_id: enrolmentId,
                instrument_id: inst.id,
                instrument_key: key,
                timepoint: tp,
                submitted_at: when,
                ...scoreVector(inst.def, answers, form ?? undefined),
              });
              responses.push({
                id,
                enrolment_id: enrolmentId,
                step_id: step.id,
                instrument_id: inst.id,
                instrument_key: key,
                timepoint: tp,
                form,
                answers,
                scores: scoreResponse(inst.def, answers, form ?? undefined),
                started_at: new Date(when.getTime() - 20 * 60_000),
                updated_at: when,
                submitted_at: when,
              });
            }
            completions.push({
              enrolment_id: enrolmentId,
              step_id: step.id,
              started_at: when,
              completed_at: when,
            });
          };
          addTimepoint('pre', at(190), 0, 0.55);
          result.pre++;
          const modules = steps.filter((s) => s.kind === 'module');
          const finished = r() < 0.87;
          const done = finished ? modules.length : Math.floor(r() * modules.length);
          modules.slice(0, done).forEach((s, j) =>
            completions.push({
              enrolment_id: enrolmentId,
              step_id: s.id,
              started_at: at(185 - j * 8),
              completed_at: at(184 - j * 8),
            }),
          );
          if (!finished || r() > 0.9) continue;
          addTimepoint('post', at(125), 1, 0.68);
          result.post++;
          if (r() > 0.72) continue;
          addTimepoint('follow_up', at(30), 0.7, 0.68);
          result.followUp++;
        }
      }

      await this.insert(m, 'person', people);
      await this.insert(m, 'enrolment', enrolments);
      await this.insert(m, 'consent', consents);
      await this.insert(m, 'equality_monitoring', equality);
      await this.insert(m, 'step_completion', completions);
      await this.insert(m, 'assessment_response', responses);
      await this.insert(m, 'response_score', analysis);
      this.logger.log(`Synthetic pilot data: ${studyName}`);
      return result;
    });
  }

  private answer(
    r: () => number,
    def: Instrument,
    form: FormName | null,
    base: Record<string, number>,
    gain: Record<string, number>,
    shift: number,
    pBest: number,
  ): Record<string, Answer> {
    const answers: Record<string, Answer> = {};
    for (const item of itemsFor(def, form)) {
      if (def.kind === 'sjt') {
        const options = item.options ?? [];
        const best = r() < pBest;
        const others = options.filter((o) => o.id !== item.best);
        answers[item.id] =
          best || !others.length ? (item.best ?? null) : others[Math.floor(r() * others.length)].id;
        continue;
      }
      if (def.kind === 'survey' && item.type === 'text') {
        answers[item.id] = r() < 0.3 ? COMMENTS[Math.floor(r() * COMMENTS.length)] : null;
        continue;
      }
      if (r() < 0.02) {
        answers[item.id] = null;
        continue;
      }
      const points = def.scale?.points ?? 7;
      const truth =
        def.kind === 'survey'
          ? normal(r, 4.1, 0.6)
          : (base[item.factor] ?? 4.4) + shift * (gain[item.factor] ?? 0);
      const value = Math.min(
        points,
        Math.max(1, Math.round(normal(r, truth, def.kind === 'survey' ? 0.5 : 0.9))),
      );
      answers[item.id] = item.reverseKeyed ? points + 1 - value : value;
    }
    return answers;
  }

  /** Bulk insert through json_populate_recordset: one statement per table, in chunks. */
  private async insert(m: EntityManager, table: string, rows: Row[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000);
      if (!chunk.length) continue;
      const columns = Object.keys(chunk[0]);
      await m.query(
        `INSERT INTO ${table} (${columns.join(', ')})
         SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`,
        [JSON.stringify(chunk)],
      );
    }
  }

  private async nextNumber(m: EntityManager): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int + 1 AS n FROM study WHERE is_demo AND name LIKE '%synthetic pilot data%'`,
    );
    return n;
  }
}
