/**
 * Wilcoxon signed-rank test for paired data with R's semantics
 * (`wilcox.test(post, pre, paired = TRUE, correct = TRUE)` in R before 4.6):
 *
 * - differences d = post − pre; zero differences are dropped, leaving n;
 * - |d| are ranked with average ranks for ties (ties are exact equality of the doubles, as R's
 *   default `digits.rank = Inf`), and V is the sum of the ranks of the positive differences;
 * - exact p-value from the null distribution of V (@stdlib's signed-rank CDF) when
 *   n ≤ `exactMaxN` (50) and there are no ties and no zeros: p = min(1, 2·min(P(V' ≤ V),
 *   P(V' ≥ V))). R's own default switches at n < 50, so for exactly 50 differences R's default
 *   uses the normal approximation where this uses the exact distribution (pass
 *   `exactMaxN: 49` for R's default);
 * - otherwise the normal approximation with tie and continuity correction:
 *   z = (V − n(n+1)/4 − 0.5·sign(V − n(n+1)/4)) / √(n(n+1)(2n+1)/24 − Σ(t³ − t)/48), summing over
 *   groups of t tied |d|, and p = 2·min(Φ(z), 1 − Φ(z)).
 */
import { normalCdf, signrankCdf } from './distributions.js';
import { differences } from './paired-t.js';

export interface WilcoxonSignedRank {
  /** Sum of the ranks of the positive differences. */
  V: number;
  /** Two-sided p-value (NaN when every difference is zero). */
  p: number;
  method: 'exact' | 'normal-cc';
  /** Number of non-zero differences (the n of the test). */
  n: number;
  /** Number of zero differences dropped. */
  zeros: number;
  /** Whether any |difference| values are tied. */
  ties: boolean;
  /** The continuity-corrected z (normal-cc only). */
  z?: number;
}

/** Ranks 1..n with tied values given the mean of their ranks (R's `rank`, ties "average"). */
export function averageRanks(xs: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Array<number>(xs.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && xs[order[end]] === xs[order[start]]) end++;
    // Positions start..end-1 (0-based) hold ranks start+1..end; each gets their mean.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

export function wilcoxonSignedRank(
  pre: readonly number[],
  post: readonly number[],
  opts: { exactMaxN?: number } = {},
): WilcoxonSignedRank {
  const exactMaxN = opts.exactMaxN ?? 50;
  const all = differences(pre, post);
  const d = all.filter((x) => x !== 0);
  const zeros = all.length - d.length;
  const n = d.length;
  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  const V = d.reduce((acc, x, i) => (x > 0 ? acc + ranks[i] : acc), 0);
  const ties = tieSizes.some((t) => t > 1);
  if (n >= 1 && n <= exactMaxN && !ties && zeros === 0) {
    // P(V' ≥ V) = P(V' ≤ n(n+1)/2 − V) by the symmetry of the null distribution; R's psignrank
    // sums the same lower-tail terms for the upper tail.
    const lower = V > (n * (n + 1)) / 4 ? signrankCdf((n * (n + 1)) / 2 - V, n) : signrankCdf(V, n);
    return { V, p: Math.min(2 * lower, 1), method: 'exact', n, zeros, ties };
  }
  const centred = V - (n * (n + 1)) / 4;
  const tieTerm = tieSizes.reduce((acc, t) => acc + (t * t * t - t), 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  const p = 2 * Math.min(normalCdf(z), normalCdf(-z));
  return { V, p, method: 'normal-cc', n, zeros, ties, z };
}
