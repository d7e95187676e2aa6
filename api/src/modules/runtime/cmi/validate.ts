/**
 * Server-side re-validation of a SCORM run-time commit sent by the player (scorm-again with
 * `dataCommitFormat: 'flattened'`): a flat JSON object mapping element names to values.
 *
 * Decisions worth knowing:
 * - Whole-commit problems (not a plain object, more than 10 000 keys) are reported on element `''`.
 * - Only learner-writable elements are stored. LMS-owned elements and `_children` / `_count` /
 *   `_version` keywords are dropped without error, whatever their value: full commits echo them.
 * - `{}` (scorm-again's marker for an empty collection) is ignored on any known element or on any
 *   group/collection path (`cmi.objectives`, `cmi.interactions.0.correct_responses`); any other value
 *   on a group/collection path is an unknown element.
 * - "" means "unset" and is dropped, except for the elements where it is a meaningful value
 *   (1.2 exit, lesson_location, suspend_data, comments; 2004 exit, location, suspend_data), which
 *   store it, and the elements scorm-again never leaves empty (statuses, 2004 learner preferences),
 *   which refuse it.
 * - The session time is validated and returned beside the state, never stored in it.
 * - The id rule: an interaction or objective (`cmi.interactions.n`, `cmi.objectives.n`) that gets any
 *   stored field in this commit must also have its `id` sent, non-empty, in this commit; otherwise the
 *   error is reported on its `.id` (1.2: 201, 2004: 408 "dependency not established"). scorm-again
 *   always sends full commits, so an id set in an earlier commit is sent again. Nothing else about
 *   collections is checked (indices may have gaps; ids need not be unique).
 * - Errors are sorted by element and at most 20 are reported.
 */
import {
  CmiModel,
  DataType,
  ElementDef,
  ERROR_CODES,
  ID_COLLECTIONS,
  LONG_FILL_IN_MAX_LENGTH,
  lookupElement,
  MAX_VALUE_LENGTH,
  ROLES,
} from './data-model.js';
import { isValidTime12, isValidTimestamp2004, parseTimespan } from './time.js';

export type { CmiModel } from './data-model.js';

/** Flat state of learner-writable elements only, element name → value. */
export type CmiState = Record<string, string>;

/** A refused element, with the SCORM error code a SetValue of it would raise. */
export interface CmiError {
  element: string;
  code: number;
  message: string;
}

export type CommitResult =
  | { ok: true; state: CmiState; sessionTime: string | null; sessionSeconds: number | null }
  | { ok: false; errors: CmiError[] };

/** Most keys a commit may have. */
export const MAX_COMMIT_KEYS = 10000;
/** Most errors reported for one commit. */
export const MAX_ERRORS = 20;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const LANGUAGE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const LANG_DELIMITER = /^\{lang=[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\}/;
// Identifiers may hold spaces (authoring tools put them there and scorm-again accepts them), not control characters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const ITEM = /^(cmi\.(?:interactions|objectives)\.\d+)\./;

/**
 * Re-validates a flattened commit. On success returns the learner-writable state (keys sorted) and
 * the session time (with its length in seconds), or `null` when none was sent. On failure returns
 * the first 20 errors sorted by element; nothing of a failed commit should be stored.
 */
export function validateCommit(model: CmiModel, input: unknown): CommitResult {
  const codes = ERROR_CODES[model];
  if (!isPlainObject(input)) {
    return fail([
      {
        element: '',
        code: codes.general,
        message: 'A commit must be a JSON object of element names to values',
      },
    ]);
  }
  const keys = Object.keys(input);
  if (keys.length > MAX_COMMIT_KEYS) {
    return fail([
      { element: '', code: codes.general, message: `A commit may have at most ${MAX_COMMIT_KEYS} elements` },
    ]);
  }

  const roles = ROLES[model];
  const errors: CmiError[] = [];
  const stored = new Map<string, string>();
  const idsSent = new Set<string>();
  let sessionTime: string | null = null;
  let sessionSeconds: number | null = null;

  for (const key of keys) {
    const found = lookupElement(model, key);
    if (found.kind === 'unknown') {
      errors.push({ element: key, code: codes.undefinedElement, message: 'Unknown data model element' });
      continue;
    }
    if (found.kind === 'container' ? found.lmsOwned : found.def.access !== 'learner') continue;
    if (found.indexError) {
      errors.push({
        element: key,
        code: codes.general,
        message: 'Indices must be whole numbers below 1000 without leading zeros',
      });
      continue;
    }
    const value: unknown = input[key];
    if (isEmptyObject(value)) continue;
    if (found.kind === 'container') {
      errors.push({
        element: key,
        code: codes.undefinedElement,
        message: 'Not a data model element (only {} may be sent for a collection)',
      });
      continue;
    }
    const def = found.def;
    const item = isIdElement(def) ? ITEM.exec(key)?.[1] : undefined;
    if (item !== undefined && value !== '') idsSent.add(item);

    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number' && Number.isFinite(value)) {
      text = String(value);
    } else {
      errors.push({
        element: key,
        code: codes.typeMismatch,
        message: 'The value must be a string or a number',
      });
      continue;
    }
    if (!withinLength(text, MAX_VALUE_LENGTH)) {
      errors.push({
        element: key,
        code: codes.typeMismatch,
        message: `Values may be at most ${MAX_VALUE_LENGTH} characters`,
      });
      continue;
    }

    if (def.name === roles.sessionTime) {
      if (text === '') continue;
      const seconds = parseTimespan(model, text);
      if (seconds === null) {
        errors.push({ element: key, code: codes.typeMismatch, message: timespanMessage(model) });
      } else {
        sessionTime = text;
        sessionSeconds = seconds;
      }
      continue;
    }

    if (text === '') {
      if (def.empty === 'keep') stored.set(key, '');
      else if (def.empty === 'invalid') {
        errors.push({ element: key, code: codes.typeMismatch, message: 'This element cannot be empty' });
      }
      continue;
    }

    const problem = checkValue(model, def.type, text, lengthOverride(model, def, key, input));
    if (problem) {
      errors.push({
        element: key,
        code: problem.range ? codes.outOfRange : codes.typeMismatch,
        message: problem.message,
      });
      continue;
    }
    stored.set(key, text);
  }

  const itemsWithFields = new Set<string>();
  for (const key of stored.keys()) {
    const item = ITEM.exec(key)?.[1];
    if (item !== undefined) itemsWithFields.add(item);
  }
  for (const item of itemsWithFields) {
    if (!idsSent.has(item)) {
      errors.push({
        element: `${item}.id`,
        code: codes.dependency,
        message: 'The id must be set (and sent) before any other field of this item',
      });
    }
  }

  if (errors.length > 0) return fail(errors);
  return { ok: true, state: sortedState(stored), sessionTime, sessionSeconds };
}

/**
 * Merges a validated commit into the stored state: values in `incoming` win, keys it lacks are kept
 * (scorm-again never deletes an element; "" values meaning "unset" never reach the state).
 * Returns a new object with keys sorted; neither argument is modified.
 */
export function mergeState(stored: CmiState, incoming: CmiState): CmiState {
  const merged = new Map<string, string>(Object.entries(stored));
  for (const [key, value] of Object.entries(incoming)) merged.set(key, value);
  return sortedState(merged);
}

interface Problem {
  range: boolean;
  message: string;
}

function checkValue(model: CmiModel, type: DataType, value: string, maxLength?: number): Problem | null {
  switch (type.kind) {
    case 'text':
      return withinLength(value, maxLength ?? type.maxLength)
        ? null
        : typeProblem(`At most ${maxLength ?? type.maxLength} characters are allowed`);
    case 'localized': {
      const body = value.replace(LANG_DELIMITER, '');
      return withinLength(body, type.maxLength)
        ? null
        : typeProblem(`At most ${type.maxLength} characters (after any {lang=..} prefix) are allowed`);
    }
    case 'identifier':
      return value.trim() !== '' && !CONTROL.test(value) && withinLength(value, type.maxLength)
        ? null
        : typeProblem(
            `Expected an identifier without control characters, at most ${type.maxLength} characters`,
          );
    case 'language':
      return LANGUAGE.test(value) && value.length <= type.maxLength
        ? null
        : typeProblem('Expected a language code such as en or en-GB');
    case 'vocabulary':
      if (type.values.includes(value)) return null;
      if (type.orNumber && isNumber(value)) return null;
      return typeProblem(
        `Expected one of ${type.values.map((v) => `"${v}"`).join(', ')}${type.orNumber ? ' or a number' : ''}`,
      );
    case 'number': {
      if (!(type.integer ? INTEGER : NUMBER).test(value) || !Number.isFinite(Number(value))) {
        return typeProblem(type.integer ? 'Expected a whole number' : 'Expected a plain decimal number');
      }
      const n = Number(value);
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
        return { range: true, message: `Expected a number ${rangeText(type.min, type.max)}` };
      }
      return null;
    }
    case 'timespan':
      return parseTimespan(model, value) === null ? typeProblem(timespanMessage(model)) : null;
    case 'time12':
      return isValidTime12(value) ? null : typeProblem('Expected a clock time HH:MM:SS or HH:MM:SS.SS');
    case 'timestamp':
      return isValidTimestamp2004(value)
        ? null
        : typeProblem('Expected a timestamp such as 2024-05-01T09:30:00 or 2024-05-01T09:30:00.0Z');
    case 'keyword':
      return typeProblem('Keywords cannot be set');
  }
}

/** 2004 responses and patterns of a `long-fill-in` interaction (as sent in this commit) may be longer. */
function lengthOverride(
  model: CmiModel,
  def: ElementDef,
  key: string,
  input: Record<string, unknown>,
): number | undefined {
  if (model !== '2004') return undefined;
  if (
    def.name !== 'cmi.interactions.n.learner_response' &&
    def.name !== 'cmi.interactions.n.correct_responses.n.pattern'
  ) {
    return undefined;
  }
  const typeKey = `${key.split('.').slice(0, 3).join('.')}.type`;
  const type = Object.prototype.hasOwnProperty.call(input, typeKey) ? input[typeKey] : undefined;
  return type === 'long-fill-in' ? LONG_FILL_IN_MAX_LENGTH : undefined;
}

function isIdElement(def: ElementDef): boolean {
  return ID_COLLECTIONS.some((collection) => def.name === `${collection}.n.id`);
}

function isNumber(value: string): boolean {
  return NUMBER.test(value) && Number.isFinite(Number(value));
}

function typeProblem(message: string): Problem {
  return { range: false, message };
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  return `of at most ${max}`;
}

function timespanMessage(model: CmiModel): string {
  return model === '1.2'
    ? 'Expected a timespan HH:MM:SS or HH:MM:SS.SS (2 to 4 hour digits)'
    : 'Expected an ISO 8601 duration such as PT1H5M30.5S';
}

/** Length in Unicode code points, without counting when the UTF-16 length already decides. */
function withinLength(value: string, max: number): boolean {
  if (value.length <= max) return true;
  if (value.length > 2 * max) return false;
  let count = 0;
  for (const _char of value) {
    if (++count > max) return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isEmptyObject(value: unknown): boolean {
  return isPlainObject(value) && Reflect.ownKeys(value).length === 0;
}

function sortedState(entries: Iterable<[string, string]>): CmiState {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function fail(errors: CmiError[]): CommitResult {
  const sorted = [...errors].sort(
    (a, b) => compare(a.element, b.element) || a.code - b.code || compare(a.message, b.message),
  );
  return { ok: false, errors: sorted.slice(0, MAX_ERRORS) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
