/**
 * The files of a study export, rendered from one `ExportData`: the two data files and the codebook as CSV
 * (UTF-8, CRLF, header row, formula-like text neutralised by `toCsv`), SPSS syntax that reads wide.csv, and a
 * base-R script that reads wide.csv and long.csv.
 */
import { toCsv } from '../../people/import/staff-csv.js';
import type { Cell, DataFile, ExportData, Variable } from './dataset.js';

export interface Rendered {
  content: string;
  /** Data rows (CSV) or, for the scripts, the participants the script was made for. */
  rows: number;
}

const header = (vars: Variable[]) => vars.map((v) => v.name);

export function renderLong(d: ExportData): Rendered {
  return { content: toCsv([header(d.longVariables), ...d.longRows]), rows: d.longRows.length };
}

export function renderWide(d: ExportData): Rendered {
  return { content: toCsv([header(d.wideVariables), ...d.wideRows]), rows: d.wideRows.length };
}

/** Every variable of either data file once, wide.csv's first (in file order), then those only in long.csv. */
export function codebookVariables(d: ExportData): Variable[] {
  const byName = new Map<string, Variable>();
  for (const v of [...d.wideVariables, ...d.longVariables]) {
    const seen = byName.get(v.name);
    if (seen) byName.set(v.name, { ...seen, files: [...new Set<DataFile>([...seen.files, ...v.files])] });
    else byName.set(v.name, v);
  }
  return [...byName.values()];
}

const valueLabels = (v: Variable) => (v.values ?? []).map(([code, label]) => `${code}=${label}`).join('; ');

export function renderCodebook(d: ExportData): Rendered {
  const vars = codebookVariables(d);
  const rows: Cell[][] = vars.map((v) => [
    v.name,
    v.label,
    v.type,
    valueLabels(v),
    v.missing,
    [...v.files].sort().join('; '),
  ]);
  return {
    content: toCsv([['variable', 'label', 'type', 'value_labels', 'missing', 'files'], ...rows]),
    rows: rows.length,
  };
}

/** One line for a comment: no line breaks, and nothing a script could take as the end of the comment. */
const commentText = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/[.*]+$/, '')
    .trim();

// ---------------------------------------------------------------------------------------------
// SPSS
// ---------------------------------------------------------------------------------------------

/** A quoted SPSS string, split into `'…' + '…'` pieces so that no syntax line grows long. */
function spssString(s: string, indent = '    '): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length || pieces.length === 0; i += 60)
    pieces.push(
      `'${chars
        .slice(i, i + 60)
        .join('')
        .replaceAll("'", "''")}'`,
    );
  return pieces.join(` +\n${indent}`);
}

const spssValue = (v: Variable, code: string | number) =>
  v.type === 'numeric' ? String(code) : spssString(String(code));

function spssFormat(v: Variable): string {
  if (v.type === 'string' || v.type === 'date') return `A${Math.max(1, v.width ?? 8)}`;
  // Delimited input reads the whole field; a wide format also keeps full precision where a reader limits it.
  return v.decimals ? `F20.${v.decimals}` : 'F8.0';
}

export function renderSpss(d: ExportData): Rendered {
  const vars = d.wideVariables;
  const dates = vars.filter((v) => v.type === 'date');
  const raw = new Map(dates.map((v, i) => [v.name, `tmp_datetime_${i + 1}`]));
  const lines: string[] = [
    '* Encoding: UTF-8.',
    `* CQ Pathway: reads wide.csv, the pseudonymised export of the study "${commentText(d.study.name)}".`,
    `* Made ${d.generatedAt.toISOString()} for ${d.participants} participants: use it with the wide.csv downloaded with it (export.zip holds both).`,
    '* Open this file from the folder that holds wide.csv (or put the full path after /FILE).',
    '* Empty cells are system-missing; codebook.csv describes every variable.',
    '',
    'GET DATA',
    '  /TYPE=TXT',
    "  /FILE='wide.csv'",
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    '  /DELCASE=LINE',
    '  /FIRSTCASE=2',
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /VARIABLES=',
    ...vars.map((v) => `    ${raw.get(v.name) ?? v.name} ${spssFormat(v)}`),
    '.',
    '',
  ];
  if (dates.length) {
    lines.push('* Timestamps are read as text and turned into SPSS date-times (UTC).');
    for (const v of dates) {
      const t = raw.get(v.name) as string;
      lines.push(
        `COMPUTE ${v.name} = $SYSMIS.`,
        `IF (${t} <> '') ${v.name} =`,
        `    NUMBER(SUBSTR(${t}, 1, 10), SDATE10) + NUMBER(SUBSTR(${t}, 12, 8), TIME8).`,
        `FORMATS ${v.name} (DATETIME20).`,
      );
    }
    lines.push('ADD FILES /FILE=*', '  /KEEP=', ...vars.map((v) => `    ${v.name}`), '.', 'EXECUTE.', '');
  }
  lines.push('VARIABLE LABELS');
  vars.forEach((v, i) => lines.push(`  ${i ? '/' : ''}${v.name} ${spssString(v.label)}`));
  lines.push('.', '');

  const labelled = vars.filter((v) => v.values?.length);
  if (labelled.length) {
    // Variables with the same labels share one specification.
    const groups = new Map<string, Variable[]>();
    for (const v of labelled) {
      const key = JSON.stringify([v.type === 'numeric', v.values]);
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    lines.push('VALUE LABELS');
    [...groups.values()].forEach((group, i) => {
      lines.push(`  ${i ? '/' : ''}${group[0].name}`, ...group.slice(1).map((v) => `    ${v.name}`));
      for (const [code, label] of group[0].values ?? [])
        lines.push(`    ${spssValue(group[0], code)} ${spssString(label, '      ')}`);
    });
    lines.push('.', '');
  }
  const missing = vars.filter((v) => v.userMissing?.length);
  for (const v of missing)
    lines.push(`MISSING VALUES ${v.name} (${(v.userMissing ?? []).map((c) => spssValue(v, c)).join(', ')}).`);
  if (missing.length) lines.push('');
  for (const level of ['nominal', 'ordinal', 'scale'] as const) {
    const names = vars.filter((v) => v.level === level).map((v) => v.name);
    if (names.length)
      lines.push('VARIABLE LEVEL', ...names.map((n) => `    ${n}`), `  (${level.toUpperCase()}).`);
  }
  lines.push('', 'DATASET NAME cqp_wide.', 'EXECUTE.', '');
  return { content: lines.join('\r\n'), rows: d.participants };
}

// ---------------------------------------------------------------------------------------------
// R
// ---------------------------------------------------------------------------------------------

/** A double-quoted R string literal in ASCII, with every other character as a Unicode escape. */
function rString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U{${cp.toString(16)}}`;
  }
  return `${out}"`;
}

function rNamedVector(entries: [string, string][], indent = '  '): string {
  if (!entries.length) return 'character(0)';
  return `c(\n${entries.map(([k, v]) => `${indent}${rString(k)} = ${rString(v)}`).join(',\n')}\n${indent.slice(2)})`;
}

const rClass = (v: Variable) => (v.type === 'numeric' ? 'numeric' : 'character');

function rFactors(vars: Variable[]): string {
  const coded = vars.filter((v) => v.type === 'string' && v.values?.length);
  if (!coded.length) return 'list()';
  return `list(\n${coded
    .map(
      (v) =>
        `  ${rString(v.name)} = ${rNamedVector(
          (v.values ?? []).map(([c, l]) => [String(c), l]),
          '    ',
        )}`,
    )
    .join(',\n')}\n)`;
}

function rNumericLabels(vars: Variable[]): string {
  const labelled = vars.filter((v) => v.type === 'numeric' && v.values?.length);
  if (!labelled.length) return 'list()';
  return `list(\n${labelled
    .map(
      (v) =>
        `  ${rString(v.name)} = c(${(v.values ?? []).map(([c, l]) => `${rString(l)} = ${Number(c)}`).join(', ')})`,
    )
    .join(',\n')}\n)`;
}

function rReader(name: string, file: DataFile, vars: Variable[]): string[] {
  return [
    `${name}_classes <- ${rNamedVector(vars.map((v) => [v.name, rClass(v)]))}`,
    `${name}_labels <- ${rNamedVector(vars.map((v) => [v.name, v.label]))}`,
    `${name}_codes <- ${rFactors(vars)}`,
    `${name}_value_labels <- ${rNumericLabels(vars)}`,
    `${name}_dates <- ${
      vars.some((v) => v.type === 'date')
        ? `c(${vars
            .filter((v) => v.type === 'date')
            .map((v) => rString(v.name))
            .join(', ')})`
        : 'character(0)'
    }`,
    '',
    `${name} <- read_export(${rString(file)}, ${name}_classes)`,
    `${name} <- describe(${name}, ${name}_labels, ${name}_codes, ${name}_value_labels, ${name}_dates)`,
    '',
  ];
}

export function renderR(d: ExportData): Rendered {
  const lines = [
    `# CQ Pathway: reads the pseudonymised export of the study "${commentText(d.study.name)}".`,
    `# Made ${d.generatedAt.toISOString()} for ${d.participants} participants: use it with the files downloaded with it (export.zip holds them all).`,
    '# Run it from the folder that holds wide.csv and long.csv, for example: Rscript read.R',
    '# Base R only. Empty cells are NA; coded variables become factors; codebook.csv describes every variable.',
    '',
    'read_export <- function(file, classes) {',
    '  header <- names(read.csv(file, nrows = 1, check.names = FALSE, colClasses = "character",',
    '                           fileEncoding = "UTF-8"))',
    '  read.csv(file, stringsAsFactors = FALSE, na.strings = "", check.names = FALSE,',
    '           fileEncoding = "UTF-8", colClasses = classes[intersect(names(classes), header)])',
    '}',
    '',
    'describe <- function(d, labels, codes, value_labels, dates) {',
    '  for (v in intersect(names(codes), names(d)))',
    '    d[[v]] <- factor(d[[v]], levels = names(codes[[v]]), labels = unname(codes[[v]]))',
    '  for (v in intersect(dates, names(d)))',
    '    d[[v]] <- as.POSIXct(d[[v]], format = "%Y-%m-%dT%H:%M:%OSZ", tz = "UTC")',
    '  for (v in intersect(names(value_labels), names(d)))',
    '    attr(d[[v]], "labels") <- value_labels[[v]]',
    '  for (v in intersect(names(labels), names(d)))',
    '    attr(d[[v]], "label") <- labels[[v]]',
    '  d',
    '}',
    '',
    ...rReader('wide', 'wide.csv', d.wideVariables),
    ...rReader('long', 'long.csv', d.longVariables),
    'cat("answers in long.csv:", nrow(long), "\\n")',
    'str(wide, list.len = ncol(wide) + 1, give.attr = FALSE)',
    'cat("rows:", nrow(wide), "\\n")',
    '',
  ];
  return { content: lines.join('\n'), rows: d.participants };
}
