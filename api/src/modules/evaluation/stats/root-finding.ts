/**
 * Root finding for the statistics engine: Brent's (1973) bracketing method and a helper that walks
 * out from a starting point until it has a bracket. Used to invert cumulative distribution
 * functions (confidence limits of a noncentrality parameter, polishing quantiles).
 */
import { StatsError } from './errors.js';

export interface RootOptions {
  /** Absolute tolerance on the root (Brent's `tol`; R's uniroot default is ~1.2e-4). */
  tol?: number;
  /** Most function evaluations after the two end points. */
  maxIter?: number;
}

/**
 * Finds x in [a, b] with f(x) = 0 by Brent's method, f(a) and f(b) having opposite signs.
 *
 * This is Brent's "zeroin" (Algorithms for Minimization without Derivatives, 1973, ch. 4), step for
 * step as in R's `R_zeroin2` behind `uniroot`: inverse quadratic or linear interpolation when it
 * stays inside the bracket and shrinks it fast enough, bisection otherwise. It always keeps a
 * sign change inside [b, c], so it cannot diverge; the answer is within
 * `2 * Number.EPSILON * |x| + tol / 2` of a sign change of f.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, opts: RootOptions = {}): number {
  const tol = opts.tol ?? 1e-14;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new StatsError(`brentRoot: f is not a number at an end of [${a}, ${b}]`);
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) {
    throw new StatsError(`brentRoot: f has the same sign at both ends of [${a}, ${b}]`);
  }
  let c = a;
  let fc = fa;
  let maxit = (opts.maxIter ?? 1000) + 1;
  while (maxit--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Make b the best approximation so far.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return b;
    }
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation may be tried.
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        // Only two distinct points: linear interpolation (secant).
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        // Inverse quadratic interpolation.
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }
    if (Math.abs(newStep) < tolAct) {
      newStep = newStep > 0 ? tolAct : -tolAct;
    }
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if (Number.isNaN(fb)) {
      throw new StatsError(`brentRoot: f is not a number at ${b}`);
    }
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      // Keep a sign change between b and c.
      c = a;
      fc = fa;
    }
  }
  throw new StatsError('brentRoot: no convergence within the iteration limit');
}

export interface BracketOptions {
  /** First step away from `start`; each later step is `grow` times the one before. */
  step: number;
  grow?: number;
  /** Never step past ±limit: give up (return null) when f has not changed sign by there. */
  limit?: number;
}

/**
 * For a monotone f, walks from `start` towards its root (uphill or downhill as `increasing` and
 * the sign of f(start) say) until f changes sign, and returns that bracket [lo, hi], or null when
 * `limit` is reached first or f stops being a number.
 */
export function bracketMonotoneRoot(
  f: (x: number) => number,
  start: number,
  increasing: boolean,
  opts: BracketOptions,
): [number, number] | null {
  const grow = opts.grow ?? 2;
  const limit = opts.limit ?? Number.MAX_VALUE;
  const f0 = f(start);
  if (Number.isNaN(f0)) return null;
  if (f0 === 0) return [start, start];
  const direction = f0 > 0 === increasing ? -1 : 1;
  let a = start;
  let step = opts.step;
  for (;;) {
    const b = Math.min(limit, Math.max(-limit, a + direction * step));
    if (b === a || !Number.isFinite(b)) return null;
    const fb = f(b);
    if (Number.isNaN(fb)) return null;
    if (fb === 0 || fb > 0 !== f0 > 0) {
      return direction > 0 ? [a, b] : [b, a];
    }
    a = b;
    step *= grow;
  }
}
