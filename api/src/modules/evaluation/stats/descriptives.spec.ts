/**
 * Descriptives against R 4.2.2 (the data-set level checks are in r-reference.spec.ts).
 *
 * R code:
 *
 *   f17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
 *   show <- function(label, x) cat(sprintf("%-10s %s\n", label, f17(x)))
 *   x <- c(3, 1, 4, 1, 5, 9, 2, 6)
 *   show("q8", quantile(x, c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)))
 *   show("d8", c(mean(x), sd(x), median(x), IQR(x)))
 *   y <- c(0.1, 0.7, 0.2, 1e-3, 0.3)
 *   show("q5", quantile(y, c(0.25, 0.5, 0.75, 0.33)))
 *   show("d5", c(mean(y), sd(y), median(y), IQR(y)))
 *
 * Output:
 *
 *   q8         1 1 1.75 3.5 5.25 6.8999999999999995 9
 *   d8         3.875 2.7483761439387129 3.5 3.5
 *   q5         0.10000000000000001 0.20000000000000001 0.29999999999999999 0.13200000000000003
 *   d5         0.26019999999999999 0.26994480917402358 0.20000000000000001 0.19999999999999998
 */
import { describe, expect, it } from 'vitest';
import { describe as describeValues, mean, median, quantile, sd, sum, variance } from './descriptives.js';
import { StatsError } from './errors.js';

const X8 = [3, 1, 4, 1, 5, 9, 2, 6];
const Y5 = [0.1, 0.7, 0.2, 1e-3, 0.3];

describe('quantile (type 7)', () => {
  it('matches R quantile() on an even-length vector with ties', () => {
    const probs = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    const r = [1, 1, 1.75, 3.5, 5.25, 6.8999999999999995, 9];
    probs.forEach((p, i) => expect(Math.abs(quantile(X8, p) - r[i])).toBeLessThanOrEqual(1e-15));
  });

  it('matches R quantile() on an odd-length vector', () => {
    const r = [0.10000000000000001, 0.20000000000000001, 0.29999999999999999, 0.13200000000000003];
    [0.25, 0.5, 0.75, 0.33].forEach((p, i) =>
      expect(Math.abs(quantile(Y5, p) - r[i])).toBeLessThanOrEqual(1e-16),
    );
  });

  it('is the single value for n = 1 and refuses p outside [0, 1]', () => {
    expect(quantile([7], 0.3)).toBe(7);
    expect(() => quantile(X8, 1.5)).toThrow(StatsError);
    expect(() => quantile(X8, Number.NaN)).toThrow(StatsError);
  });

  it('does not depend on the order of the input and leaves it untouched', () => {
    const copy = [...X8];
    expect(quantile([...X8].reverse(), 0.25)).toBe(quantile(X8, 0.25));
    expect(X8).toEqual(copy);
  });
});

describe('mean, variance, sd, median', () => {
  it('match R for both vectors', () => {
    expect(mean(X8)).toBe(3.875);
    expect(Math.abs(sd(X8) - 2.7483761439387129)).toBeLessThanOrEqual(1e-15);
    expect(median(X8)).toBe(3.5);
    expect(Math.abs(mean(Y5) - 0.26019999999999999)).toBeLessThanOrEqual(1e-16);
    expect(Math.abs(sd(Y5) - 0.26994480917402358)).toBeLessThanOrEqual(1e-16);
    expect(median(Y5)).toBe(0.2);
  });

  it('variance is sd squared with divisor n − 1, NaN below two values', () => {
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    expect(variance([5])).toBeNaN();
    expect(sd([5])).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it('sum compensates rounding (1e16 + 1 − 1e16 is 1, not 0)', () => {
    expect(sum([1e16, 1, -1e16])).toBe(1);
    expect(sum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });

  it('the two-pass mean and variance survive a large offset', () => {
    const shifted = X8.map((x) => x + 1e9);
    expect(mean(shifted) - 1e9).toBe(3.875);
    expect(Math.abs(sd(shifted) - 2.7483761439387129)).toBeLessThan(1e-6);
  });
});

describe('describe', () => {
  it('collects n, mean, SD, median, quartiles, IQR, min and max (R: d8 and q8 above)', () => {
    expect(describeValues(X8)).toEqual({
      n: 8,
      mean: 3.875,
      sd: sd(X8),
      median: 3.5,
      q1: 1.75,
      q3: 5.25,
      iqr: 3.5,
      min: 1,
      max: 9,
    });
    const d = describeValues(Y5);
    expect(Math.abs(d.iqr - 0.19999999999999998)).toBeLessThanOrEqual(1e-16);
  });

  it('gives NaN SD for a single value, as R', () => {
    expect(describeValues([2]).sd).toBeNaN();
    expect(describeValues([2]).iqr).toBe(0);
  });

  it('refuses empty, missing and infinite values', () => {
    expect(() => describeValues([])).toThrow(/at least 1 value/);
    expect(() => describeValues([1, Number.NaN])).toThrow(/value 2 is NaN/);
    expect(() => describeValues([1, Infinity])).toThrow(StatsError);
    expect(() => median([])).toThrow(StatsError);
  });
});
