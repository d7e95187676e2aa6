/**
 * Descriptive statistics, computed the way R computes them so the numbers can be checked against
 * R: `mean` refines the naive mean with a second pass (R's `mean` does the same in long double),
 * `variance`/`sd` use the two-pass formula with divisor n − 1 (R's `var`/`sd`), and quantiles are
 * R's default type 7 (`quantile(x, p)`), interpolating exactly as R's source does.
 */
import { StatsError } from './errors.js';

export interface Descriptives {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n = 1, as R's `sd`. */
  sd: number;
  median: number;
  /** First and third quartiles, quantile type 7. */
  q1: number;
  q3: number;
  /** q3 − q1, as R's `IQR(x)`. */
  iqr: number;
  min: number;
  max: number;
}

/** Throws unless `xs` holds at least `min` values, all finite. */
export function assertFiniteValues(xs: readonly number[], what: string, min = 1): void {
  if (xs.length < min) {
    throw new StatsError(`${what} needs at least ${min} value${min === 1 ? '' : 's'}; got ${xs.length}.`);
  }
  const bad = xs.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    throw new StatsError(
      `${what}: value ${bad + 1} is ${xs[bad]}; only complete, finite values can be used.`,
    );
  }
}

/** Sum with Neumaier's compensation, so that rounding errors do not pile up. */
export function sum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/** Arithmetic mean (NaN for no values). */
export function mean(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const m = sum(xs) / n;
  if (!Number.isFinite(m)) return m;
  return m + sum(xs.map((x) => x - m)) / n;
}

/** Sample variance with divisor n − 1 (NaN when n < 2). */
export function variance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  return sum(xs.map((x) => (x - m) * (x - m))) / (n - 1);
}

/** Sample standard deviation, √variance. */
export function sd(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}

/** Sorted copy, ascending. */
function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/**
 * Quantile type 7 (R's default; Hyndman & Fan 1996): with h = 1 + (n − 1)p, lo = ⌊h⌋, hi = ⌈h⌉,
 * the value is x₍lo₎ + (h − lo)-weighted interpolation towards x₍hi₎, written as R writes it,
 * (1 − w)·x₍lo₎ + w·x₍hi₎, and skipped when the two order statistics are equal.
 */
export function quantile(xs: readonly number[], p: number): number {
  assertFiniteValues(xs, 'quantile');
  if (!(p >= 0 && p <= 1)) throw new StatsError(`quantile: p must be between 0 and 1; got ${p}.`);
  return quantileOfSorted(sorted(xs), p);
}

function quantileOfSorted(x: readonly number[], p: number): number {
  const index = 1 + (x.length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = x[lo - 1];
  if (index > lo && x[hi - 1] !== qs) {
    const h = index - lo;
    return (1 - h) * qs + h * x[hi - 1];
  }
  return qs;
}

/** Median: the middle value, or the mean of the two middle values (R's `median`). */
export function median(xs: readonly number[]): number {
  assertFiniteValues(xs, 'median');
  return medianOfSorted(sorted(xs));
}

function medianOfSorted(x: readonly number[]): number {
  const n = x.length;
  const half = Math.floor((n + 1) / 2);
  return n % 2 === 1 ? x[half - 1] : mean([x[half - 1], x[half]]);
}

/** n, mean, SD, median, quartiles, IQR, min and max of complete, finite values. */
export function describe(xs: readonly number[]): Descriptives {
  assertFiniteValues(xs, 'describe');
  const x = sorted(xs);
  const q1 = quantileOfSorted(x, 0.25);
  const q3 = quantileOfSorted(x, 0.75);
  return {
    n: x.length,
    mean: mean(xs),
    sd: sd(xs),
    median: medianOfSorted(x),
    q1,
    q3,
    iqr: q3 - q1,
    min: x[0],
    max: x[x.length - 1],
  };
}
