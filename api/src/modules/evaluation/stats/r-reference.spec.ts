/**
 * The statistics engine checked end to end against R, on published data sets that ship with R.
 * The R output is quoted below, so the tests do not need R to run.
 *
 * R: R version 4.2.2 Patched (2022-11-10 r83330), Debian's r-base-core package.
 *
 * Data sets (CSV fixtures in api/test/fixtures/stats/, written by the first R script below):
 *
 * - sleep.csv: `datasets::sleep`, Student (1908), The probable error of a mean, Biometrika 6,
 *   1–25, from Cushny & Peebles (1905): extra hours of sleep (over control) of 10 patients on
 *   each of two soporific drugs. "pre" is drug 1 (group 1) and "post" drug 2 (group 2) of the
 *   same patient; they are two paired conditions rather than two times. The differences include
 *   a tie (1.3 twice: patients 3 and 4) and a zero (patient 5), so the Wilcoxon test takes the
 *   normal approximation with tie and continuity correction (method "normal-cc").
 * - depression.csv: Hollander & Wolfe (1973), Nonparametric Statistical Methods, p. 29, the data
 *   of R's `example(wilcox.test)`: Hamilton depression scale factor IV of 9 patients at the first
 *   ("pre") and second ("post") visit after starting a tranquilliser. No ties, no zeros and
 *   n = 9 ≤ 50: the exact signed-rank p-value (method "exact"), in its lower tail (V = 5).
 * - chickweight.csv: `datasets::ChickWeight`, Crowder & Hand (1990), Analysis of Repeated
 *   Measures, example 5.3: weight (g) of 50 chicks at birth ("pre", day 0) and on day 21
 *   ("post"). The post weight is genuinely missing for the 5 chicks that drop out of the study
 *   before day 21 (chick 18 after day 2, 16 after day 12, 15 after day 14, 44 after day 18 and
 *   8 after day 20), so n = 45 complete pairs and n_excluded = 5. Tied differences: normal-cc.
 * - loblolly.csv: `datasets::Loblolly`, Kung (1986), Proc. Statistical Computing Section, ASA,
 *   340–343: height (ft) of 14 loblolly pines at age 3 ("pre") and age 5 ("post"). No ties or
 *   zeros and every tree grew, so V takes its maximum 105 and the exact p-value is its upper
 *   tail. With t = 50.8 the effect-size CIs would need noncentrality parameters far beyond the
 *   range in which jStat's noncentral t CDF can be trusted (see distributions.ts), so the engine
 *   reports them as NaN (R's reference script skips them too: `pt()` itself switches to an
 *   approximation past ncp = 37.62).
 * - attitude.csv: `datasets::attitude`, Chatterjee & Price (1977), Regression Analysis by
 *   Example: 7 survey questions (percent favourable) in 30 departments of a financial
 *   organisation; items = all 7 columns, "respondents" = departments.
 * - usjudgeratings.csv: `datasets::USJudgeRatings`, New Haven Register (1977): lawyers' ratings
 *   of 43 judges of the US Superior Court on 11 items (the CONT column, the number of contacts
 *   between lawyer and judge, is not a rating and is left out).
 *
 * Tolerances: a value v is checked with |engine − R| ≤ 1e-9·max(1, |R|), i.e. absolutely for
 * values within ±1 and relatively beyond; p-values are checked to 1e-9 absolutely and also to
 * 1e-6 relatively, so that tiny p-values are compared too. The effect-size CIs (Brent root of
 * jStat's noncentral t CDF vs `uniroot` on R's `pt(..., ncp =)` at tol = 1e-15) fit in the same
 * 1e-9; see distributions.ts for how far jStat's own accuracy is from that in general. The one
 * place where the relative form matters is the ChickWeight CI of the mean difference (values
 * around 156 and 199 g): it is 7.9e-8 g from R's (5e-10 relatively) because jStat's t CDF at
 * df = 44 is ~4e-10 off, which puts t_{0.975, 44} 7.4e-9 away from R's `qt`.
 *
 * R code that wrote the fixtures (run from the repository root):
 *
 * # Writes the CSV fixtures from base-R datasets.
 * out <- "api/test/fixtures/stats"
 * s <- datasets::sleep
 * write.csv(data.frame(id = s$ID[s$group == 1], pre = s$extra[s$group == 1], post = s$extra[s$group == 2]),
 *           file.path(out, "sleep.csv"), row.names = FALSE, quote = FALSE)
 * L <- as.data.frame(datasets::Loblolly)
 * L <- L[order(as.integer(as.character(L$Seed))), ]
 * write.csv(data.frame(id = as.character(L$Seed[L$age == 3]), pre = L$height[L$age == 3],
 *                      post = L$height[L$age == 5][match(L$Seed[L$age == 3], L$Seed[L$age == 5])]),
 *           file.path(out, "loblolly.csv"), row.names = FALSE, quote = FALSE)
 * cw <- as.data.frame(datasets::ChickWeight)
 * ids <- sort(unique(as.integer(as.character(cw$Chick))))
 * pre <- sapply(ids, function(i) { w <- cw$weight[cw$Chick == i & cw$Time == 0]; if (length(w)) w else NA })
 * post <- sapply(ids, function(i) { w <- cw$weight[cw$Chick == i & cw$Time == 21]; if (length(w)) w else NA })
 * write.csv(data.frame(id = ids, pre = pre, post = post), file.path(out, "chickweight.csv"),
 *           row.names = FALSE, quote = FALSE, na = "")
 * write.csv(datasets::attitude, file.path(out, "attitude.csv"), row.names = FALSE, quote = FALSE)
 * write.csv(datasets::USJudgeRatings[, -1], file.path(out, "usjudgeratings.csv"), row.names = FALSE, quote = FALSE)
 * # Hollander & Wolfe (1973, p. 29): Hamilton depression scale factor IV, first (x) and second (y)
 * # visit after starting a tranquilliser; the data of example(wilcox.test).
 * x <- c(1.83,  0.50,  1.62,  2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
 * y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
 * write.csv(data.frame(id = 1:9, pre = x, post = y), file.path(out, "depression.csv"), row.names = FALSE, quote = FALSE)
 *
 * R code for the reference values (run from the repository root):
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
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  completePairs,
  completeRows,
  cronbachAlpha,
  describe as describeValues,
  pairedEffectSizes,
  pairedTTest,
  wilcoxonSignedRank,
  type Descriptives,
} from './index.js';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/stats',
);

/** Reads a fixture: header row, then numbers; an empty cell is missing (null). */
function readFixture(file: string): { header: string[]; rows: (number | null)[][] } {
  const [head, ...lines] = readFileSync(path.join(FIXTURES, file), 'utf8').trim().split(/\r?\n/);
  return {
    header: head.split(','),
    rows: lines.map((line) => line.split(',').map((cell) => (cell === '' ? null : Number(cell)))),
  };
}

/** |actual − expected| ≤ 1e-9·max(1, |expected|); NaN only matches NaN (R's NA). */
function expectClose(actual: number, expected: number, what: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${what}: engine ${actual}, R ${expected}`).toBeLessThanOrEqual(tol);
}

/** p-values: 1e-9 absolutely and 1e-6 relatively. */
function expectP(actual: number, expected: number, what: string): void {
  const diff = Math.abs(actual - expected);
  expect(diff, `${what}: engine ${actual}, R ${expected}`).toBeLessThanOrEqual(1e-9);
  expect(diff, `${what} (relative): engine ${actual}, R ${expected}`).toBeLessThanOrEqual(1e-6 * expected);
}

/** [n, mean, sd, median, q1, q3, iqr, min, max], the order of the R `desc` lines. */
function descVector(d: Descriptives): number[] {
  return [d.n, d.mean, d.sd, d.median, d.q1, d.q3, d.iqr, d.min, d.max];
}

interface PairedReference {
  file: string;
  n: number;
  nExcluded: number;
  descPre: number[];
  descPost: number[];
  descDiff: number[];
  /** mean_diff, sd_diff, t, df, p, ci_low, ci_high */
  tTest: number[];
  /** R's default wilcox.test (exact when it can be). */
  wilcox: { V: number; p: number; method: 'exact' | 'normal-cc' };
  /** wilcox.test(..., exact = FALSE). */
  wilcoxNormalCc: { V: number; p: number };
  /** estimate, ci low, ci high (g_z also J) */
  dz: number[];
  gz: number[];
  dav: number[];
}

// Transcribed from the R output above.
const PAIRED: PairedReference[] = [
  {
    file: 'sleep.csv',
    n: 10,
    nExcluded: 0,
    descPre: [
      10, 0.75, 1.7890096577591625, 0.34999999999999998, -0.17500000000000002, 1.7, 1.875,
      -1.6000000000000001, 3.7000000000000002,
    ],
    descPost: [
      10, 2.3300000000000001, 2.002248735796829, 1.75, 0.87500000000000011, 4.1500000000000004,
      3.2750000000000004, -0.10000000000000001, 5.5,
    ],
    descDiff: [
      10, 1.5800000000000001, 1.2299954832798732, 1.3, 1.0500000000000003, 1.6999999999999997,
      0.64999999999999947, 0, 4.5999999999999996,
    ],
    tTest: [
      1.5800000000000001, 1.2299954832798732, 4.0621276833820366, 9, 0.0028328901973842702,
      0.70011423672301754, 2.4598857632769824,
    ],
    wilcox: { V: 45, p: 0.0090906980159250559, method: 'normal-cc' },
    wilcoxNormalCc: { V: 45, p: 0.0090906980159250559 },
    dz: [1.2845575625910546, 0.41462775638014404, 2.1180165139770675],
    gz: [1.173924903514205, 0.37891789599609299, 1.935602112525632, 0.91387489179255255],
    dav: [0.83349634131270445, 0.26903482414011992, 1.374293427286283],
  },
  {
    file: 'depression.csv',
    n: 9,
    nExcluded: 0,
    descPre: [
      9, 1.7666666666666666, 0.71559415872406329, 1.6799999999999999, 1.55, 1.8799999999999999,
      0.32999999999999985, 0.5, 3.0600000000000001,
    ],
    descPost: [
      9, 1.3347777777777778, 0.80233343719705741, 1.0600000000000001, 0.878, 1.29, 0.41200000000000003,
      0.59799999999999998, 3.1400000000000001,
    ],
    descDiff: [
      9, -0.43188888888888888, 0.4268554920709246, -0.48999999999999999, -0.61999999999999988,
      -0.010000000000000009, 0.60999999999999988, -1.0220000000000002, 0.14700000000000002,
    ],
    tTest: [
      -0.43188888888888888, 0.4268554920709246, -3.0353754156485913, 8, 0.016176627434908095,
      -0.75999906550560925, -0.10377871227216852,
    ],
    wilcox: { V: 5, p: 0.0390625, method: 'exact' },
    wilcoxNormalCc: { V: 5, p: 0.044010984012951455 },
    dz: [-1.0117918052161969, -1.8071690619383303, -0.17714760906643398],
    gz: [-0.91334783555513377, -1.6313375367286012, -0.15991173725707536, 0.90270333367640987],
    dav: [-0.56905071104765925, -1.0163858161112489, -0.099631141881117588],
  },
  {
    file: 'chickweight.csv',
    n: 45,
    nExcluded: 5,
    descPre: [45, 41.06666666666667, 1.1361818036340359, 41, 41, 42, 1, 39, 43],
    descPost: [45, 218.6888888888889, 71.51027333131367, 205, 167, 266, 99, 74, 373],
    descDiff: [45, 177.62222222222223, 71.861700789809035, 164, 126, 225, 99, 32, 332],
    tTest: [
      177.62222222222223, 71.861700789809035, 16.580822281057987, 44, 1.5252299993677924e-20,
      156.03257720345482, 199.21186724098965,
    ],
    wilcox: { V: 1035, p: 5.3502074646466835e-9, method: 'normal-cc' },
    wilcoxNormalCc: { V: 1035, p: 5.3502074646466835e-9 },
    dz: [2.4717230495525855, 1.8760873869482591, 3.0597494858423433],
    gz: [2.4293101045998959, 1.8438951107612183, 3.0072464408367381, 0.98284073737129785],
    dav: [4.890045134130002, 3.7116423700501744, 6.0533938410326762],
  },
  {
    file: 'loblolly.csv',
    n: 14,
    nExcluded: 0,
    descPre: [
      14, 4.237857142857143, 0.40360259531506348, 4.3250000000000002, 3.915, 4.5399999999999991,
      0.62499999999999911, 3.46, 4.8099999999999996,
    ],
    descPost: [
      14, 10.205, 0.81557671902487772, 10.455, 9.4200000000000017, 10.865, 1.4449999999999985,
      9.0299999999999994, 11.369999999999999,
    ],
    descDiff: [
      14, 5.9671428571428571, 0.4391850594948743, 6.0500000000000007, 5.5750000000000002, 6.3775000000000004,
      0.80250000000000021, 5.2599999999999998, 6.5799999999999992,
    ],
    tTest: [
      5.9671428571428571, 0.4391850594948743, 50.837349009647973, 13, 2.4191284142884734e-16,
      5.7135649533312174, 6.2207207609544968,
    ],
    wilcox: { V: 105, p: 0.00012207031250000005, method: 'exact' },
    wilcoxNormalCc: { V: 105, p: 0.0010970505857231035 },
    dz: [13.586853031853874, NaN, NaN],
    gz: [12.784990491081718, NaN, NaN, 0.94098246747114889],
    dav: [9.7887862547494819, NaN, NaN],
  },
];

const ALPHA = [
  {
    file: 'attitude.csv',
    k: 7,
    n: 30,
    alpha: 0.84314276956475986,
    ciLow: 0.73937568564310729,
    ciHigh: 0.9157730721599816,
  },
  {
    file: 'usjudgeratings.csv',
    k: 11,
    n: 43,
    alpha: 0.99002094032175303,
    ciLow: 0.98494326175209435,
    ciHigh: 0.99392212685412118,
  },
];

describe('engine against R 4.2.2: paired pre/post data sets', () => {
  it('covers ties and zeros (normal-cc), no ties (exact, n ≤ 50) and missing post scores', () => {
    const runs = PAIRED.map((ref) => {
      const { header, rows } = readFixture(ref.file);
      const pairs = completePairs(
        rows.map((r) => r[header.indexOf('pre')]),
        rows.map((r) => r[header.indexOf('post')]),
      );
      return { ref, pairs, w: wilcoxonSignedRank(pairs.pre, pairs.post) };
    });
    expect(runs.some(({ w }) => w.ties && w.zeros > 0 && w.method === 'normal-cc')).toBe(true);
    expect(runs.some(({ w }) => !w.ties && w.zeros === 0 && w.n <= 50 && w.method === 'exact')).toBe(true);
    expect(runs.some(({ pairs, ref }) => pairs.nExcluded > 0 && ref.nExcluded > 0)).toBe(true);
  });

  describe.each(PAIRED)('$file', (ref) => {
    const { header, rows } = readFixture(ref.file);
    const pairs = completePairs(
      rows.map((r) => r[header.indexOf('pre')]),
      rows.map((r) => r[header.indexOf('post')]),
    );

    it('keeps the complete pairs and counts the rest', () => {
      expect(pairs.pre.length).toBe(ref.n);
      expect(pairs.nExcluded).toBe(ref.nExcluded);
    });

    it('descriptives of pre, post and post − pre match mean/sd/median/quantile/IQR/min/max', () => {
      const diff = pairs.post.map((x, i) => x - pairs.pre[i]);
      const labels = ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'iqr', 'min', 'max'];
      for (const [name, values, expected] of [
        ['pre', pairs.pre, ref.descPre],
        ['post', pairs.post, ref.descPost],
        ['diff', diff, ref.descDiff],
      ] as const) {
        descVector(describeValues(values)).forEach((v, i) =>
          expectClose(v, expected[i], `${name} ${labels[i]}`),
        );
      }
    });

    it('paired t-test matches t.test(post, pre, paired = TRUE)', () => {
      const t = pairedTTest(pairs.pre, pairs.post);
      const [meanDiff, sdDiff, tStat, df, p, ciLow, ciHigh] = ref.tTest;
      expect(t.n).toBe(ref.n);
      expectClose(t.meanPre, ref.descPre[1], 'mean_pre');
      expectClose(t.meanPost, ref.descPost[1], 'mean_post');
      expectClose(t.meanDiff, meanDiff, 'mean_diff');
      expectClose(t.sdDiff, sdDiff, 'sd_diff');
      expectClose(t.t, tStat, 't');
      expect(t.df).toBe(df);
      expectP(t.p, p, 'p');
      expectClose(t.ciLow, ciLow, 'ci_low');
      expectClose(t.ciHigh, ciHigh, 'ci_high');
    });

    it('Wilcoxon signed-rank matches wilcox.test(post, pre, paired = TRUE), exact where R is', () => {
      const w = wilcoxonSignedRank(pairs.pre, pairs.post);
      expect(w.method).toBe(ref.wilcox.method);
      expect(w.V).toBe(ref.wilcox.V);
      expectP(w.p, ref.wilcox.p, 'p');
    });

    it('normal approximation matches wilcox.test(..., exact = FALSE, correct = TRUE)', () => {
      const w = wilcoxonSignedRank(pairs.pre, pairs.post, { exactMaxN: 0 });
      expect(w.method).toBe('normal-cc');
      expect(w.V).toBe(ref.wilcoxNormalCc.V);
      expectP(w.p, ref.wilcoxNormalCc.p, 'p');
    });

    it('d_z, g_z and d_av with their CIs match the R implementation of the same methods', () => {
      const e = pairedEffectSizes(pairs.pre, pairs.post);
      const check = (
        got: { estimate: number; ciLow: number; ciHigh: number },
        want: number[],
        name: string,
      ) => {
        expectClose(got.estimate, want[0], name);
        expectClose(got.ciLow, want[1], `${name} ci_low`);
        expectClose(got.ciHigh, want[2], `${name} ci_high`);
      };
      check(e.dz, ref.dz, 'd_z');
      check(e.gz, ref.gz, 'g_z');
      expectClose(e.hedgesJ, ref.gz[3], 'J');
      check(e.dav, ref.dav, 'd_av');
    });
  });
});

describe("engine against R 4.2.2: Cronbach's alpha with Feldt CI", () => {
  it.each(ALPHA)('$file', (ref) => {
    const { header, rows } = readFixture(ref.file);
    expect(completeRows(rows).rows.length).toBe(ref.n);
    const a = cronbachAlpha(rows);
    expect(a.k).toBe(header.length);
    expect(a.k).toBe(ref.k);
    expect(a.n).toBe(ref.n);
    expectClose(a.alpha, ref.alpha, 'alpha');
    expectClose(a.ciLow, ref.ciLow, 'ci_low');
    expectClose(a.ciHigh, ref.ciHigh, 'ci_high');
  });
});
