/**
 * Standardised mean differences for pre/post (paired) designs, difference = post − pre, each with
 * a confidence interval (95% by default):
 *
 * - d_z = mean_diff / sd_diff (Cohen 1988; Lakens 2013). CI: by inverting the
 *   noncentral t distribution (Steiger & Fouladi 1997; Cumming & Finch 2001). With
 *   t_obs = d_z·√n and df = n − 1, the limits for the noncentrality parameter are the λ_L with
 *   P(T ≤ t_obs | df, λ_L) = 1 − α/2 and the λ_U with P(T ≤ t_obs | df, λ_U) = α/2; the CI for
 *   d_z is [λ_L/√n, λ_U/√n]. The CDF is jStat's noncentral t; the λs are found by stepping out
 *   from t_obs in steps of 1 until the sign changes, then Brent's method (tol 1e-14).
 * - g_z = d_z·J, Hedges' (1981) exact small-sample correction
 *   J = Γ(df/2) / (√(df/2)·Γ((df − 1)/2)), df = n − 1 (computed with jStat's log-gamma). CI: the
 *   d_z limits times J (J is a constant, so the coverage is that of the d_z interval).
 * - d_av = mean_diff / ((sd_pre + sd_post)/2) (Cumming 2012; Lakens 2013). CI: the approximate
 *   method Algina & Keselman (2003) give for dependent samples, and Cumming (2012) uses for the
 *   paired design: the noncentral-t limits of the paired t (the d_z interval above) rescaled by
 *   sd_diff / sd_av, i.e. [λ_L, λ_U]·sd_diff / (√n·sd_av). It treats the ratio sd_diff/sd_av as
 *   known, so it is approximate; Algina & Keselman use the root mean square of the two SDs where
 *   we (after Lakens) use their plain average.
 *
 * jStat's noncentral t CDF is only trusted for |λ| ≤ NONCENTRAL_T_MAX_NCP (24; see
 * distributions.ts), so a limit that lies beyond that (which happens once |t_obs| is past about
 * 20) is reported as NaN rather than as a wrong number.
 *
 * References: Algina, J. & Keselman, H. J. (2003). Approximate confidence intervals for effect
 * sizes. Educational and Psychological Measurement, 63, 537–553. Cohen, J. (1988). Statistical
 * Power Analysis for the Behavioral Sciences (2nd ed.). Erlbaum. Cumming, G. (2012).
 * Understanding the New Statistics. Routledge. Cumming, G. & Finch, S. (2001). A primer on the
 * understanding, use, and calculation of confidence intervals that are based on central and
 * noncentral distributions. Educational and Psychological Measurement, 61, 532–574. Hedges, L. V.
 * (1981). Distribution theory for Glass's estimator of effect size and related estimators. Journal
 * of Educational Statistics, 6, 107–128. Lakens, D. (2013). Calculating and reporting effect sizes
 * to facilitate cumulative science. Frontiers in Psychology, 4, 863. Steiger, J. H. & Fouladi,
 * R. T. (1997). Noncentrality interval estimation and the evaluation of statistical models. In
 * Harlow, Mulaik & Steiger (Eds.), What If There Were No Significance Tests? Erlbaum.
 */
import { mean, sd } from './descriptives.js';
import { NONCENTRAL_T_MAX_NCP, logGamma, noncentralTCdf } from './distributions.js';
import { StatsError } from './errors.js';
import { differences } from './paired-t.js';
import { bracketMonotoneRoot, brentRoot } from './root-finding.js';

export interface Interval {
  low: number;
  high: number;
}

export interface EffectSize {
  estimate: number;
  ciLow: number;
  ciHigh: number;
}

export interface PairedEffectSizes {
  n: number;
  confLevel: number;
  dz: EffectSize;
  gz: EffectSize;
  dav: EffectSize;
  /** Hedges' correction factor J used for g_z. */
  hedgesJ: number;
}

/**
 * Hedges' exact small-sample correction J(df) = Γ(df/2) / (√(df/2)·Γ((df − 1)/2)), via ln Γ.
 * NaN for df ≤ 1, where Γ((df − 1)/2) has its pole.
 */
export function hedgesJ(df: number): number {
  if (!(df > 1)) return NaN;
  return Math.exp(logGamma(df / 2) - logGamma((df - 1) / 2)) / Math.sqrt(df / 2);
}

/**
 * Confidence limits for the noncentrality parameter λ of a t statistic `tObs` on `df` degrees of
 * freedom: λ_L solves P(T ≤ tObs | λ_L) = (1 + confLevel)/2 and λ_U solves
 * P(T ≤ tObs | λ_U) = (1 − confLevel)/2 (the CDF falls as λ grows). NaN limits when a limit lies
 * past ±NONCENTRAL_T_MAX_NCP.
 */
export function noncentralTInterval(tObs: number, df: number, confLevel = 0.95): Interval {
  if (!Number.isFinite(tObs) || !(df > 0) || !(confLevel > 0 && confLevel < 1)) {
    return { low: NaN, high: NaN };
  }
  const limit = (p: number): number => {
    const f = (ncp: number) => noncentralTCdf(tObs, df, ncp) - p;
    const bracket = bracketMonotoneRoot(f, tObs, false, { step: 1, grow: 1, limit: NONCENTRAL_T_MAX_NCP });
    return bracket ? brentRoot(f, bracket[0], bracket[1], { tol: 1e-14 }) : NaN;
  };
  return { low: limit((1 + confLevel) / 2), high: limit((1 - confLevel) / 2) };
}

/** d_z, g_z and d_av with their confidence intervals (methods in the module comment). */
export function pairedEffectSizes(
  pre: readonly number[],
  post: readonly number[],
  opts: { confLevel?: number } = {},
): PairedEffectSizes {
  const confLevel = opts.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1))
    throw new StatsError('The confidence level must be between 0 and 1.');
  const diff = differences(pre, post);
  const n = diff.length;
  if (n < 2) throw new StatsError(`Effect sizes need at least 2 complete pairs; got ${n}.`);
  const meanDiff = mean(diff);
  const sdDiff = sd(diff);
  if (!(sdDiff > 0)) {
    throw new StatsError('Every pair has the same post − pre difference, so d_z cannot be computed.');
  }
  const sdAv = (sd(pre) + sd(post)) / 2;
  const df = n - 1;
  const dz = meanDiff / sdDiff;
  const lambda = noncentralTInterval(dz * Math.sqrt(n), df, confLevel);
  const dzLow = lambda.low / Math.sqrt(n);
  const dzHigh = lambda.high / Math.sqrt(n);
  const j = hedgesJ(df);
  const ratio = sdDiff / sdAv;
  return {
    n,
    confLevel,
    dz: { estimate: dz, ciLow: dzLow, ciHigh: dzHigh },
    gz: { estimate: dz * j, ciLow: dzLow * j, ciHigh: dzHigh * j },
    dav: { estimate: meanDiff / sdAv, ciLow: dzLow * ratio, ciHigh: dzHigh * ratio },
    hedgesJ: j,
  };
}
