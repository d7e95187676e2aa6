/**
 * Cronbach's alpha details against R 4.2.2; the attitude and USJudgeRatings data sets without
 * missing answers are in r-reference.spec.ts.
 *
 * R code (`datasets::attitude` with two answers blanked to exercise complete-case selection):
 *
 *   a <- as.matrix(datasets::attitude); a[3, 2] <- NA; a[7, 5] <- NA
 *   a <- a[complete.cases(a), ]; k <- ncol(a); n <- nrow(a)
 *   al <- k / (k - 1) * (1 - sum(apply(a, 2, var)) / var(rowSums(a)))
 *   show("alpha.na", c(k, n, al, 1 - (1 - al) * qf(0.975, n - 1, (n - 1) * (k - 1)), 1 - (1 - al) * qf(0.025, n - 1, (n - 1) * (k - 1))))
 *   show("alpha.90", c(1 - (1 - al) * qf(0.95, n - 1, (n - 1) * (k - 1)), 1 - (1 - al) * qf(0.05, n - 1, (n - 1) * (k - 1))))
 *
 * Output:
 *
 *   alpha.na   7 28 0.83750113205897325 0.72539497994656477 0.91494418123309862
 *   alpha.90   0.74734984163454898 0.90529479342277208
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from './cronbach-alpha.js';
import { StatsError } from './errors.js';

const ATTITUDE = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/stats/attitude.csv'),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number));

function withBlanks(): (number | null)[][] {
  const rows: (number | null)[][] = ATTITUDE.map((r) => [...r]);
  rows[2][1] = null; // R's a[3, 2]
  rows[6][4] = Number.NaN; // R's a[7, 5]
  return rows;
}

describe('cronbachAlpha', () => {
  it('drops respondents with a missing answer and matches R (alpha.na)', () => {
    const a = cronbachAlpha(withBlanks());
    expect(a).toMatchObject({ k: 7, n: 28, nExcluded: 2 });
    expect(Math.abs(a.alpha - 0.83750113205897325)).toBeLessThan(1e-9);
    expect(Math.abs(a.ciLow - 0.72539497994656477)).toBeLessThan(1e-9);
    expect(Math.abs(a.ciHigh - 0.91494418123309862)).toBeLessThan(1e-9);
  });

  it('gives the 90% Feldt interval of R (alpha.90)', () => {
    const a = cronbachAlpha(withBlanks(), { confLevel: 0.9 });
    expect(Math.abs(a.ciLow - 0.74734984163454898)).toBeLessThan(1e-9);
    expect(Math.abs(a.ciHigh - 0.90529479342277208)).toBeLessThan(1e-9);
  });

  it('is 1 for identical items and 0 for uncorrelated items with equal variances', () => {
    expect(
      cronbachAlpha([
        [1, 1],
        [2, 2],
        [4, 4],
      ]).alpha,
    ).toBeCloseTo(1, 14);
    // Items (1,−1,1,−1) and (1,1,−1,−1) are uncorrelated: total variance = sum of item variances.
    const a = cronbachAlpha([
      [1, 1],
      [-1, 1],
      [1, -1],
      [-1, -1],
    ]);
    expect(a.alpha).toBeCloseTo(0, 14);
    expect(a.ciLow).toBeLessThan(0);
  });

  it('can be negative when items disagree, and the interval is still ordered', () => {
    const a = cronbachAlpha([
      [1, 5],
      [2, 4],
      [3, 3],
      [4, 2],
      [5, 2],
    ]);
    expect(a.alpha).toBeLessThan(0);
    expect(a.ciLow).toBeLessThan(a.alpha);
    expect(a.ciHigh).toBeGreaterThan(a.alpha);
  });

  it('refuses too few items or respondents, ragged rows, constant totals and infinities', () => {
    expect(() => cronbachAlpha([[1], [2]])).toThrow(/at least 2 items/);
    expect(() => cronbachAlpha([[1, 2]])).toThrow(/at least 2 complete respondents/);
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [null, 3],
      ]),
    ).toThrow(/complete respondents/);
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(/Respondent 2 has 1 answers/);
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/same total score/);
    expect(() =>
      cronbachAlpha([
        [1, Infinity],
        [2, 1],
      ]),
    ).toThrow(StatsError);
    expect(() => cronbachAlpha([])).toThrow(/at least 2 items/);
    expect(() =>
      cronbachAlpha(
        [
          [1, 2],
          [2, 3],
        ],
        { confLevel: 2 },
      ),
    ).toThrow(/confidence level/);
  });
});
