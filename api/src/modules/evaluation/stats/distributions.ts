/**
 * The probability distributions the engine needs, all taken from jStat 1.9 or @stdlib: nothing in
 * this module computes a distribution itself. It is the only place that imports either library,
 * so their quirks are handled (and documented) once:
 *
 * - jStat's quantile functions (`studentt.inv`, `centralF.inv`) stop their Newton iterations at a
 *   relative step of 1e-8, which leaves errors up to ~5e-8 (measured against R 4.2.2's `qt`, e.g.
 *   df = 100). `tQuantile` and `fQuantile` therefore start from jStat's quantile and solve
 *   `jStat cdf(x) = p` with Brent's method, which brings them to the accuracy of jStat's own CDF.
 *   That CDF goes through jStat's incomplete beta function, whose continued fraction stops at a
 *   relative change of 3e-7: against R's `pt` it is off by up to ~1e-9 for df ≤ 44, 7e-9 at
 *   df = 100 and 3e-8 at df = 5000 (near the centre; less in the tails). So the polished
 *   `qt(0.975, df)` is within 1e-10 of R for df ≤ 13 but only within ~1e-8 for df from 44 to
 *   1000 (7.4e-9 at df = 44).
 * - jStat's normal CDF is accurate to ~1e-16 absolutely, but computes a lower tail as
 *   0.5·(1 + (erfc − 1)), so a tail probability of 5e-9 carries a relative error of ~1e-8.
 * - jStat's noncentral t CDF sums the Poisson-weighted incomplete-beta series of Lenth's (1989)
 *   AS 243, but without its error bound: it stops after at least 200 terms once a term is
 *   below 1e-14. Two cases break it: for |ncp| much past 25 the weights are still negligible
 *   at term 200, so the sum stops before the bulk of the series (it returns 2e-16 for a true
 *   0.999999999999 at t = 36, df = 1000, ncp = 26); and when
 *   x and ncp have opposite signs and |ncp| ≳ 20 its stopping test, which compares signed terms,
 *   ends the sum early (0.007 for a true 8e-14 at t = -30, df = 44, ncp = 20). `noncentralTCdf`
 *   therefore returns NaN for |ncp| > NONCENTRAL_T_MAX_NCP, and in the opposite-sign case with
 *   |ncp| > 15 the bound P(T ≤ x) ≤ P(T ≤ 0) = Φ(-ncp) < 4e-51 for x ≤ 0 < ncp (and its mirror
 *   image) gives 0 or 1 to that accuracy. Checked on a grid of x from -30 to 100, df from 1 to
 *   10,000 and |ncp| ≤ 24: at the 2,583 of its 3,570 points where R 4.2.2's `pt(x, df, ncp)` does
 *   not warn that it lost precision, this function differs from R by at most 1.2e-8 (at df = 1;
 *   a few times 1e-9 is typical). That error comes from jStat's incomplete beta function.
 */
import signrankCdfStdlib from '@stdlib/stats-base-dists-signrank-cdf';
import jStat from 'jstat';
import { bracketMonotoneRoot, brentRoot } from './root-finding.js';

/** Largest |noncentrality parameter| for which jStat's noncentral t CDF is trusted (see above). */
export const NONCENTRAL_T_MAX_NCP = 24;

/** Past this |ncp|, a CDF at an x of the other sign is within Φ(-15) < 4e-51 of 0 or 1. */
const OPPOSITE_SIGN_BOUND_NCP = 15;

/** Standard normal CDF Φ(x) (jStat). */
export function normalCdf(x: number): number {
  return jStat.normal.cdf(x, 0, 1);
}

/** Student t CDF P(T ≤ x) with `df` degrees of freedom (jStat). */
export function tCdf(x: number, df: number): number {
  return jStat.studentt.cdf(x, df);
}

/** Student t quantile: jStat's `studentt.inv`, polished against jStat's `studentt.cdf`. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  return polishQuantile((x) => jStat.studentt.cdf(x, df), p, jStat.studentt.inv(p, df));
}

/** F distribution CDF P(X ≤ x) with (df1, df2) degrees of freedom (jStat). */
export function fCdf(x: number, df1: number, df2: number): number {
  return jStat.centralF.cdf(x, df1, df2);
}

/** F quantile: jStat's `centralF.inv`, polished against jStat's `centralF.cdf`. */
export function fQuantile(p: number, df1: number, df2: number): number {
  if (!(p > 0 && p < 1) || !(df1 > 0) || !(df2 > 0)) return NaN;
  return polishQuantile((x) => jStat.centralF.cdf(x, df1, df2), p, jStat.centralF.inv(p, df1, df2));
}

/**
 * Noncentral t CDF P(T ≤ x) with `df` degrees of freedom and noncentrality `ncp` (jStat), NaN
 * when |ncp| > NONCENTRAL_T_MAX_NCP. See the module comment for the range it can be trusted in.
 */
export function noncentralTCdf(x: number, df: number, ncp: number): number {
  if (!(Math.abs(ncp) <= NONCENTRAL_T_MAX_NCP) || !(df > 0) || Number.isNaN(x)) return NaN;
  if (Math.abs(ncp) > OPPOSITE_SIGN_BOUND_NCP) {
    // P(T ≤ x) ≤ P(T ≤ 0) = Φ(-ncp) < 4e-51 when x ≤ 0 < ncp; mirror image when ncp < 0 ≤ x.
    if (x <= 0 && ncp > 0) return 0;
    if (x >= 0 && ncp < 0) return 1;
  }
  // jStat's sum can land just outside [0, 1] (1.00000000000006 at x = 3, df = 12, ncp = -6.5).
  return Math.min(1, Math.max(0, jStat.noncentralt.cdf(x, df, ncp)));
}

/**
 * CDF of the Wilcoxon signed-rank statistic V for n untied, non-zero differences,
 * P(V ≤ x) (@stdlib, exact: counts of subsets of 1..n with each rank sum, times 2^-n).
 */
export function signrankCdf(x: number, n: number): number {
  return signrankCdfStdlib(x, n);
}

/**
 * ln Γ(x) for x > 0: jStat's `loggam` (Zhang & Jin's Stirling series, error ~1e-16 against R's
 * `lgamma`), not `jStat.gammaln`, whose 6-term Lanczos series is off by up to ~2e-10.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  return jStat.loggam(x);
}

/**
 * Solves cdf(x) = p for an increasing cdf, starting from an approximate quantile x0: brackets the
 * root by stepping out from x0 (first step 1e-7·max(1, |x0|), growing fourfold), then Brent.
 * Returns x0 unchanged if no bracket is found (the CDF is flat there to double precision).
 */
function polishQuantile(cdf: (x: number) => number, p: number, x0: number): number {
  if (!Number.isFinite(x0)) return x0;
  const f = (x: number) => cdf(x) - p;
  const bracket = bracketMonotoneRoot(f, x0, true, { step: 1e-7 * Math.max(1, Math.abs(x0)), grow: 4 });
  if (!bracket) return x0;
  return brentRoot(f, bracket[0], bracket[1], { tol: 1e-15 });
}
