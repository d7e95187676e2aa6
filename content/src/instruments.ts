/**
 * Assessment instruments as data (`content/instruments/*.json`, described by
 * `content/instruments/instrument.schema.json`): loading, checking and scoring.
 *
 * `validateInstrument` checks every rule of the schema (no dependency on a schema library) plus
 * the cross-references a schema cannot express: item factors exist, ids are unique, an SJT item's
 * best option is one of its options, the SJT forms are parallel, disjoint and cover every factor,
 * and every scored factor can reach `minItemsPerFactor`.
 *
 * Scoring rules (also stated in each instrument's `scoring.description`):
 * - an item scores its scale value (reverse-keyed: points + 1 − value) or, for an SJT, 1 if the
 *   best option was chosen and 0 otherwise; free-text survey items are never scored;
 * - a factor is the mean of its answered scored items, or null when fewer than
 *   `minItemsPerFactor` were answered (or it has no scored items at all, like survey comments);
 * - the overall score is null unless every factor that has scored items got a score; it is then
 *   the mean of the factor means (`mean-of-factor-means`, each factor weighs the same) or the mean
 *   of every answered scored item (`mean-of-items`, each item weighs the same), or always null
 *   (`none`);
 * - an SJT is scored one form (`pre` or `post`) at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentRoot } from './paths.js';

export { contentRoot, repoRoot } from './paths.js';

export const instrumentsDir = path.join(contentRoot, 'instruments');
export const SCHEMA_FILE = 'instrument.schema.json';

/** Every project-authored CQ self-assessment must carry this in its label. */
export const CQS_DISCLAIMER = 'CQ Pathway self-assessment — not the validated Cultural Intelligence Scale';
export const CQ_CAPABILITIES = ['drive', 'knowledge', 'strategy', 'action'] as const;
export const REVERSE_KEYING = 'points + 1 − value';

export const INSTRUMENT_KINDS = ['likert', 'sjt', 'survey'] as const;
export const ITEM_SCORES = ['scale-value', 'best-option'] as const;
export const FACTOR_SCORES = ['mean-of-items'] as const;
export const OVERALL_SCORES = ['mean-of-factor-means', 'mean-of-items', 'none'] as const;
export const SURVEY_ITEM_TYPES = ['scale', 'text'] as const;
export const FORM_NAMES = ['pre', 'post'] as const;

export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];
export type ItemScore = (typeof ITEM_SCORES)[number];
export type OverallScore = (typeof OVERALL_SCORES)[number];
export type SurveyItemType = (typeof SURVEY_ITEM_TYPES)[number];
export type FormName = (typeof FORM_NAMES)[number];

export interface Licence {
  holder: string;
  permittedUse: string;
  citation: string;
  redistributable: boolean;
}
export interface Anchor {
  value: number;
  label: string;
}
export interface Scale {
  points: number;
  anchors: Anchor[];
}
export interface Factor {
  id: string;
  title: string;
  description: string;
}
export interface SjtOption {
  id: string;
  text: string;
}
export interface Item {
  id: string;
  factor: string;
  /** Optional: the skill tested; parallel SJT items share it. */
  skill?: string;
  /** The statement (likert), question stem (sjt) or question (survey). */
  text: string;
  /** Likert only; absent means false. */
  reverseKeyed?: boolean;
  /** Survey only. */
  type?: SurveyItemType;
  /** SJT only. */
  scenario?: string;
  options?: SjtOption[];
  best?: string;
}
export interface Scoring {
  itemScore: ItemScore;
  factor: 'mean-of-items';
  overall: OverallScore;
  minItemsPerFactor: number;
  reverseKeying: typeof REVERSE_KEYING;
  description?: string;
}
export interface Instrument {
  $schema?: string;
  id: string;
  version: number;
  title: string;
  label: string;
  description?: string;
  kind: InstrumentKind;
  licence: Licence;
  scale?: Scale;
  factors: Factor[];
  items: Item[];
  scoring: Scoring;
  forms?: Record<FormName, string[]>;
}

/** The property names the validator allows, object by object (the schema names the same). */
export const INSTRUMENT_KEYS = [
  '$schema',
  'id',
  'version',
  'title',
  'label',
  'description',
  'kind',
  'licence',
  'scale',
  'factors',
  'items',
  'scoring',
  'forms',
] as const;
export const REQUIRED_INSTRUMENT_KEYS = [
  'id',
  'version',
  'title',
  'label',
  'kind',
  'licence',
  'factors',
  'items',
  'scoring',
] as const;
export const LICENCE_KEYS = ['holder', 'permittedUse', 'citation', 'redistributable'] as const;
export const SCALE_KEYS = ['points', 'anchors'] as const;
export const ANCHOR_KEYS = ['value', 'label'] as const;
export const FACTOR_KEYS = ['id', 'title', 'description'] as const;
export const ITEM_KEYS = [
  'id',
  'factor',
  'skill',
  'text',
  'reverseKeyed',
  'type',
  'scenario',
  'options',
  'best',
] as const;
export const OPTION_KEYS = ['id', 'text'] as const;
export const SCORING_KEYS = [
  'itemScore',
  'factor',
  'overall',
  'minItemsPerFactor',
  'reverseKeying',
  'description',
] as const;
export const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SCALE_POINTS = { min: 2, max: 11 } as const;
export const SJT_OPTIONS = { min: 2, max: 6 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && /\S/.test(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isKebab = (v: unknown): v is string => typeof v === 'string' && KEBAB_ID.test(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => list.includes(v as T);
const quote = (list: readonly string[]) => list.map((s) => `"${s}"`).join(', ');

/** Checks one instrument definition; returns its problems (empty when valid). */
export function validateInstrument(def: unknown): string[] {
  const problems: string[] = [];
  const say = (where: string, message: string) => problems.push(`${where}: ${message}`);

  function keys(obj: Obj, allowed: readonly string[], where: string, required: readonly string[] = []) {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) say(where, `unknown property "${k}"`);
    for (const k of required) if (obj[k] === undefined) say(where, `"${k}" is required`);
  }
  /** Checks a present value; a missing one is reported by `keys`. */
  function check(obj: Obj, key: string, where: string, ok: (v: unknown) => boolean, what: string) {
    if (obj[key] !== undefined && !ok(obj[key])) say(`${where}.${key}`, `must be ${what}`);
  }

  if (!isObj(def)) return ['instrument: must be a JSON object'];
  keys(def, INSTRUMENT_KEYS, 'instrument', REQUIRED_INSTRUMENT_KEYS);
  check(def, '$schema', 'instrument', (v) => typeof v === 'string', 'a string');
  check(def, 'id', 'instrument', isKebab, 'a kebab-case id');
  check(def, 'version', 'instrument', (v) => isInt(v) && v >= 1, 'an integer of at least 1');
  for (const k of ['title', 'label', 'description']) check(def, k, 'instrument', isText, 'non-blank text');
  check(def, 'kind', 'instrument', (v) => oneOf(INSTRUMENT_KINDS, v), `one of ${quote(INSTRUMENT_KINDS)}`);
  const kind = oneOf(INSTRUMENT_KINDS, def.kind) ? def.kind : undefined;

  // licence
  let redistributable: boolean | undefined;
  if (def.licence !== undefined) {
    if (!isObj(def.licence)) say('licence', 'must be an object');
    else {
      keys(def.licence, LICENCE_KEYS, 'licence', LICENCE_KEYS);
      for (const k of ['holder', 'permittedUse', 'citation'])
        check(def.licence, k, 'licence', isText, 'non-blank text');
      check(def.licence, 'redistributable', 'licence', (v) => typeof v === 'boolean', 'true or false');
      if (typeof def.licence.redistributable === 'boolean') redistributable = def.licence.redistributable;
    }
  }

  // scale: likert and survey need one; an SJT has none
  let points: number | undefined;
  if ((kind === 'likert' || kind === 'survey') && def.scale === undefined)
    say('instrument', `a ${kind} needs a "scale"`);
  if (kind === 'sjt' && def.scale !== undefined) say('scale', 'an SJT has no response scale');
  if (def.scale !== undefined) {
    if (!isObj(def.scale)) say('scale', 'must be an object');
    else {
      const scale = def.scale;
      keys(scale, SCALE_KEYS, 'scale', SCALE_KEYS);
      check(
        scale,
        'points',
        'scale',
        (v) => isInt(v) && v >= SCALE_POINTS.min && v <= SCALE_POINTS.max,
        `an integer from ${SCALE_POINTS.min} to ${SCALE_POINTS.max}`,
      );
      if (isInt(scale.points) && scale.points >= SCALE_POINTS.min && scale.points <= SCALE_POINTS.max)
        points = scale.points;
      if (scale.anchors !== undefined) {
        if (!Array.isArray(scale.anchors) || scale.anchors.length < 2)
          say('scale.anchors', 'must be a list of at least 2 anchors');
        else {
          const seen = new Set<number>();
          scale.anchors.forEach((a: unknown, i) => {
            const where = `scale.anchors[${i}]`;
            if (!isObj(a)) return say(where, 'must be an object');
            keys(a, ANCHOR_KEYS, where, ANCHOR_KEYS);
            check(a, 'label', where, isText, 'non-blank text');
            if (a.value === undefined) return;
            if (!isInt(a.value)) return say(`${where}.value`, 'must be an integer');
            if (points !== undefined && (a.value < 1 || a.value > points))
              say(`${where}.value`, `must be between 1 and scale.points (${points})`);
            if (seen.has(a.value)) say(`${where}.value`, `duplicate anchor value ${a.value}`);
            seen.add(a.value);
          });
        }
      }
    }
  }

  // factors
  const factorIds = new Set<string>();
  if (def.factors !== undefined) {
    if (!Array.isArray(def.factors) || def.factors.length === 0) say('factors', 'must be a non-empty list');
    else
      def.factors.forEach((f: unknown, i) => {
        const where = `factors[${i}]`;
        if (!isObj(f)) return say(where, 'must be an object');
        keys(f, FACTOR_KEYS, where, FACTOR_KEYS);
        check(f, 'id', where, isKebab, 'a kebab-case id');
        check(f, 'title', where, isText, 'non-blank text');
        check(f, 'description', where, isText, 'non-blank text');
        if (isKebab(f.id)) {
          if (factorIds.has(f.id)) say(`${where}.id`, `duplicate factor id "${f.id}"`);
          factorIds.add(f.id);
        }
      });
  }

  // items
  const items = new Map<string, Obj>();
  if (def.items !== undefined) {
    if (!Array.isArray(def.items) || def.items.length === 0) say('items', 'must be a non-empty list');
    else
      def.items.forEach((item: unknown, i) => {
        let where = `items[${i}]`;
        if (!isObj(item)) return say(where, 'must be an object');
        if (isKebab(item.id)) where += ` (${item.id})`;
        keys(item, ITEM_KEYS, where, ['id', 'factor', 'text']);
        check(item, 'id', where, isKebab, 'a kebab-case id');
        check(item, 'factor', where, isKebab, 'a kebab-case factor id');
        check(item, 'skill', where, isKebab, 'a kebab-case id');
        check(item, 'text', where, isText, 'non-blank text');
        check(item, 'reverseKeyed', where, (v) => typeof v === 'boolean', 'true or false');
        check(item, 'type', where, (v) => oneOf(SURVEY_ITEM_TYPES, v), `one of ${quote(SURVEY_ITEM_TYPES)}`);
        check(item, 'scenario', where, isText, 'non-blank text');
        check(item, 'best', where, isKebab, 'a kebab-case option id');
        if (isKebab(item.id)) {
          if (items.has(item.id)) say(where, `duplicate item id "${item.id}"`);
          else items.set(item.id, item);
        }
        if (isKebab(item.factor) && Array.isArray(def.factors) && !factorIds.has(item.factor))
          say(`${where}.factor`, `unknown factor "${item.factor}"`);
        if (item.reverseKeyed === true && kind !== undefined && kind !== 'likert')
          say(`${where}.reverseKeyed`, `only likert items can be reverse-keyed, not ${kind} items`);

        const sjtOnly = ['scenario', 'options', 'best'].filter((k) => item[k] !== undefined);
        if (kind === 'sjt') {
          for (const k of ['scenario', 'options', 'best'])
            if (item[k] === undefined) say(where, `an SJT item needs "${k}"`);
          if (item.type !== undefined) say(where, 'an SJT item has no "type"');
        } else if (kind !== undefined) {
          for (const k of sjtOnly) say(where, `"${k}" is only for SJT items`);
          if (kind === 'survey' && item.type === undefined)
            say(where, 'a survey item needs "type" ("scale" or "text")');
          if (kind === 'likert' && item.type !== undefined) say(where, '"type" is only for survey items');
        }

        if (item.options !== undefined) {
          const opts = item.options;
          if (!Array.isArray(opts) || opts.length < SJT_OPTIONS.min || opts.length > SJT_OPTIONS.max)
            say(`${where}.options`, `must be a list of ${SJT_OPTIONS.min} to ${SJT_OPTIONS.max} options`);
          else {
            const optionIds = new Set<string>();
            opts.forEach((o: unknown, j) => {
              const w = `${where}.options[${j}]`;
              if (!isObj(o)) return say(w, 'must be an object');
              keys(o, OPTION_KEYS, w, OPTION_KEYS);
              check(o, 'id', w, isKebab, 'a kebab-case id');
              check(o, 'text', w, isText, 'non-blank text');
              if (isKebab(o.id)) {
                if (optionIds.has(o.id)) say(w, `duplicate option id "${o.id}"`);
                optionIds.add(o.id);
              }
            });
            if (isKebab(item.best) && !optionIds.has(item.best))
              say(`${where}.best`, `"${item.best}" is not one of the item's options`);
          }
        }
      });
  }

  // scoring
  let minItems: number | undefined;
  let overall: OverallScore | undefined;
  if (def.scoring !== undefined) {
    if (!isObj(def.scoring)) say('scoring', 'must be an object');
    else {
      const s = def.scoring;
      keys(s, SCORING_KEYS, 'scoring', SCORING_KEYS.slice(0, 5));
      check(s, 'itemScore', 'scoring', (v) => oneOf(ITEM_SCORES, v), `one of ${quote(ITEM_SCORES)}`);
      check(s, 'factor', 'scoring', (v) => oneOf(FACTOR_SCORES, v), `one of ${quote(FACTOR_SCORES)}`);
      check(s, 'overall', 'scoring', (v) => oneOf(OVERALL_SCORES, v), `one of ${quote(OVERALL_SCORES)}`);
      check(s, 'minItemsPerFactor', 'scoring', (v) => isInt(v) && v >= 1, 'an integer of at least 1');
      check(s, 'reverseKeying', 'scoring', (v) => v === REVERSE_KEYING, `"${REVERSE_KEYING}"`);
      check(s, 'description', 'scoring', isText, 'non-blank text');
      const expected: ItemScore | undefined =
        kind === 'sjt' ? 'best-option' : kind ? 'scale-value' : undefined;
      if (expected && oneOf(ITEM_SCORES, s.itemScore) && s.itemScore !== expected)
        say('scoring.itemScore', `a ${kind} is scored "${expected}"`);
      if (isInt(s.minItemsPerFactor) && s.minItemsPerFactor >= 1) minItems = s.minItemsPerFactor;
      if (oneOf(OVERALL_SCORES, s.overall)) overall = s.overall;
    }
  }

  // forms: an SJT has two parallel forms; nothing else has forms
  const formItems: Partial<Record<FormName, Obj[]>> = {};
  if (kind === 'sjt' && def.forms === undefined) say('instrument', 'an SJT needs "forms" (pre and post)');
  if (kind !== undefined && kind !== 'sjt' && def.forms !== undefined) say('forms', 'only an SJT has forms');
  if (def.forms !== undefined && isObj(def.forms)) {
    keys(def.forms, FORM_NAMES, 'forms', FORM_NAMES);
    const inForm = new Map<string, FormName>();
    for (const name of FORM_NAMES) {
      const ids = def.forms[name];
      if (ids === undefined) continue;
      if (!Array.isArray(ids) || ids.length === 0) {
        say(`forms.${name}`, 'must be a non-empty list of item ids');
        continue;
      }
      const list: Obj[] = [];
      ids.forEach((id: unknown, i) => {
        const where = `forms.${name}[${i}]`;
        if (!isKebab(id)) return say(where, 'must be an item id');
        const other = inForm.get(id);
        if (other === name) say(where, `"${id}" is listed twice`);
        else if (other) say(where, `"${id}" is in both forms; the forms must not overlap`);
        inForm.set(id, name);
        const item = items.get(id);
        if (!item) return say(where, `unknown item "${id}"`);
        list.push(item);
      });
      formItems[name] = list;
      for (const f of factorIds)
        if (!list.some((item) => item.factor === f)) say(`forms.${name}`, `no item for factor "${f}"`);
    }
    const { pre, post } = def.forms;
    if (Array.isArray(pre) && Array.isArray(post)) {
      if (pre.length !== post.length)
        say('forms', `the forms must be the same length (pre has ${pre.length}, post ${post.length})`);
      else
        pre.forEach((id, i) => {
          const a = items.get(id as string);
          const b = items.get(post[i] as string);
          if (!a || !b) return;
          if (a.factor !== b.factor)
            say(
              'forms',
              `parallel items "${a.id}" and "${b.id}" test different factors (${a.factor}, ${b.factor})`,
            );
          if (a.skill !== b.skill)
            say(
              'forms',
              `parallel items "${a.id}" and "${b.id}" test different skills (${a.skill}, ${b.skill})`,
            );
        });
    }
    if (kind === 'sjt')
      for (const id of items.keys()) if (!inForm.has(id)) say('forms', `item "${id}" is in neither form`);
  } else if (def.forms !== undefined) say('forms', 'must be an object');

  // every factor has items, and every scored factor can reach minItemsPerFactor
  if (kind && items.size > 0) {
    const sets: [string, Obj[]][] =
      kind === 'sjt'
        ? FORM_NAMES.filter((n) => formItems[n]).map((n) => [`form "${n}"`, formItems[n] as Obj[]])
        : [['the instrument', [...items.values()]]];
    for (const f of factorIds) {
      if (![...items.values()].some((item) => item.factor === f)) {
        say('factors', `factor "${f}" has no items`);
        continue;
      }
      if (minItems === undefined) continue;
      for (const [name, list] of sets) {
        const n = list.filter((item) => item.factor === f && isScoredObj(kind, item)).length;
        if (n > 0 && n < minItems)
          say(
            'scoring.minItemsPerFactor',
            `${name} has only ${n} scored item(s) for factor "${f}", fewer than ${minItems}`,
          );
      }
    }
    if (overall && overall !== 'none' && ![...items.values()].some((item) => isScoredObj(kind, item)))
      say('scoring.overall', 'there are no scored items to give an overall score');
  }

  // a project-authored CQ self-assessment must say it is not the validated CQS
  if (
    kind === 'likert' &&
    redistributable === true &&
    CQ_CAPABILITIES.some((c) => factorIds.has(c)) &&
    !(typeof def.label === 'string' && def.label.includes(CQS_DISCLAIMER))
  )
    say('label', `a redistributable CQ self-assessment must be labelled "${CQS_DISCLAIMER}"`);

  return problems;
}

function isScoredObj(kind: InstrumentKind, item: Obj): boolean {
  return kind !== 'survey' || item.type === 'scale';
}

/** Whether an item counts towards scores: every likert and SJT item, and survey scale items. */
export function isScored(instrument: Instrument, item: Item): boolean {
  return instrument.kind !== 'survey' || item.type === 'scale';
}

/**
 * Reads every `*.json` in `dir` except the schema, checks each, and returns them sorted by file
 * name. Throws one error listing every problem (file by file), including a file whose name is not
 * `<id>.v<version>.json`.
 */
export function loadInstruments(dir: string = instrumentsDir): Instrument[] {
  const problems: string[] = [];
  const instruments: Instrument[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== SCHEMA_FILE)
    .sort();
  for (const file of files) {
    let def: unknown;
    try {
      def = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const found = validateInstrument(def);
    if (found.length > 0) {
      problems.push(...found.map((p) => `${file}: ${p}`));
      continue;
    }
    const instrument = def as Instrument;
    const expected = `${instrument.id}.v${instrument.version}.json`;
    if (file !== expected) problems.push(`${file}: the file should be named ${expected}`);
    else instruments.push(instrument);
  }
  if (problems.length > 0) throw new Error(`invalid instruments in ${dir}:\n${problems.join('\n')}`);
  return instruments;
}

export type Answer = number | string | null;

export interface InstrumentScore {
  /** Every factor of the instrument; null when not scored (too few answers, or unscored items only). */
  factors: Record<string, number | null>;
  overall: number | null;
  /** Scored items (in the form, for an SJT) with a valid answer. */
  answered: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Scores one person's answers. Answers are scale values (likert, survey scale items) or option
 * ids (SJT); null or a missing key is unanswered; text answers to survey comment items are
 * ignored. An answer to an item the instrument does not have, an out-of-range scale value or an
 * unknown option id throws, since it means the response and the instrument do not match. An SJT
 * must be scored one form at a time; answers to the other form's items are ignored.
 */
export function scoreResponse(
  instrument: Instrument,
  answers: Record<string, Answer>,
  form?: FormName,
): InstrumentScore {
  const byId = new Map(instrument.items.map((item) => [item.id, item]));
  for (const id of Object.keys(answers))
    if (!byId.has(id)) throw new Error(`${instrument.id}: answer to unknown item "${id}"`);

  let items: Item[];
  if (instrument.kind === 'sjt') {
    if (!form || !instrument.forms) throw new Error(`${instrument.id}: an SJT is scored one form at a time`);
    items = instrument.forms[form].map((id) => byId.get(id) as Item);
  } else {
    if (form) throw new Error(`${instrument.id}: only an SJT has forms`);
    items = instrument.items;
  }
  const scored = items.filter((item) => isScored(instrument, item));

  const values = new Map<string, number[]>(instrument.factors.map((f) => [f.id, []]));
  for (const item of scored) {
    const s = itemScore(instrument, item, answers[item.id] ?? null);
    if (s !== null) values.get(item.factor)?.push(s);
  }

  const min = instrument.scoring.minItemsPerFactor;
  const factors: Record<string, number | null> = {};
  for (const [id, xs] of values) factors[id] = xs.length >= min ? mean(xs) : null;

  const scoredFactors = instrument.factors
    .map((f) => f.id)
    .filter((id) => scored.some((i) => i.factor === id));
  const complete = scoredFactors.length > 0 && scoredFactors.every((id) => factors[id] !== null);
  let overall: number | null = null;
  if (complete && instrument.scoring.overall === 'mean-of-factor-means')
    overall = mean(scoredFactors.map((id) => factors[id] as number));
  else if (complete && instrument.scoring.overall === 'mean-of-items')
    overall = mean(scoredFactors.flatMap((id) => values.get(id) ?? []));

  const answered = [...values.values()].reduce((n, xs) => n + xs.length, 0);
  return { factors, overall, answered };
}

/**
 * One scored response laid out for analysis, in the order of the instrument's definition, so that
 * aggregates over many responses need no JSON: the factor scores then the overall score (as
 * `scoreResponse` gives them), every scored item's score (the form's items for an SJT; null when
 * unanswered), and per factor the sum and the sum of squares of its item scores when every scored
 * item of the factor was answered (null otherwise, and for a factor without scored items). Cronbach's
 * alpha over complete cases needs nothing else: n, Σ total, Σ total², Σ squares, and Σ of each item.
 */
export interface ScoreVector {
  scores: (number | null)[];
  items: (number | null)[];
  totals: (number | null)[];
  squares: (number | null)[];
}

/** The scored items of a response, in definition order: all of them, or the form's for an SJT. */
export function scoredItems(instrument: Instrument, form?: FormName): Item[] {
  const inForm =
    instrument.kind === 'sjt' && form && instrument.forms ? new Set(instrument.forms[form]) : null;
  return instrument.items.filter((item) => isScored(instrument, item) && (!inForm || inForm.has(item.id)));
}

export function scoreVector(
  instrument: Instrument,
  answers: Record<string, Answer>,
  form?: FormName,
): ScoreVector {
  const score = scoreResponse(instrument, answers, form);
  const items = scoredItems(instrument, form);
  const values = items.map((item) => itemScore(instrument, item, answers[item.id] ?? null));
  const totals: (number | null)[] = [];
  const squares: (number | null)[] = [];
  for (const f of instrument.factors) {
    const xs = values.filter((_, i) => items[i].factor === f.id);
    const complete = xs.length > 0 && xs.every((x) => x !== null);
    totals.push(complete ? (xs as number[]).reduce((a, b) => a + b, 0) : null);
    squares.push(complete ? (xs as number[]).reduce((a, b) => a + b * b, 0) : null);
  }
  return {
    scores: [...instrument.factors.map((f) => score.factors[f.id] ?? null), score.overall],
    items: values,
    totals,
    squares,
  };
}

/** One item's score, or null when unanswered. */
export function itemScore(instrument: Instrument, item: Item, answer: Answer): number | null {
  if (answer === null) return null;
  if (instrument.scoring.itemScore === 'best-option') {
    if (typeof answer !== 'string' || !item.options?.some((o) => o.id === answer))
      throw new RangeError(`${instrument.id}: "${String(answer)}" is not an option of item "${item.id}"`);
    return answer === item.best ? 1 : 0;
  }
  const points = instrument.scale?.points ?? 0;
  if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > points)
    throw new RangeError(`${instrument.id}: item "${item.id}" needs a whole number from 1 to ${points}`);
  return item.reverseKeyed ? points + 1 - answer : answer;
}
