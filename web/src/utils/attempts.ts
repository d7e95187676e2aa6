import type { TagColour } from '../components/base/types';
import type { AttemptPolicy, CompletionStatus, Grading, SuccessStatus } from '../api/types';

export interface StatusTag {
  text: 'Not started' | 'In progress' | 'Completed' | 'Passed' | 'Failed';
  colour: TagColour;
}

/**
 * The status of an attempt or of one part (SCO) of a module, as a tag. Passed or failed says most; then
 * whether it is completed. `started` says whether anything has happened yet when the content has not
 * reported its completion itself.
 */
export function attemptStatus(
  progress: { completion: CompletionStatus; success: SuccessStatus },
  started = true,
): StatusTag {
  if (progress.success === 'passed') return { text: 'Passed', colour: 'green' };
  if (progress.success === 'failed') return { text: 'Failed', colour: 'red' };
  if (progress.completion === 'completed') return { text: 'Completed', colour: 'green' };
  if (progress.completion === 'incomplete' || (progress.completion === 'unknown' && started)) {
    return { text: 'In progress', colour: 'blue' };
  }
  return { text: 'Not started', colour: 'grey' };
}

/** A scaled score (−1 to 1) as a percentage: "85%". */
export function formatScore(scaled: number | null | undefined, none = 'No score'): string {
  if (scaled === null || scaled === undefined || !Number.isFinite(scaled)) return none;
  return `${Math.round(scaled * 100)}%`;
}

export const ATTEMPT_POLICIES: readonly AttemptPolicy[] = ['on_completed', 'on_passed', 'never'];
export const GRADINGS: readonly Grading[] = ['highest', 'last', 'first'];

export const ATTEMPT_POLICY_LABEL: Readonly<Record<AttemptPolicy, string>> = {
  on_completed: 'After the last attempt was completed',
  on_passed: 'After the last attempt was passed',
  never: 'Never: learners always return to their one attempt',
};

export const GRADING_LABEL: Readonly<Record<Grading, string>> = {
  highest: 'Highest score',
  last: 'Last attempt',
  first: 'First attempt',
};

/** For learners: which attempt their result comes from. */
export const GRADING_NOTE: Readonly<Record<Grading, string>> = {
  highest: 'Your result is from your attempt with the highest score.',
  last: 'Your result is from your most recent attempt.',
  first: 'Your result is from your first attempt.',
};

/** For learners: when opening the module starts again. */
export const ATTEMPT_POLICY_NOTE: Readonly<Record<AttemptPolicy, string>> = {
  on_completed: 'You can start a new attempt once you have completed one.',
  on_passed: 'You can start a new attempt once you have passed one.',
  never: 'You have one attempt: opening the module always takes you back to it.',
};

export function isAttemptPolicy(value: unknown): value is AttemptPolicy {
  return typeof value === 'string' && (ATTEMPT_POLICIES as readonly string[]).includes(value);
}

export function isGrading(value: unknown): value is Grading {
  return typeof value === 'string' && (GRADINGS as readonly string[]).includes(value);
}
