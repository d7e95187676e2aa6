/**
 * Cronbach's (1951) alpha for a respondents × items matrix, complete cases only:
 * α = k/(k − 1) · (1 − Σ s²_item / s²_total), with sample variances (divisor n − 1) of each item
 * and of the respondents' total scores.
 *
 * Confidence interval: Feldt (1965), from (1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1)):
 * lower = 1 − (1 − α̂)·F_{1−γ/2}, upper = 1 − (1 − α̂)·F_{γ/2} with γ = 1 − confLevel (so the
 * 97.5% and 2.5% F quantiles for a 95% interval), F quantiles from jStat.
 *
 * References: Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
 * Psychometrika, 16, 297–334. Feldt, L. S. (1965). The approximate sampling distribution of
 * Kuder-Richardson reliability coefficient twenty. Psychometrika, 30, 357–370.
 */
import { completeRows, MaybeNumber } from './complete-cases.js';
import { sum, variance } from './descriptives.js';
import { fQuantile } from './distributions.js';
import { StatsError } from './errors.js';

export interface CronbachAlpha {
  /** Number of items (columns). */
  k: number;
  /** Number of complete respondents (rows) used. */
  n: number;
  /** Respondents left out for a missing answer. */
  nExcluded: number;
  alpha: number;
  ciLow: number;
  ciHigh: number;
  confLevel: number;
}

/** Alpha and its Feldt interval; `rows` are respondents, a missing answer is null or NaN. */
export function cronbachAlpha(
  rows: readonly (readonly MaybeNumber[])[],
  opts: { confLevel?: number } = {},
): CronbachAlpha {
  const confLevel = opts.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsError('The confidence level must be between 0 and 1.');
  const k = rows.length ? rows[0].length : 0;
  rows.forEach((row, i) => {
    if (row.length !== k) {
      throw new StatsError(`Respondent ${i + 1} has ${row.length} answers, but the first has ${k}.`);
    }
    row.forEach((x, j) => {
      if (x !== null && !Number.isNaN(x) && !Number.isFinite(x)) {
        throw new StatsError(`Respondent ${i + 1}, item ${j + 1} is ${x}, which is not a finite number.`);
      }
    });
  });
  if (k < 2) throw new StatsError(`Cronbach's alpha needs at least 2 items; got ${k}.`);
  const { rows: complete, nExcluded } = completeRows(rows);
  const n = complete.length;
  if (n < 2) throw new StatsError(`Cronbach's alpha needs at least 2 complete respondents; got ${n}.`);
  const itemVariances = Array.from({ length: k }, (_, j) => variance(complete.map((row) => row[j])));
  const totalVariance = variance(complete.map((row) => sum(row)));
  if (!(totalVariance > 0)) {
    throw new StatsError("Every respondent has the same total score, so Cronbach's alpha is undefined.");
  }
  return {
    ...alphaFromVariances({ k, n, itemVarianceSum: sum(itemVariances), totalVariance }, { confLevel }),
    nExcluded,
  };
}

/**
 * Alpha and its Feldt interval from the summary a database can compute: k items, n complete respondents,
 * the sum of the item variances and the variance of the total score (all with divisor n − 1).
 */
export function alphaFromVariances(
  v: { k: number; n: number; itemVarianceSum: number; totalVariance: number },
  opts: { confLevel?: number } = {},
): Omit<CronbachAlpha, 'nExcluded'> {
  const confLevel = opts.confLevel ?? 0.95;
  const { k, n } = v;
  if (k < 2) throw new StatsError(`Cronbach's alpha needs at least 2 items; got ${k}.`);
  if (n < 2) throw new StatsError(`Cronbach's alpha needs at least 2 complete respondents; got ${n}.`);
  if (!(v.totalVariance > 0)) {
    throw new StatsError("Every respondent has the same total score, so Cronbach's alpha is undefined.");
  }
  const alpha = (k / (k - 1)) * (1 - v.itemVarianceSum / v.totalVariance);
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const gamma = 1 - confLevel;
  return {
    k,
    n,
    alpha,
    ciLow: 1 - (1 - alpha) * fQuantile(1 - gamma / 2, df1, df2),
    ciHigh: 1 - (1 - alpha) * fQuantile(gamma / 2, df1, df2),
    confLevel,
  };
}
