/** CMI data as flat element → value pairs ("cmi.core.lesson_status" → "incomplete"). */
export type FlatCmi = Record<string, string>;

export type ScormVersion = '1.2' | '2004';

/**
 * Turns what scorm-again hands to the HTTP service (with `dataCommitFormat: 'flattened'`) into flat
 * element → string pairs. scorm-again renders empty collections as `{}` or `[]` (for example
 * `"cmi.interactions.0.objectives": {}`); those carry no data and are left out, and numbers or booleans
 * are sent as strings, so the server only ever sees string values.
 */
export function toFlatCmi(params: unknown): FlatCmi {
  const flat: FlatCmi = {};
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return flat;
  for (const [element, value] of Object.entries(params)) {
    if (typeof value === 'string') flat[element] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') flat[element] = String(value);
  }
  return flat;
}

/** Whether a value read back from storage is flat CMI. */
export function isFlatCmi(value: unknown): value is FlatCmi {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

/**
 * Elements the LMS owns (or the SCO may only write for the current session). Their values in the launch
 * state are authoritative, so a snapshot recovered from this browser must not overwrite them.
 */
const LMS_OWNED: Record<ScormVersion, RegExp[]> = {
  '1.2': [
    /^cmi\.core\.(student_id|student_name|credit|entry|lesson_mode|total_time|session_time|exit)$/,
    /^cmi\.(launch_data|comments_from_lms)$/,
    /^cmi\.student_data\./,
  ],
  '2004': [
    /^cmi\.(learner_id|learner_name|credit|entry|mode|total_time|session_time|exit|launch_data)$/,
    /^cmi\.(max_time_allowed|time_limit_action|scaled_passing_score|completion_threshold)$/,
    /^cmi\.comments_from_lms\./,
    /^adl\./,
  ],
};

/** The part of a recovered snapshot the learner produced (location, suspend data, scores, interactions…). */
export function learnerOwnedPart(cmi: FlatCmi, version: ScormVersion): FlatCmi {
  const patterns = LMS_OWNED[version];
  const part: FlatCmi = {};
  for (const [element, value] of Object.entries(cmi)) {
    if (!patterns.some((pattern) => pattern.test(element))) part[element] = value;
  }
  return part;
}

const COLLECTION = /^cmi\.(interactions|objectives)\.(\d+)\.(.*)$/;

interface LoadRank {
  group: number;
  index: number;
  field: number;
  name: string;
}

function loadRank(element: string): LoadRank {
  const match = COLLECTION.exec(element);
  if (!match) return { group: 2, index: 0, field: 0, name: element };
  const collection = match[1];
  const rest = match[3];
  // An entry's id (and an interaction's type) must be set before its other fields.
  const field = rest === 'id' ? 0 : collection === 'interactions' && rest === 'type' ? 1 : 2;
  return { group: collection === 'interactions' ? 0 : 1, index: Number(match[2]), field, name: rest };
}

/**
 * Elements in the order scorm-again can load them one at a time: interactions, then objectives (each by
 * index, id first, an interaction's type next), then everything else.
 */
export function loadOrder(cmi: FlatCmi): string[] {
  return Object.keys(cmi).sort((a, b) => {
    const ra = loadRank(a);
    const rb = loadRank(b);
    return (
      ra.group - rb.group || ra.index - rb.index || ra.field - rb.field || ra.name.localeCompare(rb.name)
    );
  });
}

/** The part of scorm-again's API used to load data before the SCO initialises. */
export interface CmiLoader {
  loadFromFlattenedJSON(json: Record<string, unknown>, CMIElement?: string): void;
}

/**
 * Loads flat CMI into the API element by element, so one value scorm-again refuses (it throws on the
 * first invalid value) does not stop the rest from loading. Returns the elements that were refused.
 */
export function loadCmi(api: CmiLoader, cmi: FlatCmi): { element: string; error: string }[] {
  const refused: { element: string; error: string }[] = [];
  for (const element of loadOrder(cmi)) {
    try {
      api.loadFromFlattenedJSON({ [element]: cmi[element] }, '');
    } catch (error) {
      refused.push({ element, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return refused;
}
