/**
 * Paired t-test on pre/post scores, difference = post − pre, as R's
 * `t.test(post, pre, paired = TRUE)`: a one-sample t-test of the differences against 0, with
 * t = mean_diff / (sd_diff / √n) on n − 1 degrees of freedom, two-sided p = 2·P(T ≤ −|t|), and the
 * confidence interval of the mean difference mean_diff ± t_{1−α/2, n−1}·sd_diff/√n (written as
 * R writes it: (t ± q)·se).
 */
import { assertFiniteValues, mean, variance } from './descriptives.js';
import { tCdf, tQuantile } from './distributions.js';
import { StatsError } from './errors.js';

export interface PairedTTest {
  n: number;
  meanPre: number;
  meanPost: number;
  meanDiff: number;
  sdDiff: number;
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** Confidence interval of the mean difference (post − pre). */
  ciLow: number;
  ciHigh: number;
  confLevel: number;
}

/** post[i] − pre[i] for complete, finite pairs of equal length. */
export function differences(pre: readonly number[], post: readonly number[]): number[] {
  if (pre.length !== post.length) {
    throw new StatsError(`There are ${pre.length} pre scores but ${post.length} post scores.`);
  }
  assertFiniteValues(pre, 'pre scores');
  assertFiniteValues(post, 'post scores');
  return post.map((x, i) => x - pre[i]);
}

export function pairedTTest(
  pre: readonly number[],
  post: readonly number[],
  opts: { confLevel?: number } = {},
): PairedTTest {
  const confLevel = opts.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsError('The confidence level must be between 0 and 1.');
  const diff = differences(pre, post);
  const n = diff.length;
  if (n < 2) throw new StatsError(`A paired t-test needs at least 2 complete pairs; got ${n}.`);
  const meanDiff = mean(diff);
  const varDiff = variance(diff);
  const sdDiff = Math.sqrt(varDiff);
  const se = Math.sqrt(varDiff / n);
  // R: stop("data are essentially constant") when stderr < 10 * eps * |mean|.
  if (!(se > 0) || se < 10 * Number.EPSILON * Math.abs(meanDiff)) {
    throw new StatsError(
      'Every pair has the same post − pre difference, so the paired t-test (and d_z) cannot be computed.',
    );
  }
  const df = n - 1;
  const t = meanDiff / se;
  const q = tQuantile(1 - (1 - confLevel) / 2, df);
  return {
    n,
    meanPre: mean(pre),
    meanPost: mean(post),
    meanDiff,
    sdDiff,
    t,
    df,
    p: 2 * tCdf(-Math.abs(t), df),
    ciLow: (t - q) * se,
    ciHigh: (t + q) * se,
    confLevel,
  };
}
