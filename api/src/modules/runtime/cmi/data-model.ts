/**
 * The SCORM run-time data models (SCORM 1.2 and SCORM 2004 4th edition, which also covers the 2nd
 * and 3rd editions' `cmi.*` elements) as plain data: which elements exist, who owns them, their data
 * types, vocabularies, ranges and length limits.
 *
 * Element names are templates in which every collection index is written `n`
 * (`cmi.interactions.n.correct_responses.n.pattern`).
 *
 * Decisions worth knowing:
 * - `learner` elements are the ones the SCO may set and the server stores; `lms` elements are
 *   initialised by the LMS and read-only for the SCO (full commits echo them back, so they are
 *   dropped, not refused); `keyword` elements are `_children`, `_count` and `_version`.
 * - `empty` says what the empty string means for a learner element: `keep` (a meaningful value,
 *   stored), `unset` (scorm-again's default for an element never set; accepted and not stored) or
 *   `invalid` (the element is never empty in scorm-again, so "" is a bad value).
 * - Lengths are counted in Unicode code points. They follow the spec's smallest permitted maxima,
 *   except suspend_data (64 000 in both models, as scorm-again allows).
 * - No interaction-type-specific format checks of responses and patterns are made: the SCO judges
 *   its own responses; only their length is checked (for 2004 `long-fill-in`, up to 7 800).
 * - SCORM 2004 `cmi.exit` uses `time-out` (with a hyphen), as in SCORM 1.2.
 */

export type CmiModel = '1.2' | '2004';

export type Access = 'learner' | 'lms' | 'keyword';

export type EmptyRule = 'keep' | 'unset' | 'invalid';

export type DataType =
  /** Any characters, at most `maxLength` code points. */
  | { readonly kind: 'text'; readonly maxLength: number }
  /** 2004 localized_string_type: text with an optional leading `{lang=xx}`, not counted in `maxLength`. */
  | { readonly kind: 'localized'; readonly maxLength: number }
  /** Non-empty, no whitespace, at most `maxLength` code points. */
  | { readonly kind: 'identifier'; readonly maxLength: number }
  /** 2004 language_type: `xx` or `xx-YY...`, letters/digits in hyphen-separated tags of 1–8. */
  | { readonly kind: 'language'; readonly maxLength: number }
  /** One of `values`; with `orNumber`, any plain decimal number too (interaction results). */
  | { readonly kind: 'vocabulary'; readonly values: readonly string[]; readonly orNumber?: boolean }
  /** Plain decimal (`-?\d+(\.\d+)?`), optionally whole and within [min, max]. */
  | {
      readonly kind: 'number';
      readonly integer?: boolean;
      readonly min?: number;
      readonly max?: number;
    }
  /** 1.2 CMITimespan or 2004 timeinterval, depending on the model. */
  | { readonly kind: 'timespan' }
  /** 1.2 CMITime, `HH:MM:SS(.SS)`. */
  | { readonly kind: 'time12' }
  /** 2004 time (second,10,0), an ISO 8601 timestamp. */
  | { readonly kind: 'timestamp' }
  /** `_children`, `_count`, `_version`. */
  | { readonly kind: 'keyword' };

export interface ElementDef {
  /** Template name, indices written `n`. */
  readonly name: string;
  readonly access: Access;
  readonly type: DataType;
  /** Meaning of "" (only relevant to `learner` elements). */
  readonly empty: EmptyRule;
}

/** Error codes used when refusing values, per model. */
export interface ErrorCodes {
  /** Not a plain object, too many keys, malformed or out-of-range index. */
  readonly general: number;
  /** Unknown element. */
  readonly undefinedElement: number;
  /** Writing a read-only element (never raised: such values are dropped). */
  readonly readOnly: number;
  /** Wrong kind of value, bad format, bad vocabulary, too long. */
  readonly typeMismatch: number;
  /** A number outside the element's range. */
  readonly outOfRange: number;
  /** A collection item with fields but no `id`. */
  readonly dependency: number;
}

export const ERROR_CODES: Readonly<Record<CmiModel, ErrorCodes>> = {
  '1.2': {
    general: 201,
    undefinedElement: 401,
    readOnly: 403,
    typeMismatch: 405,
    outOfRange: 405,
    dependency: 201,
  },
  '2004': {
    general: 351,
    undefinedElement: 401,
    readOnly: 404,
    typeMismatch: 406,
    outOfRange: 407,
    dependency: 408,
  },
};

/** Exclusive upper bound of `cmi.interactions.n`. */
export const MAX_INTERACTIONS = 1000;
/** Exclusive upper bound of `cmi.objectives.n`. */
export const MAX_OBJECTIVES = 1000;
/** Exclusive upper bound of any other index (sub-collections, comments). */
export const MAX_SUB_INDEX = 1000;
/** Limit of a commit value's length, and of 2004 `cmi.suspend_data` / 1.2 `cmi.suspend_data`. */
export const MAX_VALUE_LENGTH = 64000;
/** 2004 learner_response / correct_responses pattern limit for `long-fill-in` interactions. */
export const LONG_FILL_IN_MAX_LENGTH = 7800;

const STATUS_12 = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'] as const;
const COMPLETION_2004 = ['completed', 'incomplete', 'not attempted', 'unknown'] as const;
const SUCCESS_2004 = ['passed', 'failed', 'unknown'] as const;
const TIME_LIMIT_ACTION = ['exit,message', 'exit,no message', 'continue,message', 'continue,no message'];

const text = (maxLength: number): DataType => ({ kind: 'text', maxLength });
const localized = (maxLength: number): DataType => ({ kind: 'localized', maxLength });
const identifier = (maxLength: number): DataType => ({ kind: 'identifier', maxLength });
const vocab = (values: readonly string[], orNumber = false): DataType => ({
  kind: 'vocabulary',
  values,
  orNumber,
});
const num = (min?: number, max?: number, integer = false): DataType => ({
  kind: 'number',
  min,
  max,
  integer,
});
const timespan: DataType = { kind: 'timespan' };
const keywordType: DataType = { kind: 'keyword' };

const learner = (name: string, type: DataType, empty: EmptyRule = 'unset'): ElementDef => ({
  name,
  access: 'learner',
  type,
  empty,
});
const lms = (name: string, type: DataType): ElementDef => ({ name, access: 'lms', type, empty: 'keep' });
const keyword = (name: string): ElementDef => ({ name, access: 'keyword', type: keywordType, empty: 'keep' });

const SCORE_12 = num(0, 100);

const ELEMENTS_12: readonly ElementDef[] = [
  keyword('cmi._children'),
  keyword('cmi._version'),
  keyword('cmi.core._children'),
  lms('cmi.core.student_id', identifier(255)),
  lms('cmi.core.student_name', text(255)),
  learner('cmi.core.lesson_location', text(255), 'keep'),
  lms('cmi.core.credit', vocab(['credit', 'no-credit'])),
  learner('cmi.core.lesson_status', vocab(STATUS_12), 'invalid'),
  lms('cmi.core.entry', vocab(['ab-initio', 'resume', ''])),
  keyword('cmi.core.score._children'),
  learner('cmi.core.score.raw', SCORE_12),
  learner('cmi.core.score.min', SCORE_12),
  learner('cmi.core.score.max', SCORE_12),
  lms('cmi.core.total_time', timespan),
  lms('cmi.core.lesson_mode', vocab(['browse', 'normal', 'review'])),
  learner('cmi.core.exit', vocab(['time-out', 'suspend', 'logout']), 'keep'),
  learner('cmi.core.session_time', timespan),
  learner('cmi.suspend_data', text(MAX_VALUE_LENGTH), 'keep'),
  lms('cmi.launch_data', text(4096)),
  learner('cmi.comments', text(4096), 'keep'),
  lms('cmi.comments_from_lms', text(4096)),
  keyword('cmi.objectives._children'),
  keyword('cmi.objectives._count'),
  learner('cmi.objectives.n.id', identifier(255)),
  keyword('cmi.objectives.n.score._children'),
  learner('cmi.objectives.n.score.raw', SCORE_12),
  learner('cmi.objectives.n.score.min', SCORE_12),
  learner('cmi.objectives.n.score.max', SCORE_12),
  learner('cmi.objectives.n.status', vocab(STATUS_12)),
  keyword('cmi.student_data._children'),
  lms('cmi.student_data.mastery_score', SCORE_12),
  lms('cmi.student_data.max_time_allowed', timespan),
  lms('cmi.student_data.time_limit_action', vocab(TIME_LIMIT_ACTION)),
  keyword('cmi.student_preference._children'),
  learner('cmi.student_preference.audio', num(-1, 100, true)),
  learner('cmi.student_preference.language', text(255)),
  learner('cmi.student_preference.speed', num(-100, 100, true)),
  learner('cmi.student_preference.text', num(-1, 1, true)),
  keyword('cmi.interactions._children'),
  keyword('cmi.interactions._count'),
  learner('cmi.interactions.n.id', identifier(255)),
  keyword('cmi.interactions.n.objectives._count'),
  learner('cmi.interactions.n.objectives.n.id', identifier(255)),
  learner('cmi.interactions.n.time', { kind: 'time12' }),
  learner(
    'cmi.interactions.n.type',
    vocab(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']),
  ),
  keyword('cmi.interactions.n.correct_responses._count'),
  // 255 in the spec; authoring tools send longer answers and scorm-again accepts them.
  learner('cmi.interactions.n.correct_responses.n.pattern', text(4096)),
  learner('cmi.interactions.n.weighting', num()),
  learner('cmi.interactions.n.student_response', text(4096)),
  learner('cmi.interactions.n.result', vocab(['correct', 'wrong', 'unanticipated', 'neutral'], true)),
  learner('cmi.interactions.n.latency', timespan),
];

const TIMESTAMP: DataType = { kind: 'timestamp' };
const LONG_ID = identifier(4000);

const ELEMENTS_2004: readonly ElementDef[] = [
  keyword('cmi._version'),
  keyword('cmi.comments_from_learner._children'),
  keyword('cmi.comments_from_learner._count'),
  learner('cmi.comments_from_learner.n.comment', localized(4000)),
  learner('cmi.comments_from_learner.n.location', text(250)),
  learner('cmi.comments_from_learner.n.timestamp', TIMESTAMP),
  keyword('cmi.comments_from_lms._children'),
  keyword('cmi.comments_from_lms._count'),
  lms('cmi.comments_from_lms.n.comment', localized(4000)),
  lms('cmi.comments_from_lms.n.location', text(250)),
  lms('cmi.comments_from_lms.n.timestamp', TIMESTAMP),
  learner('cmi.completion_status', vocab(COMPLETION_2004), 'invalid'),
  lms('cmi.completion_threshold', num(0, 1)),
  lms('cmi.credit', vocab(['credit', 'no-credit'])),
  lms('cmi.entry', vocab(['ab-initio', 'resume', ''])),
  learner('cmi.exit', vocab(['time-out', 'suspend', 'logout', 'normal']), 'keep'),
  keyword('cmi.interactions._children'),
  keyword('cmi.interactions._count'),
  learner('cmi.interactions.n.id', LONG_ID),
  learner(
    'cmi.interactions.n.type',
    vocab([
      'true-false',
      'choice',
      'fill-in',
      'long-fill-in',
      'matching',
      'performance',
      'sequencing',
      'likert',
      'numeric',
      'other',
    ]),
  ),
  keyword('cmi.interactions.n.objectives._count'),
  learner('cmi.interactions.n.objectives.n.id', LONG_ID),
  learner('cmi.interactions.n.timestamp', TIMESTAMP),
  keyword('cmi.interactions.n.correct_responses._count'),
  learner('cmi.interactions.n.correct_responses.n.pattern', text(4000)),
  learner('cmi.interactions.n.weighting', num()),
  learner('cmi.interactions.n.learner_response', text(4000)),
  learner('cmi.interactions.n.result', vocab(['correct', 'incorrect', 'unanticipated', 'neutral'], true)),
  learner('cmi.interactions.n.latency', timespan),
  learner('cmi.interactions.n.description', localized(250)),
  lms('cmi.launch_data', text(4000)),
  lms('cmi.learner_id', LONG_ID),
  lms('cmi.learner_name', localized(250)),
  keyword('cmi.learner_preference._children'),
  learner('cmi.learner_preference.audio_level', num(0), 'invalid'),
  learner('cmi.learner_preference.language', { kind: 'language', maxLength: 250 }),
  learner('cmi.learner_preference.delivery_speed', num(0), 'invalid'),
  learner('cmi.learner_preference.audio_captioning', num(-1, 1, true), 'invalid'),
  learner('cmi.location', text(1000), 'keep'),
  lms('cmi.max_time_allowed', timespan),
  lms('cmi.mode', vocab(['browse', 'normal', 'review'])),
  keyword('cmi.objectives._children'),
  keyword('cmi.objectives._count'),
  learner('cmi.objectives.n.id', LONG_ID),
  keyword('cmi.objectives.n.score._children'),
  learner('cmi.objectives.n.score.scaled', num(-1, 1)),
  learner('cmi.objectives.n.score.raw', num()),
  learner('cmi.objectives.n.score.min', num()),
  learner('cmi.objectives.n.score.max', num()),
  learner('cmi.objectives.n.success_status', vocab(SUCCESS_2004), 'invalid'),
  learner('cmi.objectives.n.completion_status', vocab(COMPLETION_2004), 'invalid'),
  learner('cmi.objectives.n.progress_measure', num(0, 1)),
  learner('cmi.objectives.n.description', localized(250)),
  learner('cmi.progress_measure', num(0, 1)),
  lms('cmi.scaled_passing_score', num(-1, 1)),
  keyword('cmi.score._children'),
  learner('cmi.score.scaled', num(-1, 1)),
  learner('cmi.score.raw', num()),
  learner('cmi.score.min', num()),
  learner('cmi.score.max', num()),
  learner('cmi.session_time', timespan),
  learner('cmi.success_status', vocab(SUCCESS_2004), 'invalid'),
  learner('cmi.suspend_data', text(MAX_VALUE_LENGTH), 'keep'),
  lms('cmi.time_limit_action', vocab(TIME_LIMIT_ACTION)),
  lms('cmi.total_time', timespan),
];

/** Every element of a model, in definition order. */
export const ELEMENTS: Readonly<Record<CmiModel, readonly ElementDef[]>> = {
  '1.2': ELEMENTS_12,
  '2004': ELEMENTS_2004,
};

/** Names of the elements that have a special role in a model. */
export interface ModelRoles {
  readonly sessionTime: string;
  readonly location: string;
  readonly exit: string;
  readonly suspendData: string;
}

export const ROLES: Readonly<Record<CmiModel, ModelRoles>> = {
  '1.2': {
    sessionTime: 'cmi.core.session_time',
    location: 'cmi.core.lesson_location',
    exit: 'cmi.core.exit',
    suspendData: 'cmi.suspend_data',
  },
  '2004': {
    sessionTime: 'cmi.session_time',
    location: 'cmi.location',
    exit: 'cmi.exit',
    suspendData: 'cmi.suspend_data',
  },
};

/** Collections whose items need an `id` before any other field (see `validate.ts`). */
export const ID_COLLECTIONS = ['cmi.interactions', 'cmi.objectives'] as const;

interface ModelIndex {
  readonly elements: ReadonlyMap<string, ElementDef>;
  /** Template prefixes of elements (groups and collections), with whether they are LMS-owned. */
  readonly containers: ReadonlyMap<string, { readonly lmsOwned: boolean }>;
}

function buildIndex(defs: readonly ElementDef[]): ModelIndex {
  const elements = new Map<string, ElementDef>();
  const containers = new Map<string, { lmsOwned: boolean }>();
  for (const def of defs) {
    elements.set(def.name, def);
    if (def.access === 'keyword') continue;
    const segments = def.name.split('.');
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i).join('.');
      const entry = containers.get(prefix);
      const lmsOwned = def.access === 'lms';
      containers.set(prefix, { lmsOwned: entry ? entry.lmsOwned && lmsOwned : lmsOwned });
    }
  }
  return { elements, containers };
}

const INDEX: Record<CmiModel, ModelIndex> = {
  '1.2': buildIndex(ELEMENTS_12),
  '2004': buildIndex(ELEMENTS_2004),
};

export type Lookup =
  /** A data model element; `indexError` when an index is malformed or too large. */
  | { readonly kind: 'element'; readonly def: ElementDef; readonly indexError: boolean }
  /** A group or collection path such as `cmi.objectives` or `cmi.core` (only `{}` may be sent to it). */
  | { readonly kind: 'container'; readonly lmsOwned: boolean; readonly indexError: boolean }
  | { readonly kind: 'unknown' };

const MAX_KEY_LENGTH = 256;
const DIGITS = /^\d+$/;
const CANONICAL_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * Finds the definition behind a concrete key such as `cmi.interactions.3.id`. Every all-digit
 * segment is an index; it must be canonical (no leading zeros) and below the collection's limit,
 * otherwise `indexError` is set. A literal `n` segment never matches a template.
 */
export function lookupElement(model: CmiModel, key: string): Lookup {
  if (key.length > MAX_KEY_LENGTH) return { kind: 'unknown' };
  const segments = key.split('.');
  let indexError = false;
  const template: string[] = [];
  for (const segment of segments) {
    if (segment === 'n') return { kind: 'unknown' };
    if (DIGITS.test(segment)) {
      const limit = indexLimit(template);
      if (!CANONICAL_INDEX.test(segment) || Number(segment) >= limit) indexError = true;
      template.push('n');
    } else {
      template.push(segment);
    }
  }
  const name = template.join('.');
  const index = INDEX[model];
  const def = index.elements.get(name);
  if (def) return { kind: 'element', def, indexError };
  const container = index.containers.get(name);
  if (container) return { kind: 'container', lmsOwned: container.lmsOwned, indexError };
  return { kind: 'unknown' };
}

function indexLimit(templateSoFar: readonly string[]): number {
  const path = templateSoFar.join('.');
  if (path === 'cmi.interactions') return MAX_INTERACTIONS;
  if (path === 'cmi.objectives') return MAX_OBJECTIVES;
  return MAX_SUB_INDEX;
}

/** The definition of an element template (`cmi.interactions.n.id`), if the model has it. */
export function elementDef(model: CmiModel, template: string): ElementDef | undefined {
  return INDEX[model].elements.get(template);
}

/**
 * True when a concrete key names an element the learner (SCO) may write, with valid indices.
 * (The session time is learner-writable but never stored: `validateCommit` returns it separately.)
 */
export function isLearnerWritable(model: CmiModel, key: string): boolean {
  const found = lookupElement(model, key);
  return found.kind === 'element' && !found.indexError && found.def.access === 'learner';
}
