/**
 * The study evaluation, computed from participants' scored responses: pure, so the rules about what is
 * compared and what is withheld live in one place. The repository supplies consenting participants only.
 *
 * - A paired comparison uses complete cases (a score at both timepoints) and is withheld when fewer than
 *   `threshold` people have one, or when the statistics are undefined (e.g. every difference equal).
 * - p-values across the capabilities of one comparison are adjusted by Holm and by Benjamini–Hochberg.
 */
import {
  benjaminiHochberg,
  describe,
  holm,
  pairedEffectSizes,
  pairedTTest,
  wilcoxonSignedRank,
} from './stats/index.js';

export type Timepoint = 'pre' | 'post' | 'follow_up';

export interface Summary {
  n: number;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
}

export interface Comparison {
  measure: string;
  label: string;
  from: Timepoint;
  to: Timepoint;
  n: number;
  /** Why no statistics are given; null when they are. */
  withheld: string | null;
  before: Summary | null;
  after: Summary | null;
  meanDiff: number | null;
  sdDiff: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  pHolm: number | null;
  pBh: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  dz: Effect | null;
  dav: Effect | null;
  gz: Effect | null;
  wilcoxon: { V: number; p: number; method: 'exact' | 'normal-cc' } | null;
}

export interface Effect {
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** n, mean, SD, median and quartiles (type 7) of one set of values. */
export function summary(xs: number[]): Summary {
  const d = describe(xs);
  return { n: d.n, mean: d.mean, sd: d.sd, median: d.median, q1: d.q1, q3: d.q3, iqr: d.iqr };
}

const effect = (e: { estimate: number; ciLow: number; ciHigh: number }): Effect => ({
  estimate: e.estimate,
  ciLow: finiteOrNull(e.ciLow),
  ciHigh: finiteOrNull(e.ciHigh),
});

/**
 * Paired values from counts of (before, after) pairs, as the database returns them: each pair repeated n
 * times. The order of pairs does not matter to any paired statistic.
 */
export function expandPairs(counts: { before: number; after: number; n: number }[]): {
  pre: number[];
  post: number[];
} {
  const pre: number[] = [];
  const post: number[] = [];
  for (const { before, after, n } of counts)
    for (let i = 0; i < n; i++) {
      pre.push(before);
      post.push(after);
    }
  return { pre, post };
}

/** Values from counts of each value. */
export function expandValues(counts: { value: number; n: number }[]): number[] {
  const xs: number[] = [];
  for (const { value, n } of counts) for (let i = 0; i < n; i++) xs.push(value);
  return xs;
}

/**
 * The two variances Cronbach's alpha needs, from sums over n complete responses to k items: Σ total,
 * Σ total², Σ item² (over every item and response) and Σ of each item. Sample variances (n − 1):
 * the sum of the item variances is (Σ item² − Σᵢ (Σ itemᵢ)² / n) / (n − 1), and the variance of the total
 * is (Σ total² − (Σ total)² / n) / (n − 1).
 */
export function variancesFromSums(s: {
  n: number;
  total: number;
  totalSquares: number;
  itemSquares: number;
  itemSums: number[];
}): { itemVarianceSum: number; totalVariance: number } {
  const squaredSums = s.itemSums.reduce((a, x) => a + x * x, 0);
  return {
    itemVarianceSum: (s.itemSquares - squaredSums / s.n) / (s.n - 1),
    totalVariance: (s.totalSquares - (s.total * s.total) / s.n) / (s.n - 1),
  };
}

const EMPTY = {
  before: null,
  after: null,
  meanDiff: null,
  sdDiff: null,
  t: null,
  df: null,
  p: null,
  pHolm: null,
  pBh: null,
  ciLow: null,
  ciHigh: null,
  dz: null,
  dav: null,
  gz: null,
  wilcoxon: null,
};

/** One paired comparison, or a withheld one saying why. */
export function compare(
  measure: string,
  label: string,
  from: Timepoint,
  to: Timepoint,
  pre: number[],
  post: number[],
  threshold: number,
): Comparison {
  const n = pre.length;
  const base = { measure, label, from, to, n };
  if (n < threshold)
    return { ...base, ...EMPTY, withheld: `Fewer than ${threshold} people have both scores.` };
  try {
    const t = pairedTTest(pre, post);
    const es = pairedEffectSizes(pre, post);
    const w = wilcoxonSignedRank(pre, post);
    return {
      ...base,
      withheld: null,
      before: summary(pre),
      after: summary(post),
      meanDiff: t.meanDiff,
      sdDiff: t.sdDiff,
      t: t.t,
      df: t.df,
      p: t.p,
      pHolm: null,
      pBh: null,
      ciLow: t.ciLow,
      ciHigh: t.ciHigh,
      dz: effect(es.dz),
      dav: effect(es.dav),
      gz: effect(es.gz),
      wilcoxon: { V: w.V, p: w.p, method: w.method },
    };
  } catch (e) {
    return { ...base, ...EMPTY, withheld: `No statistics: ${(e as Error).message}` };
  }
}

/** Holm and BH adjustment across the comparisons that have a p-value. */
export function adjust(comparisons: Comparison[]): Comparison[] {
  const withP = comparisons.filter((c) => c.p !== null);
  const ps = withP.map((c) => c.p as number);
  const h = holm(ps);
  const bh = benjaminiHochberg(ps);
  return comparisons.map((c) => {
    const i = withP.indexOf(c);
    return i === -1 ? c : { ...c, pHolm: h[i], pBh: bh[i] };
  });
}
