/**
 * Multiple-comparison adjustment of p-values, as R's `p.adjust`:
 *
 * - Holm (1979), step-down: sorted ascending p₍₁₎ ≤ … ≤ p₍m₎, adjusted
 *   p̃₍i₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍j₎).
 * - Benjamini & Hochberg (1995), step-up false discovery rate:
 *   p̃₍i₎ = min(1, min_{j ≥ i} (m/j)·p₍j₎).
 *
 * Missing p-values (NaN) stay NaN and do not count towards m, as R's NA.
 *
 * References: Holm, S. (1979). A simple sequentially rejective multiple test procedure.
 * Scandinavian Journal of Statistics, 6, 65–70. Benjamini, Y. & Hochberg, Y. (1995). Controlling
 * the false discovery rate. Journal of the Royal Statistical Society B, 57, 289–300.
 */
import { StatsError } from './errors.js';

export type PAdjustMethod = 'holm' | 'BH';

export function pAdjust(p: readonly number[], method: PAdjustMethod): number[] {
  p.forEach((x, i) => {
    if (!Number.isNaN(x) && !(x >= 0 && x <= 1)) {
      throw new StatsError(`p-value ${i + 1} is ${x}; p-values must be between 0 and 1.`);
    }
  });
  const present = p.flatMap((x, i) => (Number.isNaN(x) ? [] : [i]));
  const m = present.length;
  const out = [...p];
  if (m <= 1) return out;
  if (method === 'holm') {
    // Ascending; a stable sort keeps tied p-values in input order, as R's order().
    const order = [...present].sort((a, b) => p[a] - p[b]);
    let running = 0;
    order.forEach((idx, j) => {
      running = Math.max(running, (m - j) * p[idx]);
      out[idx] = Math.min(1, running);
    });
  } else if (method === 'BH') {
    const order = [...present].sort((a, b) => p[b] - p[a]);
    let running = Infinity;
    order.forEach((idx, j) => {
      const i = m - j;
      running = Math.min(running, (m / i) * p[idx]);
      out[idx] = Math.min(1, running);
    });
  } else {
    throw new StatsError(`Unknown p-value adjustment method '${String(method)}'; use 'holm' or 'BH'.`);
  }
  return out;
}

/** Holm-adjusted p-values (R: `p.adjust(p, "holm")`). */
export function holm(p: readonly number[]): number[] {
  return pAdjust(p, 'holm');
}

/** Benjamini–Hochberg-adjusted p-values (R: `p.adjust(p, "BH")`). */
export function benjaminiHochberg(p: readonly number[]): number[] {
  return pAdjust(p, 'BH');
}
