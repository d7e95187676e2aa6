/**
 * Paired t-test details; the data-set level comparison with R is in r-reference.spec.ts.
 *
 * R code (R 4.2.2; sleep = Student's 1908 data, drug 1 as "pre", drug 2 as "post"):
 *
 *   s <- datasets::sleep; pre <- s$extra[s$group == 1]; post <- s$extra[s$group == 2]
 *   show("t.90", t.test(post, pre, paired = TRUE, conf.level = 0.9)$conf.int)
 *
 * Output:
 *
 *   t.90       0.8669947329707165 2.2930052670292835
 */
import { describe, expect, it } from 'vitest';
import { StatsError } from './errors.js';
import { differences, pairedTTest } from './paired-t.js';

const PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('pairedTTest', () => {
  it('gives a 90% CI matching t.test(..., conf.level = 0.9)', () => {
    const t = pairedTTest(PRE, POST, { confLevel: 0.9 });
    expect(t.confLevel).toBe(0.9);
    expect(Math.abs(t.ciLow - 0.8669947329707165)).toBeLessThan(1e-9);
    expect(Math.abs(t.ciHigh - 2.2930052670292835)).toBeLessThan(1e-9);
  });

  it('is antisymmetric: swapping pre and post negates t, the mean difference and the CI', () => {
    const a = pairedTTest(PRE, POST);
    const b = pairedTTest(POST, PRE);
    expect(b.t).toBe(-a.t);
    expect(b.meanDiff).toBe(-a.meanDiff);
    expect(b.p).toBe(a.p);
    expect(b.ciLow).toBeCloseTo(-a.ciHigh, 14);
    expect(b.ciHigh).toBeCloseTo(-a.ciLow, 14);
    expect(b.meanPre).toBe(a.meanPost);
  });

  it('has a CI centred on the mean difference that contains 0 exactly when p > 0.05', () => {
    const a = pairedTTest(PRE, POST);
    expect((a.ciLow + a.ciHigh) / 2).toBeCloseTo(a.meanDiff, 14);
    expect(a.p < 0.05).toBe(a.ciLow > 0);
    const flat = pairedTTest([1, 2, 3, 4], [1.5, 1.6, 3.9, 3.8]);
    expect(flat.p).toBeGreaterThan(0.05);
    expect(flat.ciLow).toBeLessThan(0);
    expect(flat.ciHigh).toBeGreaterThan(0);
  });

  it('works with the minimum of two pairs (df = 1)', () => {
    const t = pairedTTest([0, 0], [1, 3]);
    expect(t.df).toBe(1);
    expect(t.t).toBeCloseTo(2, 14);
    // Two-sided p of t = 2 on 1 df is 1 − 2·atan(2)/π.
    expect(t.p).toBeCloseTo(1 - (2 * Math.atan(2)) / Math.PI, 10);
  });

  it('refuses too few pairs, constant differences, mismatched or missing values', () => {
    expect(() => pairedTTest([1], [2])).toThrow(/at least 2 complete pairs/);
    expect(() => pairedTTest([1, 2, 3], [2, 3, 4])).toThrow(/same post − pre difference/);
    expect(() => pairedTTest([1, 2], [1, 2, 3])).toThrow(StatsError);
    expect(() => pairedTTest([1, Number.NaN, 3], [2, 3, 5])).toThrow(/finite/);
    expect(() => pairedTTest(PRE, POST, { confLevel: 1 })).toThrow(/confidence level/);
  });
});

describe('differences', () => {
  it('is post − pre', () => {
    expect(differences([1, 5], [4, 2])).toEqual([3, -3]);
  });
});
