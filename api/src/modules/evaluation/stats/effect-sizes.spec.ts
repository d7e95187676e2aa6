/**
 * Effect-size details; the data-set level comparison with R (d_z, g_z, d_av and their CIs for
 * four data sets) is in r-reference.spec.ts.
 *
 * R code (R 4.2.2; `pre`, `post` are the sleep data as in paired-t.spec.ts):
 *
 *   ncp_ci90 <- function(t, df) {
 *     f <- function(ncp, p) pt(t, df, ncp) - p
 *     root <- function(p) {
 *       dir <- if (f(t, p) > 0) 1 else -1
 *       a <- t; b <- t + dir
 *       while (sign(f(b, p)) == sign(f(a, p))) { a <- b; b <- b + dir }
 *       uniroot(f, sort(c(a, b)), p = p, tol = 1e-15, maxiter = 10000)$root
 *     }
 *     c(root(0.95), root(0.05))
 *   }
 *   d <- post - pre
 *   show("dz.90", ncp_ci90(mean(d) / sd(d) * sqrt(10), 9) / sqrt(10))
 *   show("ncp.t0", c(ncp_ci90(0, 5)))
 *   show("J", exp(lgamma((2:6) / 2) - log(sqrt((2:6) / 2)) - lgamma((1:5) / 2)))
 *
 * Output:
 *
 *   dz.90      0.54463976592236729 1.9746153451148647
 *   ncp.t0     -1.6448536269514729 1.6448536269514731
 *   J          0.56418958354775628 0.72360125455826774 0.79788456080286529 0.84074868245968926 0.86862668782741326
 */
import { describe, expect, it } from 'vitest';
import { NONCENTRAL_T_MAX_NCP, noncentralTCdf } from './distributions.js';
import { hedgesJ, noncentralTInterval, pairedEffectSizes } from './effect-sizes.js';
import { StatsError } from './errors.js';

const PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('hedgesJ', () => {
  it('matches the R expression for df = 2..6 (J(2) = 1/√π)', () => {
    const r = [
      0.56418958354775628, 0.72360125455826774, 0.79788456080286529, 0.84074868245968926, 0.86862668782741326,
    ];
    r.forEach((j, i) => expect(Math.abs(hedgesJ(i + 2) - j), `df ${i + 2}`).toBeLessThan(1e-14));
    expect(Math.abs(hedgesJ(2) - 1 / Math.sqrt(Math.PI))).toBeLessThan(1e-15);
  });

  it('rises towards 1 and is close to the approximation 1 − 3/(4·df − 1) for large df', () => {
    expect(hedgesJ(10)).toBeLessThan(hedgesJ(11));
    expect(hedgesJ(1e4)).toBeLessThan(1);
    expect(Math.abs(hedgesJ(200) - (1 - 3 / (4 * 200 - 1)))).toBeLessThan(1e-5);
  });

  it('is NaN where Γ((df − 1)/2) has its pole (df ≤ 1)', () => {
    expect(hedgesJ(1)).toBeNaN();
    expect(hedgesJ(0)).toBeNaN();
  });
});

describe('noncentralTInterval', () => {
  it('puts the CDF at t_obs at 0.975 and 0.025 at its limits', () => {
    const { low, high } = noncentralTInterval(4.06, 9);
    expect(Math.abs(noncentralTCdf(4.06, 9, low) - 0.975)).toBeLessThan(1e-14);
    expect(Math.abs(noncentralTCdf(4.06, 9, high) - 0.025)).toBeLessThan(1e-14);
    expect(low).toBeLessThan(4.06);
    expect(high).toBeGreaterThan(4.06);
  });

  it('at t_obs = 0 gives ±z_{1−α/2}, since P(T ≤ 0 | λ) = Φ(−λ) (R: ncp.t0)', () => {
    const { low, high } = noncentralTInterval(0, 5, 0.9);
    expect(Math.abs(low - -1.6448536269514729)).toBeLessThan(1e-9);
    expect(Math.abs(high - 1.6448536269514731)).toBeLessThan(1e-9);
  });

  it('is symmetric in the sign of t_obs', () => {
    const a = noncentralTInterval(2.7, 15);
    const b = noncentralTInterval(-2.7, 15);
    expect(b.low).toBeCloseTo(-a.high, 8);
    expect(b.high).toBeCloseTo(-a.low, 8);
  });

  it('gets narrower as the confidence level falls', () => {
    const a = noncentralTInterval(2, 20, 0.99);
    const b = noncentralTInterval(2, 20, 0.8);
    expect(a.low).toBeLessThan(b.low);
    expect(a.high).toBeGreaterThan(b.high);
  });

  it('reports a limit past the trusted noncentrality range as NaN, not as a wrong number', () => {
    const edge = noncentralTInterval(21, 40);
    expect(edge.low).not.toBeNaN();
    expect(edge.high).toBeNaN();
    const far = noncentralTInterval(NONCENTRAL_T_MAX_NCP + 5, 40);
    expect(far.low).toBeNaN();
    expect(far.high).toBeNaN();
    expect(noncentralTInterval(Number.NaN, 5).low).toBeNaN();
    expect(noncentralTInterval(1, 5, 1.2).low).toBeNaN();
  });
});

describe('pairedEffectSizes', () => {
  it('gives the 90% d_z interval of the R code above', () => {
    const e = pairedEffectSizes(PRE, POST, { confLevel: 0.9 });
    expect(e.confLevel).toBe(0.9);
    expect(Math.abs(e.dz.ciLow - 0.54463976592236729)).toBeLessThan(1e-9);
    expect(Math.abs(e.dz.ciHigh - 1.9746153451148647)).toBeLessThan(1e-9);
  });

  it('defines d_z, g_z and d_av as documented and scales their CIs consistently', () => {
    const pre = [10, 12, 9, 14, 11, 13];
    const post = [12, 15, 9, 18, 12, 16];
    const e = pairedEffectSizes(pre, post);
    // diff = 2, 3, 0, 4, 1, 3: mean 13/6; sd_pre = sd(9..14) = √3.5; sd_post = sd(post).
    const diff = [2, 3, 0, 4, 1, 3];
    const md = 13 / 6;
    const sdd = Math.sqrt(diff.reduce((a, d) => a + (d - md) ** 2, 0) / 5);
    const mp = 82 / 6;
    const sdPost = Math.sqrt(post.reduce((a, x) => a + (x - mp) ** 2, 0) / 5);
    expect(e.dz.estimate).toBeCloseTo(md / sdd, 14);
    expect(e.dav.estimate).toBeCloseTo(md / ((Math.sqrt(3.5) + sdPost) / 2), 14);
    expect(e.gz.estimate).toBeCloseTo((md / sdd) * hedgesJ(5), 14);
    expect(e.hedgesJ).toBe(hedgesJ(5));
    expect(e.gz.ciLow / e.dz.ciLow).toBeCloseTo(e.hedgesJ, 14);
    expect(e.dav.ciHigh / e.dz.ciHigh).toBeCloseTo(sdd / ((Math.sqrt(3.5) + sdPost) / 2), 14);
    expect(e.dz.ciLow).toBeLessThan(e.dz.estimate);
    expect(e.dz.ciHigh).toBeGreaterThan(e.dz.estimate);
  });

  it('shrinks g_z towards 0 compared with d_z', () => {
    const e = pairedEffectSizes(PRE, POST);
    expect(Math.abs(e.gz.estimate)).toBeLessThan(Math.abs(e.dz.estimate));
  });

  it('refuses constant differences and too few pairs', () => {
    expect(() => pairedEffectSizes([1, 2, 3], [2, 3, 4])).toThrow(StatsError);
    expect(() => pairedEffectSizes([1], [2])).toThrow(/at least 2/);
    expect(() => pairedEffectSizes(PRE, POST, { confLevel: 0 })).toThrow(/confidence level/);
  });
});
