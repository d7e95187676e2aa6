/**
 * Wilcoxon signed-rank details against R 4.2.2; the data-set level comparison (sleep: ties and a
 * zero; depression: exact, lower tail; loblolly: exact, upper tail; chickweight: ties) is in
 * r-reference.spec.ts.
 *
 * R code:
 *
 *   f17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
 *   show <- function(label, x) cat(sprintf("%-10s %s\n", label, f17(x)))
 *   wx <- function(n, exact) {
 *     i <- 1:n; pre <- 10 + (i %% 7); d <- ifelse(i %% 3 == 0, -i, i) / 10; post <- pre + d
 *     w <- wilcox.test(post, pre, paired = TRUE, exact = exact, correct = TRUE)
 *     cat(sprintf("%-10s %s %s [%s]\n", paste0("w", n, if (isTRUE(exact)) "x" else ""), f17(w$statistic), f17(w$p.value), w$method))
 *   }
 *   wx(50, TRUE); wx(50, NULL); wx(60, NULL)
 *   w3 <- wilcox.test(c(1, 2, -3), rep(0, 3), paired = TRUE)
 *   cat(sprintf("%-10s %s %s [%s]\n", "w3", f17(w3$statistic), f17(w3$p.value), w3$method))
 *   w0 <- suppressWarnings(wilcox.test(c(1, 2, 3), c(1, 2, 3), paired = TRUE))
 *   cat(sprintf("%-10s %s %s [%s]\n", "w0", f17(w0$statistic), f17(w0$p.value), w0$method))
 *   show("rank", rank(c(2.5, 1, 2.5, 7, 1, 1, 3)))
 *
 * Output:
 *
 *   w50x       867 0.026166968171196455 [Wilcoxon signed rank exact test]
 *   w50        867 0.027063492176047903 [Wilcoxon signed rank test with continuity correction]
 *   w60        1200 0.036226494178786643 [Wilcoxon signed rank test with continuity correction]
 *   w3         3 1 [Wilcoxon signed rank exact test]
 *   w0         0 NaN [Wilcoxon signed rank test with continuity correction]
 *   rank       4.5 2 4.5 7 2 2 6
 */
import { describe, expect, it } from 'vitest';
import { StatsError } from './errors.js';
import { averageRanks, wilcoxonSignedRank } from './wilcoxon.js';

/** The synthetic pairs of the R function `wx`: |differences| 0.1..n/10, every third negative. */
function synthetic(n: number): { pre: number[]; post: number[] } {
  const pre: number[] = [];
  const post: number[] = [];
  for (let i = 1; i <= n; i++) {
    const p = 10 + (i % 7);
    pre.push(p);
    post.push(p + (i % 3 === 0 ? -i : i) / 10);
  }
  return { pre, post };
}

describe('averageRanks', () => {
  it('matches R rank() with average ties and reports tie group sizes', () => {
    const { ranks, tieSizes } = averageRanks([2.5, 1, 2.5, 7, 1, 1, 3]);
    expect(ranks).toEqual([4.5, 2, 4.5, 7, 2, 2, 6]);
    expect([...tieSizes].sort()).toEqual([1, 1, 2, 3]);
  });
});

describe('wilcoxonSignedRank', () => {
  it('n = 50 without ties: exact, as wilcox.test(..., exact = TRUE)', () => {
    const { pre, post } = synthetic(50);
    const w = wilcoxonSignedRank(pre, post);
    expect(w).toMatchObject({ V: 867, method: 'exact', n: 50, zeros: 0, ties: false });
    expect(Math.abs(w.p - 0.026166968171196455)).toBeLessThan(1e-15);
  });

  it('exactMaxN: 49 reproduces R’s default (exact only for n < 50) at n = 50', () => {
    const { pre, post } = synthetic(50);
    const w = wilcoxonSignedRank(pre, post, { exactMaxN: 49 });
    expect(w.method).toBe('normal-cc');
    expect(Math.abs(w.p - 0.027063492176047903)).toBeLessThan(1e-9);
  });

  it('n = 60 without ties: the normal approximation, as R', () => {
    const { pre, post } = synthetic(60);
    const w = wilcoxonSignedRank(pre, post);
    expect(w).toMatchObject({ V: 1200, method: 'normal-cc', n: 60, ties: false });
    expect(Math.abs(w.p - 0.036226494178786643)).toBeLessThan(1e-9);
    expect(w.z).toBeDefined();
  });

  it('caps the exact two-sided p at 1 (V at the centre of its distribution)', () => {
    const w = wilcoxonSignedRank([0, 0, 0], [1, 2, -3]);
    expect(w).toMatchObject({ V: 3, p: 1, method: 'exact' });
  });

  it('gives V = 0 and p = NaN when every difference is zero, as R', () => {
    const w = wilcoxonSignedRank([1, 2, 3], [1, 2, 3]);
    expect(w).toMatchObject({ V: 0, method: 'normal-cc', n: 0, zeros: 3 });
    expect(w.p).toBeNaN();
  });

  it('is symmetric: swapping pre and post turns V into n(n+1)/2 − V with the same p', () => {
    for (const n of [9, 60]) {
      const { pre, post } = synthetic(n);
      const a = wilcoxonSignedRank(pre, post);
      const b = wilcoxonSignedRank(post, pre);
      expect(b.V).toBe((n * (n + 1)) / 2 - a.V);
      expect(b.p).toBeCloseTo(a.p, 15);
    }
  });

  it('drops zeros and switches to normal-cc because of them, even for small n', () => {
    const w = wilcoxonSignedRank([0, 0, 0, 0, 0], [1, 2, 0, 4, -5]);
    expect(w).toMatchObject({ n: 4, zeros: 1, ties: false, method: 'normal-cc', V: 6 });
  });

  it('treats |d| as tied only when the doubles are equal (R’s digits.rank = Inf)', () => {
    // 0.3 − 0.1 = 0.19999999999999998 is not 0.2, so these two differences are not tied.
    const w = wilcoxonSignedRank([0.1, 0, 0], [0.3, 0.2, 0.5]);
    expect(w.ties).toBe(false);
    expect(w.method).toBe('exact');
  });

  it('refuses missing values', () => {
    expect(() => wilcoxonSignedRank([1, Number.NaN], [2, 3])).toThrow(StatsError);
    expect(() => wilcoxonSignedRank([], [])).toThrow(StatsError);
  });
});
