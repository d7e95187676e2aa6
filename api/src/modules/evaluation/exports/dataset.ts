/**
 * The pseudonymised research dataset of one study, as rows and variable definitions: pure, so the rules live
 * in one place and every file of an export (long.csv, wide.csv, codebook.csv, read.sps, read.R) is made from
 * the same definitions.
 *
 * - Participants are the consenting people (the repository joins through `PARTICIPATING`) with at least one
 *   submitted, current response; each appears under a pseudonym (`pseudonym.ts`) and never by name, e-mail,
 *   staff number or any internal id.
 * - A person's response per instrument × timepoint is their latest submitted one, as in the evaluation view.
 * - Trusts are coded T1, T2, … in order of trust name; cohorts C1, C2, … in order of creation, over every
 *   cohort of the study's trusts, so codes stay put as people join.
 * - A participant's trust and cohort are those of the enrolment of their most recent response.
 * - Band is the band the person confirmed in the equality questions, else the band on the staff record (a
 *   "prefer not to say" falls back to the staff record, as in the evaluation view's band filter).
 */
import {
  isScored,
  itemScore,
  type Answer,
  type Instrument,
  type InstrumentScore,
  type Item,
} from '@cqp/content/instruments';
import { BANDS, ETHNIC_CATEGORIES, ETHNIC_GROUPS, GENDERS } from '../../assessments/dto/consent.dto.js';
import { formFor, itemsFor } from '../../assessments/answers.js';
import { pseudonym } from './pseudonym.js';
import { NameBook } from './variable-names.js';

export type Timepoint = 'pre' | 'post' | 'follow_up';
export type Cell = string | number | null;
export type DataFile = 'long.csv' | 'wide.csv';

export const TIMEPOINTS: [Timepoint, string][] = [
  ['pre', 'Pre-programme'],
  ['post', 'Post-programme'],
  ['follow_up', 'Follow-up'],
];
const TIMEPOINT_LABEL = new Map(TIMEPOINTS);
const TIMEPOINT_ORDER = new Map(TIMEPOINTS.map(([tp], i) => [tp, i]));

export interface StudyInput {
  id: string;
  name: string;
  pseudonymKey: string;
}

export interface ResponseInput {
  personId: string;
  cohortId: string;
  trustId: string;
  band: string | null;
  ethnicity: string | null;
  gender: string | null;
  instrumentId: string;
  instrumentKey: string;
  timepoint: Timepoint;
  form: 'pre' | 'post' | null;
  answers: Record<string, Answer>;
  scores: InstrumentScore | null;
  submittedAt: Date;
}

export interface InstrumentInput {
  id: string;
  key: string;
  version: number;
  title: string;
  redistributable: boolean;
  definition: Instrument;
}

export interface ExportInput {
  study: StudyInput;
  /** The study's trusts, in order of name. */
  trusts: { id: string; name: string }[];
  /** Cohorts of the study's trusts, in order of creation. */
  cohorts: { id: string; trustId: string; startDate: string }[];
  /** Participants' current submitted responses, one per person × instrument × timepoint. */
  responses: ResponseInput[];
  /** Every version of the instruments asked in the study. */
  instruments: InstrumentInput[];
  /** Instrument × timepoint pairs the study's programmes ask, so columns exist before anyone answers. */
  bindings: { instrumentKey: string; timepoint: Timepoint }[];
  generatedAt: Date;
}

export interface Variable {
  name: string;
  label: string;
  type: 'numeric' | 'string' | 'date';
  /** Value labels, code → label. */
  values?: [string | number, string][];
  /** What an empty cell (and any code standing for "not stated") means. */
  missing: string;
  /** "Not stated" codes, declared user-missing in SPSS (which allows at most 8 bytes for a string). */
  userMissing?: string[];
  files: DataFile[];
  /** SPSS width of a string variable; decimals of a numeric one. */
  width?: number;
  decimals?: number;
  level: 'nominal' | 'ordinal' | 'scale';
}

export interface ExportData {
  study: { name: string };
  generatedAt: Date;
  participants: number;
  longVariables: Variable[];
  wideVariables: Variable[];
  longRows: Cell[][];
  wideRows: Cell[][];
}

interface Participant {
  pid: string;
  trust: string;
  cohort: string;
  band: string | null;
  ethnicGroup: string | null;
  ethnicity: string | null;
  gender: string | null;
  responses: Map<string, { response: ResponseInput; instrument: InstrumentInput }>;
}

const comboKey = (key: string, tp: Timepoint) => `${key}\u0000${tp}`;
const iso = (d: Date) => new Date(d).toISOString();
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

const BAND_LABELS: [string, string][] = BANDS.map((b) => [
  b,
  b === 'other' ? 'Other (not an Agenda for Change band)' : `Band ${b}`,
]);
const ETHNIC_GROUP_OF = new Map<string, string>(ETHNIC_CATEGORIES.map(([code, , group]) => [code, group]));

/** The person-level columns, in both files. */
function personVariables(input: ExportInput): Variable[] {
  const both: DataFile[] = ['long.csv', 'wide.csv'];
  const trustCode = new Map(input.trusts.map((t, i) => [t.id, `T${i + 1}`]));
  return [
    {
      name: 'pid',
      label: 'Participant pseudonym: the same in every export of this study, unrelated in other studies',
      type: 'string',
      missing: 'Never empty',
      files: both,
      width: 17,
      level: 'nominal',
    },
    {
      name: 'trust',
      label: "Partner trust, coded within this study in order of the trusts' names",
      type: 'string',
      values: input.trusts.map((_, i) => [`T${i + 1}`, `Partner trust ${i + 1}`]),
      missing: 'Never empty',
      files: both,
      width: 8,
      level: 'nominal',
    },
    {
      name: 'cohort',
      label: 'Cohort, coded within this study in order of creation',
      type: 'string',
      values: input.cohorts.map((c, i) => [
        `C${i + 1}`,
        `Cohort ${i + 1} (${trustCode.get(c.trustId) ?? 'T?'}, starting ${c.startDate.slice(0, 7)})`,
      ]),
      missing: 'Never empty',
      files: both,
      width: 8,
      level: 'nominal',
    },
    {
      name: 'band',
      label: 'Agenda for Change band: as confirmed by the participant, else from the staff record',
      type: 'string',
      values: BAND_LABELS,
      missing: 'Empty: no band confirmed or recorded',
      files: both,
      width: 17,
      level: 'ordinal',
    },
    {
      name: 'ethnic_group',
      label: 'Ethnic group (broad NHS Data Dictionary group), self-declared',
      type: 'string',
      values: ETHNIC_GROUPS.map(([code, label]) => [code, label]),
      missing: 'Empty: not answered; not_stated: prefers not to say',
      files: both,
      width: 10,
      level: 'nominal',
    },
    {
      name: 'ethnicity',
      label: 'Ethnic category (NHS Data Dictionary code), self-declared',
      type: 'string',
      values: ETHNIC_CATEGORIES.map(([code, label]) => [code, label]),
      missing: 'Empty: not answered; Z: prefers not to say (user-missing)',
      userMissing: ['Z'],
      files: both,
      width: 1,
      level: 'nominal',
    },
    {
      name: 'gender',
      label: 'Gender, self-declared',
      type: 'string',
      values: GENDERS.map(([code, label]) => [code, label]),
      missing: 'Empty: not answered; prefer_not_to_say: prefers not to say',
      files: both,
      width: 17,
      level: 'nominal',
    },
  ];
}

function personCells(p: Participant): Cell[] {
  return [p.pid, p.trust, p.cohort, p.band, p.ethnicGroup, p.ethnicity, p.gender];
}

/** Factors of a definition that have scored items (survey comments have none). */
function scoredFactors(def: Instrument): Instrument['factors'] {
  return def.factors.filter((f) => def.items.some((i) => i.factor === f.id && isScored(def, i)));
}

function scoreRange(def: Instrument): string {
  if (def.kind === 'sjt') return '0 to 1, the proportion of best responses';
  return `1 to ${def.scale?.points ?? '?'}`;
}

function anchors(def: Instrument): [number, string][] {
  return (def.scale?.anchors ?? []).map((a) => [a.value, a.label]);
}

/** Union of a list of lists, by id, in order of first appearance (latest version first). */
function unionById<T extends { id: string }>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const x of list) if (!seen.has(x.id)) seen.set(x.id, x);
  return [...seen.values()];
}

interface WideColumn {
  variable: Variable;
  value: (p: Participant) => Cell;
}

/** The instrument × timepoint columns of the wide file. */
function comboColumns(
  key: string,
  tp: Timepoint,
  versions: InstrumentInput[],
  names: NameBook,
): WideColumn[] {
  const latest = versions[versions.length - 1];
  const def = latest.definition;
  const prefix = `${key}_${tp}`;
  const what = `${clean(latest.title)}, ${TIMEPOINT_LABEL.get(tp)}`;
  const wide: DataFile[] = ['wide.csv'];
  const response = (p: Participant) => p.responses.get(comboKey(key, tp));
  const columns: WideColumn[] = [];
  const factors = unionById([...versions].reverse().map((v) => scoredFactors(v.definition)));
  for (const f of factors) {
    columns.push({
      variable: {
        name: names.take(`${prefix}_${f.id}`),
        label: `${what}: ${clean(f.title)} score (mean of answered items, ${scoreRange(def)})`,
        type: 'numeric',
        missing: `Empty: no response, or fewer than ${def.scoring.minItemsPerFactor} answered items`,
        files: wide,
        decimals: 4,
        level: 'scale',
      },
      value: (p) => response(p)?.response.scores?.factors[f.id] ?? null,
    });
  }
  const overall =
    def.scoring.overall === 'mean-of-factor-means'
      ? 'mean of the factor scores, given only when every factor is scored'
      : def.scoring.overall === 'mean-of-items'
        ? 'mean of every answered item, given only when every factor is scored'
        : 'not scored for this instrument';
  columns.push(
    {
      variable: {
        name: names.take(`${prefix}_overall`),
        label: `${what}: overall score (${overall})`,
        type: 'numeric',
        missing: 'Empty: no response, or not every factor scored',
        files: wide,
        decimals: 4,
        level: 'scale',
      },
      value: (p) => response(p)?.response.scores?.overall ?? null,
    },
    {
      variable: {
        name: names.take(`${prefix}_version`),
        label: `${what}: instrument version answered`,
        type: 'numeric',
        missing: 'Empty: no response',
        files: wide,
        decimals: 0,
        level: 'nominal',
      },
      value: (p) => response(p)?.instrument.version ?? null,
    },
    {
      variable: {
        name: names.take(`${prefix}_submitted_at`),
        label: `${what}: submitted at (UTC, ISO 8601)`,
        type: 'date',
        missing: 'Empty: no response',
        files: wide,
        width: 24,
        level: 'scale',
      },
      value: (p) => {
        const r = response(p);
        return r ? iso(r.response.submittedAt) : null;
      },
    },
  );
  // The self-assessment's raw answers, item by item (reverse-keyed items as answered, not reversed).
  if (def.kind === 'likert') {
    const items = unionById(
      [...versions].reverse().map((v) => itemsFor(v.definition, formFor(v.definition, tp))),
    );
    for (const item of items) {
      const text = latest.redistributable ? clean(item.text) : 'item text withheld: licensed instrument';
      columns.push({
        variable: {
          name: names.take(`${prefix}_${item.id}`),
          label: `${what}: ${item.id}${item.reverseKeyed ? ' (reverse-keyed)' : ''}: ${text}`,
          type: 'numeric',
          values: anchors(def),
          missing: 'Empty: no response, or the item was not answered',
          files: wide,
          decimals: 0,
          level: 'ordinal',
        },
        value: (p) => {
          const a = response(p)?.response.answers[item.id];
          return a === undefined ? null : a;
        },
      });
    }
  }
  return columns;
}

function longVariables(input: ExportInput, person: Variable[]): Variable[] {
  const long: DataFile[] = ['long.csv'];
  const keys = new Map<string, string>();
  for (const i of input.instruments) keys.set(i.key, clean(i.title));
  const longest = (xs: string[], min: number) => Math.max(min, ...xs.map((x) => x.length));
  return [
    ...person,
    {
      name: 'instrument',
      label: 'Instrument (its key)',
      type: 'string',
      values: [...keys].sort(([a], [b]) => a.localeCompare(b)),
      missing: 'Never empty',
      files: long,
      width: longest([...keys.keys()], 8),
      level: 'nominal',
    },
    {
      name: 'instrument_version',
      label: 'Instrument version answered',
      type: 'numeric',
      missing: 'Never empty',
      files: long,
      decimals: 0,
      level: 'nominal',
    },
    {
      name: 'timepoint',
      label: 'Timepoint',
      type: 'string',
      values: TIMEPOINTS,
      missing: 'Never empty',
      files: long,
      width: 9,
      level: 'ordinal',
    },
    {
      name: 'form',
      label: 'Form of a situational judgement test (parallel pre and post forms)',
      type: 'string',
      values: [
        ['pre', 'Pre form'],
        ['post', 'Post form'],
      ],
      missing: 'Empty: the instrument has a single form',
      files: long,
      width: 4,
      level: 'nominal',
    },
    {
      name: 'item',
      label: 'Item id within the instrument',
      type: 'string',
      missing: 'Never empty',
      files: long,
      width: 64,
      level: 'nominal',
    },
    {
      name: 'factor',
      label: 'Factor (capability) the item belongs to',
      type: 'string',
      missing: 'Never empty',
      files: long,
      width: 64,
      level: 'nominal',
    },
    {
      name: 'reverse_keyed',
      label: 'Whether the item is reverse-keyed (its score is points + 1 - answer)',
      type: 'numeric',
      values: [
        [0, 'No'],
        [1, 'Yes'],
      ],
      missing: 'Never empty',
      files: long,
      decimals: 0,
      level: 'nominal',
    },
    {
      name: 'answer',
      label:
        'Raw answer: a scale point, the option chosen in a situational judgement item, or free text (text starting with = + - @ is prefixed with an apostrophe)',
      type: 'string',
      missing: 'Empty: not answered',
      files: long,
      width: 4000,
      level: 'nominal',
    },
    {
      name: 'item_score',
      label:
        'Item score: the scale point (reversed when reverse-keyed), or 1 for the best option and 0 otherwise',
      type: 'numeric',
      missing: 'Empty: not answered, or a free-text item (never scored)',
      files: long,
      decimals: 0,
      level: 'scale',
    },
    {
      name: 'submitted_at',
      label: 'When the response was submitted (UTC, ISO 8601)',
      type: 'date',
      missing: 'Never empty',
      files: long,
      width: 24,
      level: 'scale',
    },
  ];
}

function safeItemScore(def: Instrument, item: Item, answer: Answer): number | null {
  if (answer === null || !isScored(def, item)) return null;
  try {
    return itemScore(def, item, answer);
  } catch {
    return null; // an answer that does not fit the definition is exported raw, unscored
  }
}

export function buildExport(input: ExportInput): ExportData {
  const instrumentsById = new Map(input.instruments.map((i) => [i.id, i]));
  const versionsByKey = new Map<string, InstrumentInput[]>();
  for (const i of [...input.instruments].sort((a, b) => a.version - b.version)) {
    const list = versionsByKey.get(i.key) ?? [];
    list.push(i);
    versionsByKey.set(i.key, list);
  }
  const trustCode = new Map(input.trusts.map((t, i) => [t.id, `T${i + 1}`]));
  const cohortCode = new Map(input.cohorts.map((c, i) => [c.id, `C${i + 1}`]));

  // Participants, each from their responses; trust and cohort from the most recent one.
  const byPerson = new Map<string, ResponseInput[]>();
  for (const r of input.responses) {
    if (!instrumentsById.has(r.instrumentId)) continue;
    const list = byPerson.get(r.personId) ?? [];
    list.push(r);
    byPerson.set(r.personId, list);
  }
  const participants: Participant[] = [];
  for (const [personId, responses] of byPerson) {
    const latest = responses.reduce((a, b) =>
      new Date(b.submittedAt).getTime() > new Date(a.submittedAt).getTime() ? b : a,
    );
    participants.push({
      pid: pseudonym(input.study.pseudonymKey, personId),
      trust: trustCode.get(latest.trustId) ?? '',
      cohort: cohortCode.get(latest.cohortId) ?? '',
      band: latest.band,
      ethnicGroup: latest.ethnicity ? (ETHNIC_GROUP_OF.get(latest.ethnicity) ?? null) : null,
      ethnicity: latest.ethnicity,
      gender: latest.gender,
      responses: new Map(
        responses.map((r) => [
          comboKey(r.instrumentKey, r.timepoint),
          { response: r, instrument: instrumentsById.get(r.instrumentId) as InstrumentInput },
        ]),
      ),
    });
  }
  participants.sort((a, b) => (a.pid < b.pid ? -1 : a.pid > b.pid ? 1 : 0));

  // Instrument × timepoint pairs: those the programmes ask and those answered, by key then timepoint.
  const combos = new Map<string, { key: string; tp: Timepoint }>();
  for (const b of input.bindings)
    combos.set(comboKey(b.instrumentKey, b.timepoint), { key: b.instrumentKey, tp: b.timepoint });
  for (const r of input.responses)
    combos.set(comboKey(r.instrumentKey, r.timepoint), { key: r.instrumentKey, tp: r.timepoint });
  const ordered = [...combos.values()]
    .filter((c) => versionsByKey.has(c.key))
    .sort((a, b) =>
      a.key === b.key
        ? (TIMEPOINT_ORDER.get(a.tp) ?? 0) - (TIMEPOINT_ORDER.get(b.tp) ?? 0)
        : a.key < b.key
          ? -1
          : 1,
    );

  const person = personVariables(input);
  const names = new NameBook();
  for (const v of person) names.take(v.name);
  const columns: WideColumn[] = ordered.flatMap((c) =>
    comboColumns(c.key, c.tp, versionsByKey.get(c.key) as InstrumentInput[], names),
  );
  const wideVariables = [...person, ...columns.map((c) => c.variable)];
  const wideRows = participants.map((p) => [...personCells(p), ...columns.map((c) => c.value(p))]);

  const longRows: Cell[][] = [];
  for (const p of participants) {
    const responses = [...p.responses.values()].sort((a, b) =>
      a.response.instrumentKey === b.response.instrumentKey
        ? (TIMEPOINT_ORDER.get(a.response.timepoint) ?? 0) - (TIMEPOINT_ORDER.get(b.response.timepoint) ?? 0)
        : a.response.instrumentKey < b.response.instrumentKey
          ? -1
          : 1,
    );
    for (const { response: r, instrument } of responses) {
      const def = instrument.definition;
      for (const item of itemsFor(def, r.form)) {
        const answer = r.answers[item.id] ?? null;
        longRows.push([
          ...personCells(p),
          r.instrumentKey,
          instrument.version,
          r.timepoint,
          r.form,
          item.id,
          item.factor,
          def.kind === 'likert' && item.reverseKeyed ? 1 : 0,
          answer,
          safeItemScore(def, item, answer),
          iso(r.submittedAt),
        ]);
      }
    }
  }

  return {
    study: { name: input.study.name },
    generatedAt: input.generatedAt,
    participants: participants.length,
    longVariables: longVariables(input, person),
    wideVariables,
    longRows,
    wideRows,
  };
}
