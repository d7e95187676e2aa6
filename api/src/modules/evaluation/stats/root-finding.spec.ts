import { describe, expect, it } from 'vitest';
import { StatsError } from './errors.js';
import { bracketMonotoneRoot, brentRoot } from './root-finding.js';

describe('brentRoot', () => {
  it('finds √2 and the fixed point of cos to machine precision', () => {
    expect(Math.abs(brentRoot((x) => x * x - 2, 0, 2) - Math.SQRT2)).toBeLessThan(1e-14);
    // Dottie number, cos(x) = x.
    expect(Math.abs(brentRoot((x) => Math.cos(x) - x, 0, 1) - 0.7390851332151607)).toBeLessThan(1e-14);
  });

  it('works whichever end is positive and on a very flat or very steep function', () => {
    expect(Math.abs(brentRoot((x) => 2 - x * x, 2, 0) - Math.SQRT2)).toBeLessThan(1e-14);
    expect(Math.abs(brentRoot((x) => Math.pow(x - 1, 3), -3, 5) - 1)).toBeLessThan(1e-4);
    expect(Math.abs(brentRoot((x) => Math.atan(1e6 * (x - 0.3)), -10, 10) - 0.3)).toBeLessThan(1e-14);
  });

  it('finds the jump of a step function (a sign change, not a zero)', () => {
    const root = brentRoot((x) => (x < 0.123 ? -1 : 1), 0, 1);
    expect(Math.abs(root - 0.123)).toBeLessThan(1e-13);
  });

  it('returns an end point that is already a root', () => {
    expect(brentRoot((x) => x - 1, 1, 3)).toBe(1);
    expect(brentRoot((x) => x - 3, 1, 3)).toBe(3);
  });

  it('respects a looser tolerance with fewer evaluations', () => {
    let loose = 0;
    let tight = 0;
    brentRoot((x) => (loose++, Math.exp(x) - 5), 0, 5, { tol: 1e-3 });
    brentRoot((x) => (tight++, Math.exp(x) - 5), 0, 5, { tol: 1e-15 });
    expect(loose).toBeLessThan(tight);
  });

  it('refuses an interval without a sign change, NaN values, and gives up after maxIter', () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(/same sign/);
    expect(() => brentRoot(() => Number.NaN, -1, 1)).toThrow(StatsError);
    expect(() => brentRoot((x) => (x > 0.5 ? Number.NaN : x - 0.7), 0, 1)).toThrow(/not a number/);
    expect(() => brentRoot((x) => Math.pow(x - 0.3, 3), 0, 1, { maxIter: 2 })).toThrow(/no convergence/);
  });
});

describe('bracketMonotoneRoot', () => {
  it('walks up or down to the root of an increasing function', () => {
    expect(bracketMonotoneRoot((x) => x - 10.5, 0, true, { step: 1, grow: 1 })).toEqual([10, 11]);
    expect(bracketMonotoneRoot((x) => x + 3.5, 0, true, { step: 1, grow: 1 })).toEqual([-4, -3]);
  });

  it('handles decreasing functions and growing steps', () => {
    expect(bracketMonotoneRoot((x) => 5.5 - x, 0, false, { step: 1, grow: 2 })).toEqual([3, 7]);
    expect(bracketMonotoneRoot((x) => -x - 5.5, 0, false, { step: 1, grow: 2 })).toEqual([-7, -3]);
  });

  it('returns [x, x] when the start is the root', () => {
    expect(bracketMonotoneRoot((x) => x - 2, 2, true, { step: 1 })).toEqual([2, 2]);
  });

  it('stops at ±limit, clamping the last step, and gives up past it', () => {
    expect(bracketMonotoneRoot((x) => x - 23.9, 20, true, { step: 1, grow: 1, limit: 24 })).toEqual([23, 24]);
    expect(bracketMonotoneRoot((x) => x - 24.1, 20, true, { step: 1, grow: 1, limit: 24 })).toBeNull();
    expect(bracketMonotoneRoot((x) => x + 30, 0, true, { step: 1, limit: 24 })).toBeNull();
  });

  it('gives up when the function stops being a number', () => {
    expect(
      bracketMonotoneRoot((x) => (x > 3 ? Number.NaN : x - 10), 0, true, { step: 1, grow: 1 }),
    ).toBeNull();
    expect(bracketMonotoneRoot(() => Number.NaN, 0, true, { step: 1 })).toBeNull();
  });
});
