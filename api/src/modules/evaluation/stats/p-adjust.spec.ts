/**
 * Holm and Benjamini–Hochberg adjustment against R 4.2.2's p.adjust.
 *
 * R code:
 *
 *   p <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04, NA, 0.5, 0.0001, 0.9)
 *   show("holm", p.adjust(p, "holm")); show("BH", p.adjust(p, "BH"))
 *   q <- c(0.0028328901973842702, 0.016176627434908095, 1.5252299993677924e-20, 2.4191284142884734e-16)
 *   show("holm.t", p.adjust(q, "holm")); show("BH.t", p.adjust(q, "BH"))
 *
 * (q holds the paired t-test p-values of sleep, depression, chickweight and loblolly from
 * r-reference.spec.ts.) Output:
 *
 *   holm       0.070000000000000007 0.20000000000000001 0.17999999999999999 0.040000000000000001 0.60000000000000009 0.20000000000000001 NA 1 0.00090000000000000008 1
 *   BH         0.029999999999999999 0.059999999999999998 0.059999999999999998 0.022499999999999999 0.25714285714285717 0.059999999999999998 NA 0.5625 0.00090000000000000008 0.90000000000000002
 *   holm.t     0.0056657803947685404 0.016176627434908095 6.1009199974711696e-20 7.2573852428654207e-16
 *   BH.t       0.0037771869298456936 0.016176627434908095 6.1009199974711696e-20 4.8382568285769468e-16
 */
import { describe, expect, it } from 'vitest';
import { StatsError } from './errors.js';
import { benjaminiHochberg, holm, pAdjust } from './p-adjust.js';

const P = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, Number.NaN, 0.5, 0.0001, 0.9];
const Q = [0.0028328901973842702, 0.016176627434908095, 1.5252299993677924e-20, 2.4191284142884734e-16];

/** Elementwise: NaN where R has NA, else within 1e-15 (these are exact multiplications). */
function expectSame(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i]).toBeNaN();
    else expect(Math.abs(actual[i] - e), `element ${i + 1}`).toBeLessThanOrEqual(1e-15 * Math.max(1e-5, e));
  });
}

describe('holm', () => {
  it('matches p.adjust(p, "holm") with ties and an NA', () => {
    expectSame(holm(P), [
      0.070000000000000007,
      0.20000000000000001,
      0.17999999999999999,
      0.040000000000000001,
      0.60000000000000009,
      0.20000000000000001,
      Number.NaN,
      1,
      0.00090000000000000008,
      1,
    ]);
  });

  it('matches on tiny p-values', () => {
    expectSame(
      holm(Q),
      [0.0056657803947685404, 0.016176627434908095, 6.1009199974711696e-20, 7.2573852428654207e-16],
    );
  });
});

describe('benjaminiHochberg', () => {
  it('matches p.adjust(p, "BH") with ties and an NA', () => {
    expectSame(benjaminiHochberg(P), [
      0.029999999999999999,
      0.059999999999999998,
      0.059999999999999998,
      0.022499999999999999,
      0.25714285714285717,
      0.059999999999999998,
      Number.NaN,
      0.5625,
      0.00090000000000000008,
      0.90000000000000002,
    ]);
  });

  it('matches on tiny p-values', () => {
    expectSame(
      benjaminiHochberg(Q),
      [0.0037771869298456936, 0.016176627434908095, 6.1009199974711696e-20, 4.8382568285769468e-16],
    );
  });
});

describe('pAdjust', () => {
  it('never lowers a p-value, keeps the order, and BH is never above Holm', () => {
    const h = holm(Q);
    const b = benjaminiHochberg(Q);
    Q.forEach((p, i) => {
      expect(h[i]).toBeGreaterThanOrEqual(p);
      expect(b[i]).toBeGreaterThanOrEqual(p);
      expect(b[i]).toBeLessThanOrEqual(h[i]);
    });
  });

  it('leaves zero or one p-value unchanged and does not modify its input', () => {
    expect(holm([])).toEqual([]);
    expect(holm([0.03])).toEqual([0.03]);
    expect(benjaminiHochberg([Number.NaN, 0.03])).toEqual([Number.NaN, 0.03]);
    const copy = [...P];
    holm(P);
    expect(P).toEqual(copy);
  });

  it('refuses values outside [0, 1] and unknown methods', () => {
    expect(() => holm([0.1, 1.2])).toThrow(/p-value 2 is 1.2/);
    expect(() => holm([-0.1, 0.2])).toThrow(StatsError);
    expect(() => pAdjust([0.1, 0.2], 'bonferroni' as never)).toThrow(/Unknown/);
  });
});
