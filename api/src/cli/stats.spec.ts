/**
 * The `stats` command line (`main`), checked against R 4.2.2 on the published data sets of
 * api/test/fixtures/stats/ (provenance in api/src/modules/evaluation/stats/r-reference.spec.ts,
 * which also quotes the R script that wrote the fixtures). The R output is quoted here, so the
 * tests need no R.
 *
 * R code (R version 4.2.2 Patched (2022-11-10 r83330), run from the repository root):
 *
 * f17 <- function(x) paste(sprintf("%.17g", x), collapse = " ")
 * show <- function(label, x) cat(sprintf("%-12s %s\n", label, f17(x)))
 * desc <- function(x) c(n = length(x), mean = mean(x), sd = sd(x), median = median(x),
 *                       q1 = unname(quantile(x, 0.25)), q3 = unname(quantile(x, 0.75)),
 *                       iqr = IQR(x), min = min(x), max = max(x))
 * # Noncentral-t CI for the noncentrality parameter: pt(t, df, ncp) = 0.975 and 0.025.
 * ncp_ci <- function(t, df) {
 *   f <- function(ncp, p) pt(t, df, ncp) - p
 *   root <- function(p) { # step out from t by 1 until the sign changes, then uniroot on that unit interval
 *     dir <- if (f(t, p) > 0) 1 else -1
 *     a <- t; b <- t + dir
 *     while (sign(f(b, p)) == sign(f(a, p))) { a <- b; b <- b + dir }
 *     uniroot(f, sort(c(a, b)), p = p, tol = 1e-15, maxiter = 10000)$root
 *   }
 *   c(root(0.975), root(0.025))
 * }
 * paired <- function(file) {
 *   d <- read.csv(file)
 *   cc <- complete.cases(d$pre, d$post)
 *   pre <- d$pre[cc]; post <- d$post[cc]; n <- length(pre)
 *   cat("== ", basename(file), " n =", n, " n_excluded =", sum(!cc), "\n")
 *   diff <- post - pre
 *   show("desc pre", desc(pre)); show("desc post", desc(post)); show("desc diff", desc(diff))
 *   tt <- t.test(post, pre, paired = TRUE)
 *   show("t.test", c(tt$estimate, sd(diff), tt$statistic, tt$parameter, tt$p.value, tt$conf.int))
 *   wx <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, correct = TRUE))
 *   cat(sprintf("%-12s %s %s  [%s]\n", "wilcox", f17(wx$statistic), f17(wx$p.value), wx$method))
 *   wxn <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, correct = TRUE, exact = FALSE))
 *   cat(sprintf("%-12s %s %s  [%s]\n", "wilcox.cc", f17(wxn$statistic), f17(wxn$p.value), wxn$method))
 *   df <- n - 1
 *   dz <- mean(diff) / sd(diff)
 *   dav <- mean(diff) / ((sd(pre) + sd(post)) / 2)
 *   J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
 *   tobs <- dz * sqrt(n)
 *   lam <- if (abs(tobs) < 30) ncp_ci(tobs, df) else c(NA, NA)
 *   dzci <- lam / sqrt(n)
 *   show("d_z", c(dz, dzci)); show("g_z", c(dz * J, dzci * J, J))
 *   show("d_av", c(dav, dzci * sd(diff) / ((sd(pre) + sd(post)) / 2)))
 * }
 * alpha <- function(file) {
 *   x <- as.matrix(read.csv(file)); x <- x[complete.cases(x), , drop = FALSE]
 *   k <- ncol(x); n <- nrow(x)
 *   a <- k / (k - 1) * (1 - sum(apply(x, 2, var)) / var(rowSums(x)))
 *   cat("== ", basename(file), "\n")
 *   show("alpha", c(k, n, a, 1 - (1 - a) * qf(0.975, n - 1, (n - 1) * (k - 1)),
 *                   1 - (1 - a) * qf(0.025, n - 1, (n - 1) * (k - 1))))
 * }
 * dir <- "api/test/fixtures/stats"
 * for (f in c("sleep.csv", "depression.csv", "chickweight.csv", "loblolly.csv")) paired(file.path(dir, f))
 * for (f in c("attitude.csv", "usjudgeratings.csv")) alpha(file.path(dir, f))
 *
 * Its output, verbatim:
 *
 * ==  sleep.csv  n = 10  n_excluded = 0
 * desc pre     10 0.75 1.7890096577591625 0.34999999999999998 -0.17500000000000002 1.7 1.875 -1.6000000000000001 3.7000000000000002
 * desc post    10 2.3300000000000001 2.002248735796829 1.75 0.87500000000000011 4.1500000000000004 3.2750000000000004 -0.10000000000000001 5.5
 * desc diff    10 1.5800000000000001 1.2299954832798732 1.3 1.0500000000000003 1.6999999999999997 0.64999999999999947 0 4.5999999999999996
 * t.test       1.5800000000000001 1.2299954832798732 4.0621276833820366 9 0.0028328901973842702 0.70011423672301754 2.4598857632769824
 * wilcox       45 0.0090906980159250559  [Wilcoxon signed rank test with continuity correction]
 * wilcox.cc    45 0.0090906980159250559  [Wilcoxon signed rank test with continuity correction]
 * d_z          1.2845575625910546 0.41462775638014404 2.1180165139770675
 * g_z          1.173924903514205 0.37891789599609299 1.935602112525632 0.91387489179255255
 * d_av         0.83349634131270445 0.26903482414011992 1.374293427286283
 * ==  depression.csv  n = 9  n_excluded = 0
 * desc pre     9 1.7666666666666666 0.71559415872406329 1.6799999999999999 1.55 1.8799999999999999 0.32999999999999985 0.5 3.0600000000000001
 * desc post    9 1.3347777777777778 0.80233343719705741 1.0600000000000001 0.878 1.29 0.41200000000000003 0.59799999999999998 3.1400000000000001
 * desc diff    9 -0.43188888888888888 0.4268554920709246 -0.48999999999999999 -0.61999999999999988 -0.010000000000000009 0.60999999999999988 -1.0220000000000002 0.14700000000000002
 * t.test       -0.43188888888888888 0.4268554920709246 -3.0353754156485913 8 0.016176627434908095 -0.75999906550560925 -0.10377871227216852
 * wilcox       5 0.0390625  [Wilcoxon signed rank exact test]
 * wilcox.cc    5 0.044010984012951455  [Wilcoxon signed rank test with continuity correction]
 * d_z          -1.0117918052161969 -1.8071690619383303 -0.17714760906643398
 * g_z          -0.91334783555513377 -1.6313375367286012 -0.15991173725707536 0.90270333367640987
 * d_av         -0.56905071104765925 -1.0163858161112489 -0.099631141881117588
 * ==  chickweight.csv  n = 45  n_excluded = 5
 * desc pre     45 41.06666666666667 1.1361818036340359 41 41 42 1 39 43
 * desc post    45 218.6888888888889 71.51027333131367 205 167 266 99 74 373
 * desc diff    45 177.62222222222223 71.861700789809035 164 126 225 99 32 332
 * t.test       177.62222222222223 71.861700789809035 16.580822281057987 44 1.5252299993677924e-20 156.03257720345482 199.21186724098965
 * wilcox       1035 5.3502074646466835e-09  [Wilcoxon signed rank test with continuity correction]
 * wilcox.cc    1035 5.3502074646466835e-09  [Wilcoxon signed rank test with continuity correction]
 * d_z          2.4717230495525855 1.8760873869482591 3.0597494858423433
 * g_z          2.4293101045998959 1.8438951107612183 3.0072464408367381 0.98284073737129785
 * d_av         4.890045134130002 3.7116423700501744 6.0533938410326762
 * ==  loblolly.csv  n = 14  n_excluded = 0
 * desc pre     14 4.237857142857143 0.40360259531506348 4.3250000000000002 3.915 4.5399999999999991 0.62499999999999911 3.46 4.8099999999999996
 * desc post    14 10.205 0.81557671902487772 10.455 9.4200000000000017 10.865 1.4449999999999985 9.0299999999999994 11.369999999999999
 * desc diff    14 5.9671428571428571 0.4391850594948743 6.0500000000000007 5.5750000000000002 6.3775000000000004 0.80250000000000021 5.2599999999999998 6.5799999999999992
 * t.test       5.9671428571428571 0.4391850594948743 50.837349009647973 13 2.4191284142884734e-16 5.7135649533312174 6.2207207609544968
 * wilcox       105 0.00012207031250000005  [Wilcoxon signed rank exact test]
 * wilcox.cc    105 0.0010970505857231035  [Wilcoxon signed rank test with continuity correction]
 * d_z          13.586853031853874 NA NA
 * g_z          12.784990491081718 NA NA 0.94098246747114889
 * d_av         9.7887862547494819 NA NA
 * ==  attitude.csv
 * alpha        7 30 0.84314276956475986 0.73937568564310729 0.9157730721599816
 * ==  usjudgeratings.csv
 * alpha        11 43 0.99002094032175303 0.98494326175209435 0.99392212685412118
 *
 * For `paired`, mean_pre and mean_post are the second number of the "desc pre"/"desc post"
 * lines; mean_diff, sd_diff, t, df, p, ci_low, ci_high the "t.test" line; d_z, g_z and d_av the
 * first number of their lines; wilcoxon V and p the "wilcox" line (R's default: exact where it
 * can be). Tolerance: |cli − R| ≤ 1e-9·max(1, |R|); p-values also to 1e-6 relatively. (The
 * ChickWeight ci_low/ci_high are 7.9e-8 from R absolutely, 5e-10 relatively: jStat's t CDF at
 * df = 44 limits t_{0.975, 44} to 7.4e-9; see distributions.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type StatsIo } from './stats.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/stats');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main() with captured output; `files` replaces the file system when given. */
async function run(argv: string[], files?: Record<string, string>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: StatsIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  if (files) {
    io.readFile = async (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return files[p];
    };
  }
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function expectClose(actual: unknown, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  expect(
    Math.abs((actual as number) - expected),
    `${what}: cli ${actual}, R ${expected}`,
  ).toBeLessThanOrEqual(tol);
}

function expectP(actual: unknown, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const diff = Math.abs((actual as number) - expected);
  expect(diff, `${what}: cli ${actual}, R ${expected}`).toBeLessThanOrEqual(1e-9);
  expect(diff, `${what} (relative): cli ${actual}, R ${expected}`).toBeLessThanOrEqual(1e-6 * expected);
}

/** Expects a single clear line on stderr, exit code 2 and nothing on stdout. */
function expectInputError(r: Run, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^stats: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(message);
}

const KEYS = [
  'n',
  'n_excluded',
  'mean_pre',
  'mean_post',
  'mean_diff',
  'sd_diff',
  't',
  'df',
  'p',
  'ci_low',
  'ci_high',
  'd_z',
  'd_av',
  'g_z',
  'wilcoxon',
];

// Transcribed from the R output above.
const PAIRED = [
  {
    file: 'sleep.csv',
    n: 10,
    n_excluded: 0,
    mean_pre: 0.75,
    mean_post: 2.3300000000000001,
    mean_diff: 1.5800000000000001,
    sd_diff: 1.2299954832798732,
    t: 4.0621276833820366,
    df: 9,
    p: 0.0028328901973842702,
    ci_low: 0.70011423672301754,
    ci_high: 2.4598857632769824,
    d_z: 1.2845575625910546,
    d_av: 0.83349634131270445,
    g_z: 1.173924903514205,
    wilcoxon: { V: 45, p: 0.0090906980159250559, method: 'normal-cc' },
  },
  {
    file: 'depression.csv',
    n: 9,
    n_excluded: 0,
    mean_pre: 1.7666666666666666,
    mean_post: 1.3347777777777778,
    mean_diff: -0.43188888888888888,
    sd_diff: 0.4268554920709246,
    t: -3.0353754156485913,
    df: 8,
    p: 0.016176627434908095,
    ci_low: -0.75999906550560925,
    ci_high: -0.10377871227216852,
    d_z: -1.0117918052161969,
    d_av: -0.56905071104765925,
    g_z: -0.91334783555513377,
    wilcoxon: { V: 5, p: 0.0390625, method: 'exact' },
  },
  {
    file: 'chickweight.csv',
    n: 45,
    n_excluded: 5,
    mean_pre: 41.06666666666667,
    mean_post: 218.6888888888889,
    mean_diff: 177.62222222222223,
    sd_diff: 71.861700789809035,
    t: 16.580822281057987,
    df: 44,
    p: 1.5252299993677924e-20,
    ci_low: 156.03257720345482,
    ci_high: 199.21186724098965,
    d_z: 2.4717230495525855,
    d_av: 4.890045134130002,
    g_z: 2.4293101045998959,
    wilcoxon: { V: 1035, p: 5.3502074646466835e-9, method: 'normal-cc' },
  },
  {
    file: 'loblolly.csv',
    n: 14,
    n_excluded: 0,
    mean_pre: 4.237857142857143,
    mean_post: 10.205,
    mean_diff: 5.9671428571428571,
    sd_diff: 0.4391850594948743,
    t: 50.837349009647973,
    df: 13,
    p: 2.4191284142884734e-16,
    ci_low: 5.7135649533312174,
    ci_high: 6.2207207609544968,
    d_z: 13.586853031853874,
    d_av: 9.7887862547494819,
    g_z: 12.784990491081718,
    wilcoxon: { V: 105, p: 0.00012207031250000005, method: 'exact' },
  },
];

const ALPHA = [
  {
    file: 'attitude.csv',
    k: 7,
    n: 30,
    alpha: 0.84314276956475986,
    ci_low: 0.73937568564310729,
    ci_high: 0.9157730721599816,
  },
  {
    file: 'usjudgeratings.csv',
    k: 11,
    n: 43,
    alpha: 0.99002094032175303,
    ci_low: 0.98494326175209435,
    ci_high: 0.99392212685412118,
  },
];

describe('stats paired FILE.csv', () => {
  it.each(PAIRED)('$file matches R', async (ref) => {
    const r = await run(['paired', path.join(FIXTURES, ref.file)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(KEYS);
    expect(Object.keys(out.wilcoxon)).toEqual(['V', 'p', 'method']);
    expect(out.n).toBe(ref.n);
    expect(out.n_excluded).toBe(ref.n_excluded);
    expect(out.df).toBe(ref.df);
    for (const key of [
      'mean_pre',
      'mean_post',
      'mean_diff',
      'sd_diff',
      't',
      'ci_low',
      'ci_high',
      'd_z',
      'd_av',
      'g_z',
    ] as const) {
      expectClose(out[key], ref[key], key);
    }
    expectP(out.p, ref.p, 'p');
    expect(out.wilcoxon.V).toBe(ref.wilcoxon.V);
    expectP(out.wilcoxon.p, ref.wilcoxon.p, 'wilcoxon p');
    expect(out.wilcoxon.method).toBe(ref.wilcoxon.method);
  });

  it('prints numbers at full double precision (no rounding)', async () => {
    const r = await run(['paired', path.join(FIXTURES, 'sleep.csv')]);
    const out = JSON.parse(r.stdout);
    expect(r.stdout).toContain(`"t":${String(out.t)}`);
    expect(String(out.sd_diff).replace('0.', '').length).toBeGreaterThanOrEqual(16);
  });

  it('covers ties + zeros, exact, and excluded pairs across the fixtures', () => {
    expect(PAIRED.find((r) => r.file === 'sleep.csv')?.wilcoxon.method).toBe('normal-cc');
    expect(PAIRED.find((r) => r.file === 'depression.csv')?.wilcoxon.method).toBe('exact');
    expect(PAIRED.find((r) => r.file === 'chickweight.csv')?.n_excluded).toBe(5);
  });

  it('accepts any column order, mixed-case headers, CRLF, a BOM, blank lines, quotes and trailing empty cells', async () => {
    const sleep = (await run(['paired', path.join(FIXTURES, 'sleep.csv')])).stdout;
    const rows = [
      [1, 0.7, 1.9],
      [2, -1.6, 0.8],
      [3, -0.2, 1.1],
      [4, -1.2, 0.1],
      [5, -0.1, -0.1],
      [6, 3.4, 4.4],
      [7, 3.7, 5.5],
      [8, 0.8, 1.6],
      [9, 0, 4.6],
      [10, 2, 3.4],
    ];
    const text =
      '\uFEFFPost, ID ,pre,,\r\n' +
      rows
        .map(
          ([id, pre, post], i) => `${post},"${id}",${pre}${i === 3 ? ',,' : ''}\r\n${i === 5 ? '\r\n' : ''}`,
        )
        .join('');
    const r = await run(['paired', 'x.csv'], { 'x.csv': text });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(sleep);
  });

  it('uses complete pairs only: blank pre or post cells are counted in n_excluded', async () => {
    const r = await run(['paired', 'x.csv'], {
      'x.csv': 'id,pre,post\n1,1,2\n2,,3\n3,2,5\n4,4,\n5,3,3.5\n6, , \n',
    });
    const out = JSON.parse(r.stdout);
    expect(out.n).toBe(3);
    expect(out.n_excluded).toBe(3);
    expect(out.mean_pre).toBe(2);
  });

  it('prints null for g_z with only 2 pairs (Hedges’ J needs df ≥ 2)', async () => {
    const r = await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\na,1,2\nb,2,5\n' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.n).toBe(2);
    expect(out.g_z).toBeNull();
    expect(out.d_z).toBeCloseTo(2 / Math.SQRT2, 12);
  });
});

describe('stats alpha FILE.csv', () => {
  it.each(ALPHA)('$file matches R', async (ref) => {
    const r = await run(['alpha', path.join(FIXTURES, ref.file)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['k', 'n', 'alpha', 'ci_low', 'ci_high']);
    expect(out.k).toBe(ref.k);
    expect(out.n).toBe(ref.n);
    expectClose(out.alpha, ref.alpha, 'alpha');
    expectClose(out.ci_low, ref.ci_low, 'ci_low');
    expectClose(out.ci_high, ref.ci_high, 'ci_high');
  });

  it('uses complete respondents only', async () => {
    const r = await run(['alpha', 'a.csv'], { 'a.csv': 'q1,q2,q3\n1,2,2\n2,,3\n3,3,4\n4,5,4\n' });
    const out = JSON.parse(r.stdout);
    expect(out.k).toBe(3);
    expect(out.n).toBe(3);
  });
});

describe('bad input: one line on stderr, exit code 2', () => {
  it('a missing file', async () => {
    expectInputError(
      await run(['paired', path.join(FIXTURES, 'no-such-file.csv')]),
      /cannot read .*no-such-file\.csv: no such file/,
    );
  });

  it('a directory', async () => {
    expectInputError(await run(['paired', FIXTURES]), /it is a directory/);
  });

  it('wrong columns', async () => {
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,before,after\n1,2,3\n' }),
      /needs exactly the columns id, pre and post; the header has 'id', 'before', 'after'/,
    );
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post,group\n1,2,3,a\n' }),
      /needs exactly the columns id, pre and post/,
    );
    expectInputError(await run(['paired', 'x.csv'], { 'x.csv': '' }), /is empty: a header row is required/);
  });

  it('a non-numeric cell, naming its row and column', async () => {
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n1,2,3\n\n2,4,n/a\n' }),
      /x\.csv: row 4, column 'post': 'n\/a' is not a number/,
    );
    expectInputError(
      await run(['alpha', 'a.csv'], { 'a.csv': 'q1,q2\n1,2\n3,1e999\n' }),
      /row 3, column 'q2': '1e999' is not a number/,
    );
  });

  it('fewer than 2 complete pairs', async () => {
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n1,2,\n2,3,4\n' }),
      /1 complete pair \(1 with a blank pre or post\); at least 2 are needed/,
    );
    expectInputError(await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n' }), /0 complete pairs/);
  });

  it('an unknown command, no command, or the wrong number of arguments', async () => {
    expectInputError(await run(['frobnicate', 'x.csv']), /unknown command 'frobnicate'\. Usage: /);
    expectInputError(await run([]), /^stats: Usage: /);
    expectInputError(await run(['paired']), /'paired' takes exactly one FILE\.csv/);
    expectInputError(await run(['alpha', 'a.csv', 'b.csv']), /'alpha' takes exactly one FILE\.csv/);
  });

  it('missing or repeated ids, extra cells and broken quoting', async () => {
    expectInputError(await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n,1,2\n' }), /row 2 has no id/);
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n7,1,2\n8,1,3\n7,2,2\n' }),
      /id '7' is on both row 2 and row 4/,
    );
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n1,1,2,9\n' }),
      /row 2 has 4 cells but the header has 3/,
    );
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n1,"2\n' }),
      /could not be read as CSV/,
    );
  });

  it('data the statistics cannot be computed from', async () => {
    expectInputError(
      await run(['paired', 'x.csv'], { 'x.csv': 'id,pre,post\n1,1,2\n2,2,3\n3,5,6\n' }),
      /same post − pre difference/,
    );
    expectInputError(await run(['alpha', 'a.csv'], { 'a.csv': 'q1\n1\n2\n' }), /at least 2 item columns/);
    expectInputError(
      await run(['alpha', 'a.csv'], { 'a.csv': 'q1,q1\n1,2\n2,1\n' }),
      /names item 'q1' twice/,
    );
    expectInputError(
      await run(['alpha', 'a.csv'], { 'a.csv': 'q1,,q3\n1,2,3\n2,1,3\n' }),
      /column 2 of the header has no item name/,
    );
    expectInputError(await run(['alpha', 'a.csv'], { 'a.csv': 'q1,q2\n1,2\n2,1\n' }), /same total score/);
  });
});

describe('other exits', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run --silent stats -- paired FILE\.csv \| alpha FILE\.csv\n$/);
  });

  it('an unexpected failure is one line and exit code 1, still without a stack trace', async () => {
    const code = await main(['paired', path.join(FIXTURES, 'sleep.csv')], {
      stdout: () => {
        throw new Error('write EPIPE');
      },
      stderr: (text) => {
        expect(text).toBe('stats: unexpected error: write EPIPE\n');
      },
    });
    expect(code).toBe(1);
  });

  it('reads real files through node:fs by default', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cqp-stats-'));
    const file = path.join(dir, 'pairs.csv');
    writeFileSync(file, 'id,pre,post\n1,1,2\n2,2,4\n3,3,3.5\n');
    const r = await run(['paired', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(3);
  });
});
