/**
 * Summaries of a stored SCORM run-time state: the SCO's completion, success, score, location and
 * exit (with the LMS's own scoring rules applied), and its interactions and objectives as rows.
 *
 * Decisions worth knowing:
 * - The state is read defensively: a value that is not valid for its element (say, a state written
 *   by an older version) counts as absent rather than throwing.
 * - SCORM 1.2 has no scaled score; `scoreScaled` is always `null` for it.
 * - `location` and `exit` are returned as stored, so "" (a meaningful value) is kept; `null` means
 *   never set.
 * - Interactions and objectives without an id are left out of the rows.
 */
import type { CmiModel } from './data-model.js';
import { ROLES } from './data-model.js';
import { parseTimespan } from './time.js';
import type { CmiState } from './validate.js';

export type Completion = 'completed' | 'incomplete' | 'not attempted' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';

export interface ScoSummary {
  completion: Completion;
  success: Success;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  location: string | null;
  exit: string | null;
}

export interface SummaryOptions {
  /** SCORM 1.2 mastery score from the manifest, 0–100. */
  masteryScore: number | null;
  /** SCORM 2004 scaled passing score, −1..1. */
  scaledPassingScore: number | null;
  /** SCORM 2004 completion threshold, 0..1. */
  completionThreshold: number | null;
}

export interface InteractionRow {
  index: number;
  id: string;
  type: string | null;
  learnerResponse: string | null;
  correctResponses: string[];
  result: string | null;
  latencySeconds: number | null;
  weighting: number | null;
  description: string | null;
  timestamp: string | null;
  objectiveIds: string[];
}

export interface ObjectiveRow {
  index: number;
  id: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  success: string | null;
  completion: string | null;
  progressMeasure: number | null;
  description: string | null;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const COMPLETIONS: readonly Completion[] = ['completed', 'incomplete', 'not attempted', 'unknown'];
const SUCCESSES: readonly Success[] = ['passed', 'failed', 'unknown'];

/**
 * Summarises a SCO's state.
 *
 * SCORM 1.2: completion comes from `cmi.core.lesson_status` (passed/completed/failed → completed,
 * incomplete/browsed → incomplete, not attempted or absent → not attempted), success is passed/failed
 * when the status says so, else unknown. With a mastery score and a raw score the LMS decides
 * success (raw ≥ mastery → passed, else failed) and the SCO counts as completed.
 *
 * SCORM 2004: completion and success are the SCO's (unknown when absent), except that with a scaled
 * passing score success is scaled ≥ passing score ? passed : failed, or unknown without a scaled
 * score; and with a completion threshold and a progress measure completion is
 * progress ≥ threshold ? completed : incomplete.
 */
export function summarise(model: CmiModel, state: CmiState, opts: SummaryOptions): ScoSummary {
  const roles = ROLES[model];
  const location = read(state, roles.location);
  const exit = read(state, roles.exit);
  if (model === '1.2') {
    const status = lessonStatus12(read(state, 'cmi.core.lesson_status'));
    let completion: Completion = status ? completionOf12(status) : 'not attempted';
    let success: Success = status === 'passed' || status === 'failed' ? status : 'unknown';
    const scoreRaw = readNumber(state, 'cmi.core.score.raw');
    if (opts.masteryScore !== null && scoreRaw !== null) {
      success = scoreRaw >= opts.masteryScore ? 'passed' : 'failed';
      completion = 'completed';
    }
    return {
      completion,
      success,
      scoreRaw,
      scoreMin: readNumber(state, 'cmi.core.score.min'),
      scoreMax: readNumber(state, 'cmi.core.score.max'),
      scoreScaled: null,
      location,
      exit,
    };
  }

  let completion: Completion = oneOf(read(state, 'cmi.completion_status'), COMPLETIONS) ?? 'unknown';
  let success: Success = oneOf(read(state, 'cmi.success_status'), SUCCESSES) ?? 'unknown';
  const scoreScaled = readNumber(state, 'cmi.score.scaled');
  if (opts.scaledPassingScore !== null) {
    success = scoreScaled === null ? 'unknown' : scoreScaled >= opts.scaledPassingScore ? 'passed' : 'failed';
  }
  const progress = readNumber(state, 'cmi.progress_measure');
  if (opts.completionThreshold !== null && progress !== null) {
    completion = progress >= opts.completionThreshold ? 'completed' : 'incomplete';
  }
  return {
    completion,
    success,
    scoreRaw: readNumber(state, 'cmi.score.raw'),
    scoreMin: readNumber(state, 'cmi.score.min'),
    scoreMax: readNumber(state, 'cmi.score.max'),
    scoreScaled,
    location,
    exit,
  };
}

/**
 * Lists the interactions of a state ordered by index, with their correct response patterns and
 * objective ids ordered by their own index. SCORM 1.2 `student_response` becomes `learnerResponse`
 * and `time` becomes `timestamp`; 1.2 has no description.
 */
export function extractInteractions(model: CmiModel, state: CmiState): InteractionRow[] {
  return itemIndices(state, 'cmi.interactions').flatMap((index): InteractionRow[] => {
    const base = `cmi.interactions.${index}`;
    const id = read(state, `${base}.id`);
    if (!id) return [];
    const latency = read(state, `${base}.latency`);
    return [
      {
        index,
        id,
        type: read(state, `${base}.type`),
        learnerResponse: read(state, `${base}.${model === '1.2' ? 'student_response' : 'learner_response'}`),
        correctResponses: subValues(state, `${base}.correct_responses`, 'pattern'),
        result: read(state, `${base}.result`),
        latencySeconds: latency === null ? null : parseTimespan(model, latency),
        weighting: readNumber(state, `${base}.weighting`),
        description: model === '1.2' ? null : read(state, `${base}.description`),
        timestamp: read(state, `${base}.${model === '1.2' ? 'time' : 'timestamp'}`),
        objectiveIds: subValues(state, `${base}.objectives`, 'id'),
      },
    ];
  });
}

/**
 * Lists the objectives of a state ordered by index. A SCORM 1.2 objective `status` maps to
 * completion and success as `cmi.core.lesson_status` does (success `unknown` unless passed/failed);
 * a missing status gives `null` for both. 1.2 has no scaled score, progress measure or description.
 */
export function extractObjectives(model: CmiModel, state: CmiState): ObjectiveRow[] {
  return itemIndices(state, 'cmi.objectives').flatMap((index): ObjectiveRow[] => {
    const base = `cmi.objectives.${index}`;
    const id = read(state, `${base}.id`);
    if (!id) return [];
    const scores = {
      scoreRaw: readNumber(state, `${base}.score.raw`),
      scoreMin: readNumber(state, `${base}.score.min`),
      scoreMax: readNumber(state, `${base}.score.max`),
    };
    if (model === '1.2') {
      const status = lessonStatus12(read(state, `${base}.status`));
      return [
        {
          index,
          id,
          ...scores,
          scoreScaled: null,
          success: status === null ? null : status === 'passed' || status === 'failed' ? status : 'unknown',
          completion: status === null ? null : completionOf12(status),
          progressMeasure: null,
          description: null,
        },
      ];
    }
    return [
      {
        index,
        id,
        ...scores,
        scoreScaled: readNumber(state, `${base}.score.scaled`),
        success: oneOf(read(state, `${base}.success_status`), SUCCESSES),
        completion: oneOf(read(state, `${base}.completion_status`), COMPLETIONS),
        progressMeasure: readNumber(state, `${base}.progress_measure`),
        description: read(state, `${base}.description`),
      },
    ];
  });
}

type Status12 = 'passed' | 'completed' | 'failed' | 'incomplete' | 'browsed' | 'not attempted';
const STATUSES_12: readonly Status12[] = [
  'passed',
  'completed',
  'failed',
  'incomplete',
  'browsed',
  'not attempted',
];

function lessonStatus12(value: string | null): Status12 | null {
  return oneOf(value, STATUSES_12);
}

function completionOf12(status: Status12): Completion {
  if (status === 'passed' || status === 'completed' || status === 'failed') return 'completed';
  if (status === 'incomplete' || status === 'browsed') return 'incomplete';
  return 'not attempted';
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function read(state: CmiState, key: string): string | null {
  if (!Object.prototype.hasOwnProperty.call(state, key)) return null;
  const value: unknown = state[key];
  return typeof value === 'string' ? value : null;
}

function readNumber(state: CmiState, key: string): number | null {
  const value = read(state, key);
  if (value === null || !NUMBER.test(value)) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Sorted distinct indices `n` of keys `${collection}.n.…` present in the state. */
function itemIndices(state: CmiState, collection: string): number[] {
  const pattern = new RegExp(`^${collection.replace(/\./g, '\\.')}\\.(0|[1-9]\\d*)\\.`);
  const indices = new Set<number>();
  for (const key of Object.keys(state)) {
    const m = pattern.exec(key);
    if (m) indices.add(Number(m[1]));
  }
  return [...indices].sort((a, b) => a - b);
}

/** Values of `${collection}.n.${field}`, ordered by `n`. */
function subValues(state: CmiState, collection: string, field: string): string[] {
  return itemIndices(state, collection).flatMap((n) => {
    const value = read(state, `${collection}.${n}.${field}`);
    return value === null || value === '' ? [] : [value];
  });
}
