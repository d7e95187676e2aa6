/** SCORM run-time data model: commit validation, state merging, time formats and summaries. */
export type { Access, DataType, ElementDef, EmptyRule, ErrorCodes, Lookup } from './data-model.js';
export {
  ELEMENTS,
  ERROR_CODES,
  isLearnerWritable,
  lookupElement,
  MAX_INTERACTIONS,
  MAX_OBJECTIVES,
  MAX_SUB_INDEX,
  MAX_VALUE_LENGTH,
} from './data-model.js';
export { formatTimespan, isValidTime12, isValidTimestamp2004, parseTimespan } from './time.js';
export type { CmiError, CmiModel, CmiState, CommitResult } from './validate.js';
export { MAX_COMMIT_KEYS, MAX_ERRORS, mergeState, validateCommit } from './validate.js';
export type {
  Completion,
  InteractionRow,
  ObjectiveRow,
  ScoSummary,
  Success,
  SummaryOptions,
} from './summary.js';
export { extractInteractions, extractObjectives, summarise } from './summary.js';
