/**
 * How an attempt's state follows from its SCOs, whether a launch starts a new attempt, and which attempt
 * grades a module. Pure functions: the run-time service applies them inside its transaction.
 */
export type Completion = 'completed' | 'incomplete' | 'not attempted' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';
export type AttemptPolicy = 'on_completed' | 'on_passed' | 'never';
export type Grading = 'highest' | 'last' | 'first';

export const ATTEMPT_POLICIES: readonly AttemptPolicy[] = ['on_completed', 'on_passed', 'never'];
export const GRADINGS: readonly Grading[] = ['highest', 'last', 'first'];

export interface ScoFacts {
  completion: Completion;
  success: Success;
  scoreScaled: number | null;
  totalSeconds: number;
}

export interface AttemptRollup {
  completion: Completion;
  success: Success;
  scoreScaled: number | null;
  totalSeconds: number;
}

/**
 * The attempt is completed when every SCO of its package version is completed; not attempted when none was
 * launched; otherwise incomplete. It is failed when any SCO failed, passed when every SCO that reports
 * success passed and at least one did, and otherwise unknown. Its score is the mean of the SCOs' scaled
 * scores (SCOs without a score do not count), and its time the sum of theirs.
 */
export function rollUp(scoCount: number, scos: ScoFacts[]): AttemptRollup {
  const completed = scos.filter((s) => s.completion === 'completed').length;
  const completion: Completion =
    scos.length === 0 ? 'not attempted' : completed >= scoCount ? 'completed' : 'incomplete';
  const successes = scos.map((s) => s.success).filter((s) => s !== 'unknown');
  const success: Success = successes.includes('failed')
    ? 'failed'
    : successes.length > 0 && completion === 'completed'
      ? 'passed'
      : 'unknown';
  const scores = scos.map((s) => s.scoreScaled).filter((s): s is number => s !== null);
  const scoreScaled = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const totalSeconds = scos.reduce((a, s) => a + s.totalSeconds, 0);
  return { completion, success, scoreScaled, totalSeconds };
}

/** A module counts as done in the programme once an attempt is completed and not failed. */
export const countsAsDone = (a: { completion: Completion; success: Success }) =>
  a.completion === 'completed' && a.success !== 'failed';

/** Whether launching after `last` starts a new attempt under the package's policy. */
export function needsNewAttempt(
  policy: AttemptPolicy,
  last: { completion: Completion; success: Success } | null,
): boolean {
  if (!last) return true;
  switch (policy) {
    case 'on_completed':
      return last.completion === 'completed';
    case 'on_passed':
      return last.success === 'passed';
    case 'never':
      return false;
    default: {
      const unreachable: never = policy;
      return unreachable;
    }
  }
}

export interface GradableAttempt {
  number: number;
  completion: Completion;
  success: Success;
  scoreScaled: number | null;
}

/**
 * The attempt whose result stands for the module. `first` and `last` go by attempt number; `highest` takes
 * the best scaled score, then a pass over a fail, then the later attempt.
 */
export function gradedAttempt<T extends GradableAttempt>(attempts: T[], grading: Grading): T | null {
  if (!attempts.length) return null;
  const byNumber = [...attempts].sort((a, b) => a.number - b.number);
  if (grading === 'first') return byNumber[0];
  if (grading === 'last') return byNumber[byNumber.length - 1];
  const rank = (a: T) => [a.scoreScaled ?? -Infinity, a.success === 'passed' ? 1 : 0, a.number];
  return byNumber.reduce((best, a) => {
    const [x, y] = [rank(a), rank(best)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : best;
    return best;
  });
}

/** A SCORM 1.2 raw score on min..max (defaults 0..100) as a scaled score in −1..1; null without a raw score. */
export function scaledFromRaw(raw: number | null, min: number | null, max: number | null): number | null {
  if (raw === null) return null;
  const lo = min ?? 0;
  const hi = max ?? 100;
  if (hi <= lo) return null;
  return Math.max(-1, Math.min(1, (raw - lo) / (hi - lo)));
}
