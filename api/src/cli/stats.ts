/**
 * `npm run --silent stats -- paired FILE.csv` and `npm run --silent stats -- alpha FILE.csv`:
 * re-analyses an exported CSV with the statistics engine (api/src/modules/evaluation/stats) and
 * prints one JSON object on stdout. No database, no Nest.
 *
 * - `paired`: columns id, pre and post (any order; the header row is required). A blank pre or
 *   post cell is missing: only pairs with both are used and `n_excluded` counts the others.
 *   Prints {n, n_excluded, mean_pre, mean_post, mean_diff, sd_diff, t, df, p, ci_low, ci_high,
 *   d_z, d_av, g_z, wilcoxon: {V, p, method}}: the paired t-test of post − pre with the 95% CI of
 *   the mean difference, the effect sizes, and the Wilcoxon signed-rank test.
 * - `alpha`: one column per item (the header names them), one row per respondent; only
 *   respondents who answered every item are used. Prints {k, n, alpha, ci_low, ci_high} with
 *   Feldt's 95% CI.
 *
 * Numbers are printed at full double precision (JSON.stringify); a value that is undefined for
 * the data (g_z with 2 pairs, a Wilcoxon p when every difference is zero) prints as null.
 * Bad input prints one line on stderr and exits with 2; rows are numbered as a spreadsheet shows
 * them, the header being row 1.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { CsvError, parse } from 'csv-parse/sync';
import {
  completePairs,
  cronbachAlpha,
  pairedEffectSizes,
  pairedTTest,
  StatsError,
  wilcoxonSignedRank,
} from '../modules/evaluation/stats/index.js';

export const USAGE = 'Usage: npm run --silent stats -- paired FILE.csv | alpha FILE.csv';

/** Where `main` writes, and how it reads a file (replaceable in tests). */
export interface StatsIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): Promise<string>;
}

/** A problem with the command line or the file, reported as one line and exit code 2. */
class InputError extends Error {}

interface Table {
  header: string[];
  /** Data rows with their spreadsheet row numbers; blank lines are left out. */
  rows: { row: number; cells: string[] }[];
}

/** Runs the command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: StatsIo): Promise<number> {
  try {
    const [command, file, ...rest] = argv;
    if (command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (command !== 'paired' && command !== 'alpha') {
      throw new InputError(command === undefined ? USAGE : `unknown command '${command}'. ${USAGE}`);
    }
    if (!file || rest.length > 0) {
      throw new InputError(`'${command}' takes exactly one FILE.csv. ${USAGE}`);
    }
    const table = parseTable(await readText(file, io), file);
    const result = command === 'paired' ? paired(table, file) : alpha(table, file);
    io.stdout(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputError || err instanceof StatsError) {
      io.stderr(`stats: ${oneLine(err.message)}\n`);
      return 2;
    }
    io.stderr(`stats: unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

async function readText(file: string, io: StatsIo): Promise<string> {
  try {
    return await (io.readFile ?? ((p: string) => readFile(p, 'utf8')))(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : err instanceof Error
              ? err.message
              : String(err);
    throw new InputError(`cannot read ${file}: ${reason}.`);
  }
}

/** Splits the CSV into a header and data rows; every cell trimmed, blank lines skipped. */
function parseTable(text: string, file: string): Table {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    if (err instanceof CsvError) {
      const row = (typeof err.records === 'number' ? err.records : 0) + 1;
      throw new InputError(`${file}: row ${row} could not be read as CSV (${err.message}).`);
    }
    throw err;
  }
  const numbered = records
    .map((cells, i) => ({ row: i + 1, cells }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  if (numbered.length === 0) throw new InputError(`${file} is empty: a header row is required.`);
  const [head, ...rows] = numbered;
  // Spreadsheets often end the header with empty cells; they name no column.
  const header = head.cells.slice(0, head.cells.findLastIndex((cell) => cell !== '') + 1);
  for (const { row, cells } of rows) {
    // Empty cells past the last header are what spreadsheets often write; anything else is an error.
    if (cells.length > header.length && cells.slice(header.length).some((cell) => cell !== '')) {
      throw new InputError(
        `${file}: row ${row} has ${cells.length} cells but the header has ${header.length}.`,
      );
    }
  }
  return { header, rows };
}

/** A cell as a number, null when blank; anything else is an error naming its row and column. */
function numberCell(cell: string | undefined, row: number, column: string, file: string): number | null {
  if (cell === undefined || cell === '') return null;
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(cell) || !Number.isFinite(Number(cell))) {
    throw new InputError(
      `${file}: row ${row}, column '${column}': '${cell}' is not a number (leave the cell blank for a missing value).`,
    );
  }
  return Number(cell);
}

function paired(table: Table, file: string) {
  const names = table.header.map((h) => h.toLowerCase());
  const [idCol, preCol, postCol] = ['id', 'pre', 'post'].map((name) => names.indexOf(name));
  if (names.length !== 3 || idCol < 0 || preCol < 0 || postCol < 0) {
    const found = table.header.map((h) => `'${h}'`).join(', ');
    throw new InputError(
      `${file}: 'paired' needs exactly the columns id, pre and post; the header has ${found}.`,
    );
  }
  const seen = new Map<string, number>();
  const pre: (number | null)[] = [];
  const post: (number | null)[] = [];
  for (const { row, cells } of table.rows) {
    const id = cells[idCol] ?? '';
    if (id === '') throw new InputError(`${file}: row ${row} has no id.`);
    const first = seen.get(id);
    if (first !== undefined)
      throw new InputError(`${file}: id '${id}' is on both row ${first} and row ${row}.`);
    seen.set(id, row);
    pre.push(numberCell(cells[preCol], row, table.header[preCol], file));
    post.push(numberCell(cells[postCol], row, table.header[postCol], file));
  }
  const pairs = completePairs(pre, post);
  if (pairs.pre.length < 2) {
    throw new InputError(
      `${file}: ${pairs.pre.length} complete pair${pairs.pre.length === 1 ? '' : 's'} (${pairs.nExcluded} with a blank pre or post); at least 2 are needed.`,
    );
  }
  const t = pairedTTest(pairs.pre, pairs.post);
  const e = pairedEffectSizes(pairs.pre, pairs.post);
  const w = wilcoxonSignedRank(pairs.pre, pairs.post);
  return {
    n: t.n,
    n_excluded: pairs.nExcluded,
    mean_pre: t.meanPre,
    mean_post: t.meanPost,
    mean_diff: t.meanDiff,
    sd_diff: t.sdDiff,
    t: t.t,
    df: t.df,
    p: t.p,
    ci_low: t.ciLow,
    ci_high: t.ciHigh,
    d_z: e.dz.estimate,
    d_av: e.dav.estimate,
    g_z: e.gz.estimate,
    wilcoxon: { V: w.V, p: w.p, method: w.method },
  };
}

function alpha(table: Table, file: string) {
  const { header } = table;
  const blank = header.findIndex((h) => h === '');
  if (blank >= 0) throw new InputError(`${file}: column ${blank + 1} of the header has no item name.`);
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate !== undefined) throw new InputError(`${file}: the header names item '${duplicate}' twice.`);
  if (header.length < 2) {
    throw new InputError(`${file}: 'alpha' needs at least 2 item columns; the header has ${header.length}.`);
  }
  const rows = table.rows.map(({ row, cells }) =>
    header.map((name, j) => numberCell(cells[j], row, name, file)),
  );
  const a = cronbachAlpha(rows);
  return { k: a.k, n: a.n, alpha: a.alpha, ci_low: a.ciLow, ci_high: a.ciHigh };
}

function runningAsScript(): boolean {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (runningAsScript()) {
  // `npm run` starts scripts in the repository root; read relative paths from where npm was typed.
  if (process.env.INIT_CWD) {
    try {
      process.chdir(process.env.INIT_CWD);
    } catch {
      // Keep the current directory.
    }
  }
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
