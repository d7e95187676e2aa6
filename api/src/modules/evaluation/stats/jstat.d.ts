/**
 * Minimal types for the parts of jStat 1.9 (which ships no types) that the statistics engine
 * uses. The package is CommonJS/UMD: Node hands the `jStat` object over as the default export.
 */
declare module 'jstat' {
  interface JStatDistribution2 {
    /** Lower-tail probability P(X ≤ x). */
    cdf(x: number, a: number, b: number): number;
    /** Quantile: the x with cdf(x) = p. */
    inv(p: number, a: number, b: number): number;
  }

  interface JStat {
    /** ln Γ(x), Lanczos series (error up to ~2e-10). */
    gammaln(x: number): number;
    /** ln Γ(x), Zhang & Jin's Stirling series with upward shift (error ~1e-16). */
    loggam(x: number): number;
    normal: JStatDistribution2;
    studentt: {
      cdf(x: number, df: number): number;
      inv(p: number, df: number): number;
    };
    centralF: JStatDistribution2;
    noncentralt: {
      cdf(x: number, df: number, ncp: number): number;
    };
  }

  const jStat: JStat;
  export default jStat;
}
