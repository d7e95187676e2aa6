/**
 * Staff list import: turns the bytes of an uploaded HR / ESR CSV export into validated staff rows
 * and a list of problems a person can act on. Pure functions only: nothing here touches the
 * database or the framework, so the preview and the final import run the same checks.
 *
 * Row numbers: every `row` in this module is the row number a spreadsheet shows when the file is
 * opened in it. Each CSV record is one row, so the header is row 1 when it is the first line, a
 * quoted value that spans two lines is still a single row, and a blank line keeps its row number
 * even though it is skipped.
 */
import { CsvError, parse } from 'csv-parse/sync';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** Agenda for Change pay bands; 'other' covers medical and dental staff and anyone not on AfC. */
export const BANDS = ['1', '2', '3', '4', '5', '6', '7', '8a', '8b', '8c', '8d', '9', 'other'] as const;
export type Band = (typeof BANDS)[number];

/** The staff fields a column of the file can be mapped to. */
export const STAFF_FIELDS = [
  'staffNumber',
  'fullName',
  'firstName',
  'lastName',
  'workEmail',
  'jobTitle',
  'band',
  'directorate',
  'lineManagerStaffNumber',
] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];

/** Human names of the staff fields, used in messages and in the column-mapping screen. */
export const FIELD_LABELS: Record<StaffField, string> = {
  staffNumber: 'Staff number',
  fullName: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  workEmail: 'Work email',
  jobTitle: 'Job title',
  band: 'Band',
  directorate: 'Directorate',
  lineManagerStaffNumber: 'Line manager staff number',
};

/** Which column (by its header text in the file) holds each staff field. */
export type ColumnMapping = Partial<Record<StaffField, string>>;

/** One staff member ready to import. `row` is the spreadsheet row number (see the module comment). */
export interface StaffRow {
  row: number;
  staffNumber: string;
  fullName: string;
  workEmail: string;
  jobTitle: string | null;
  band: Band | null;
  directorate: string | null;
  lineManagerStaffNumber: string | null;
}

/**
 * A problem with one row. `row` is the spreadsheet row number; `column` is the header text of the
 * column at fault, the field label when no column holds that field, or a spreadsheet column
 * letter (such as "Column H") for cells beyond the last header.
 */
export interface RowError {
  row: number;
  column: string;
  reason: string;
}

/** A staff number that appears on more than one row of the same file. */
export interface DuplicateInFile {
  staffNumber: string;
  rows: number[];
}

/** Reasons a whole file is refused before any row is looked at. */
export type ImportFileErrorCode =
  'EMPTY_FILE' | 'ENCODING' | 'NOT_CSV' | 'TOO_MANY_ROWS' | 'MISSING_COLUMNS' | 'DUPLICATE_HEADERS';

/** The file as a whole cannot be imported; the message tells the person what to do about it. */
export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/**
 * A parsed file. `records` holds the staff rows (blank lines left out), each as its trimmed cells,
 * including any cells beyond the last header. `rowNumbers[i]` is the spreadsheet row of
 * `records[i]`. `firstDataRow` is the row of the first line after a header on row 1; when
 * `rowNumbers` is absent, `validateRows` numbers `records[i]` as `firstDataRow + i`, which is
 * right only for a file without blank lines.
 */
export interface ParsedCsv {
  headers: string[];
  records: string[][];
  firstDataRow: 2;
  rowNumbers?: number[];
}

const FIRST_DATA_ROW = 2;

/** Largest number of data rows `parseCsv` accepts unless told otherwise. */
export const DEFAULT_MAX_ROWS = 100_000;
/** Longest staff number or line manager staff number. */
export const MAX_STAFF_NUMBER_LENGTH = 30;
/** Longest name, job title or directorate. */
export const MAX_TEXT_LENGTH = 200;
/** Longest email address (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]; // .xlsx, .ods and other zipped formats
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // legacy .xls

const EMPTY_FILE_MESSAGE =
  'The file is empty. Export the staff list again and check the CSV file has a header row and staff rows.';
const NOT_UTF8_MESSAGE =
  'The file is not UTF-8 text, so names with accents or symbols would be garbled. ' +
  'In Excel, choose File → Save As and pick "CSV UTF-8 (Comma delimited) (*.csv)", then upload the new file.';
const NOT_CSV_MESSAGE =
  'This is not a CSV file (it looks like a spreadsheet or other binary file). ' +
  'Export or save the staff list as CSV, not .xlsx: in Excel choose File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)".';

/**
 * Turns uploaded bytes into text. Accepts UTF-8 (with or without a byte order mark) and UTF-16
 * with a byte order mark; refuses spreadsheets and other binary files, text in another encoding,
 * and files with nothing but whitespace in them.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.length === 0) {
    throw new ImportFileError('EMPTY_FILE', EMPTY_FILE_MESSAGE);
  }
  const text = decodeBytes(bytes);
  if (text.includes('\u0000')) {
    throw new ImportFileError('NOT_CSV', NOT_CSV_MESSAGE);
  }
  if (text.trim() === '') {
    throw new ImportFileError('EMPTY_FILE', EMPTY_FILE_MESSAGE);
  }
  return text;
}

function decodeBytes(bytes: Uint8Array): string {
  if (startsWithBytes(bytes, UTF16LE_BOM)) {
    return decodeStrictly('utf-16le', bytes.subarray(UTF16LE_BOM.length));
  }
  if (startsWithBytes(bytes, UTF16BE_BOM)) {
    return decodeStrictly('utf-16be', bytes.subarray(UTF16BE_BOM.length));
  }
  if (looksBinary(bytes)) {
    throw new ImportFileError('NOT_CSV', NOT_CSV_MESSAGE);
  }
  const body = startsWithBytes(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  return decodeStrictly('utf-8', body);
}

function looksBinary(bytes: Uint8Array): boolean {
  return startsWithBytes(bytes, ZIP_SIGNATURE) || startsWithBytes(bytes, OLE2_SIGNATURE) || bytes.includes(0);
}

function decodeStrictly(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ImportFileError('ENCODING', NOT_UTF8_MESSAGE);
  }
}

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) {
    return false;
  }
  return prefix.every((value, index) => bytes[index] === value);
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Splits CSV text into a header row and data records. Handles quoted values (with commas, doubled
 * quotes and line breaks inside), CRLF or LF line ends, and trims every cell. A line whose cells
 * are all empty is blank: it is skipped but keeps its row number (see `rowNumbers`). Cells
 * beyond the last header are kept so `validateRows` can report them on their row. More than
 * `maxRows` staff rows (default 100,000) is refused.
 */
export function parseCsv(text: string, opts: { maxRows?: number } = {}): ParsedCsv {
  const collector = new RecordCollector(opts.maxRows ?? DEFAULT_MAX_ROWS);
  for (const record of readCsvRecords(text)) {
    collector.add(record);
  }
  return collector.finish();
}

function readCsvRecords(text: string): string[][] {
  try {
    return parse(text, {
      bom: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (err) {
    if (err instanceof CsvError) {
      throw malformedCsv(err);
    }
    throw err;
  }
}

function malformedCsv(err: CsvError): ImportFileError {
  // Every line, blank or not, is a record to the parser, so the broken record's row follows them.
  const row = (typeof err.records === 'number' ? err.records : 0) + 1;
  const fix = 'Put the whole value in double quotes and write any double quote inside it twice ("").';
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new ImportFileError(
      'NOT_CSV',
      `Row ${row} has a value that starts with a double quote (") that is never closed. ${fix}`,
    );
  }
  if (err.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE' || err.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return new ImportFileError(
      'NOT_CSV',
      `Row ${row} has a quoted value with more text after its closing double quote ("). ${fix}`,
    );
  }
  return new ImportFileError('NOT_CSV', `The file could not be read as CSV at row ${row}: ${err.message}`);
}

/** Receives CSV records in file order and builds a `ParsedCsv`, numbering rows as a spreadsheet does. */
class RecordCollector {
  private row = 0;
  private headers: string[] | null = null;
  private readonly records: string[][] = [];
  private readonly rowNumbers: number[] = [];

  constructor(private readonly maxRows: number) {}

  add(rawCells: string[]): void {
    this.row += 1;
    const cells = rawCells.map((cell) => cell.trim());
    if (isBlankRecord(cells)) {
      return;
    }
    if (this.headers === null) {
      this.headers = readHeaders(cells);
    } else {
      this.addDataRow(cells);
    }
  }

  finish(): ParsedCsv {
    if (this.headers === null) {
      throw new ImportFileError('EMPTY_FILE', EMPTY_FILE_MESSAGE);
    }
    if (this.records.length === 0) {
      throw new ImportFileError(
        'EMPTY_FILE',
        'The file has a header row but no staff rows. Check the export included the staff list and upload it again.',
      );
    }
    return {
      headers: this.headers,
      records: this.records,
      firstDataRow: FIRST_DATA_ROW,
      rowNumbers: this.rowNumbers,
    };
  }

  private addDataRow(cells: string[]): void {
    if (this.records.length >= this.maxRows) {
      throw tooManyRows(this.maxRows);
    }
    this.records.push(cells);
    this.rowNumbers.push(this.row);
  }
}

function isBlankRecord(cells: string[]): boolean {
  return cells.every((cell) => cell === '');
}

function tooManyRows(maxRows: number): ImportFileError {
  const limit = maxRows.toLocaleString('en-GB');
  return new ImportFileError(
    'TOO_MANY_ROWS',
    `The file has more than ${limit} staff rows, which is the most one import can take. ` +
      `Split it into files of ${limit} rows or fewer and import each one.`,
  );
}

/**
 * Takes the (trimmed) header cells as the file's columns. Empty header cells stay, so a file whose
 * rows all end in empty cells under empty headers, as spreadsheets often write, still lines up.
 */
function readHeaders(cells: string[]): string[] {
  rejectOtherSeparators(cells);
  rejectDuplicateHeaders(cells);
  return cells;
}

function rejectOtherSeparators(headers: string[]): void {
  const named = headers.filter((header) => header !== '');
  if (named.length !== 1) {
    return;
  }
  const separator = separatorName(named[0] ?? '');
  if (separator !== null) {
    throw new ImportFileError(
      'NOT_CSV',
      `The columns in this file are separated by ${separator}, not commas. ` +
        'Save it again as "CSV UTF-8 (Comma delimited) (*.csv)" and upload the new file.',
    );
  }
}

function separatorName(header: string): string | null {
  if (header.includes(';')) {
    return 'semicolons';
  }
  if (header.includes('\t')) {
    return 'tabs';
  }
  return null;
}

function rejectDuplicateHeaders(headers: string[]): void {
  const firstSeen = new Map<string, string>();
  const repeated = new Set<string>();
  for (const header of headers) {
    const key = header.toLowerCase();
    if (key === '') {
      continue;
    }
    const earlier = firstSeen.get(key);
    if (earlier === undefined) {
      firstSeen.set(key, header);
    } else {
      repeated.add(earlier);
    }
  }
  if (repeated.size > 0) {
    const names = [...repeated].map((name) => `"${name}"`);
    throw new ImportFileError(
      'DUPLICATE_HEADERS',
      `More than one column is called ${joinWords(names)}. Rename or remove the extra columns so each header is different.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Column mapping
// ---------------------------------------------------------------------------------------------

const HEADER_SYNONYMS: Record<StaffField, readonly string[]> = {
  staffNumber: [
    'Staff Number',
    'Employee Number',
    'Assignment Number',
    'Person Number',
    'Staff ID',
    'Employee ID',
  ],
  fullName: ['Full Name', 'Name', 'Employee Name'],
  firstName: ['First Name', 'Forename', 'Given Name'],
  lastName: ['Last Name', 'Surname', 'Family Name'],
  workEmail: ['Work Email', 'Email', 'Email Address', 'Work Email Address', 'NHS Mail'],
  jobTitle: ['Job Title', 'Position Title', 'Role'],
  band: ['Band', 'AfC Band', 'Pay Band', 'Grade'],
  directorate: ['Directorate', 'Department', 'Division', 'Organisation', 'Care Group'],
  lineManagerStaffNumber: [
    'Line Manager Staff Number',
    'Manager Staff Number',
    'Supervisor Employee Number',
    'Line Manager Number',
  ],
};

/** Reduces a header to lower-case letters and digits, so "Work E-mail" and "WORK_EMAIL" compare equal. */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Finds a header in the file equal to `wanted`, ignoring case and surrounding spaces. */
function findHeader(headers: string[], wanted: string | undefined): string | undefined {
  const target = wanted?.trim().toLowerCase();
  if (!target) {
    return undefined;
  }
  return headers.find((header) => header.toLowerCase() === target);
}

/**
 * Proposes which column holds each staff field. A mapping remembered from an earlier import wins
 * for every field whose column is in this file; the rest are matched against common ESR and HR
 * export headers, ignoring case, spaces and punctuation. No column is proposed for two fields.
 */
export function suggestMapping(headers: string[], remembered: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  const assign = (field: StaffField, header: string | undefined): void => {
    if (header !== undefined && header !== '' && !taken.has(header) && mapping[field] === undefined) {
      mapping[field] = header;
      taken.add(header);
    }
  };
  for (const field of STAFF_FIELDS) {
    assign(field, findHeader(headers, remembered[field]));
  }
  const headerByKey = indexHeadersByKey(headers);
  for (const field of STAFF_FIELDS) {
    for (const synonym of HEADER_SYNONYMS[field]) {
      assign(field, headerByKey.get(headerKey(synonym)));
    }
  }
  return mapping;
}

function indexHeadersByKey(headers: string[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const header of headers) {
    const key = headerKey(header);
    if (key !== '' && !byKey.has(key)) {
      byKey.set(key, header);
    }
  }
  return byKey;
}

/**
 * The required fields the mapping does not cover yet: staff number, work email, and a name, which
 * is either a full name or both a first and a last name. With no name column at all the answer is
 * `fullName`; with only one of first/last name it is the other one.
 */
export function missingRequired(mapping: ColumnMapping): StaffField[] {
  const has = (field: StaffField): boolean => (mapping[field]?.trim() ?? '') !== '';
  const missing = new Set<StaffField>();
  if (!has('staffNumber')) {
    missing.add('staffNumber');
  }
  if (!has('fullName')) {
    if (!has('firstName') && !has('lastName')) {
      missing.add('fullName');
    } else if (!has('firstName')) {
      missing.add('firstName');
    } else if (!has('lastName')) {
      missing.add('lastName');
    }
  }
  if (!has('workEmail')) {
    missing.add('workEmail');
  }
  return STAFF_FIELDS.filter((field) => missing.has(field));
}

interface Column {
  index: number;
  header: string;
}
type Columns = Partial<Record<StaffField, Column>>;

/** Resolves each mapped field to its column position, refusing a mapping that does not fit the file. */
function resolveColumns(headers: string[], mapping: ColumnMapping): Columns {
  const missing = missingRequired(mapping);
  if (missing.length > 0) {
    const labels = missing.map(missingFieldLabel);
    throw new ImportFileError(
      'MISSING_COLUMNS',
      `Choose the column that holds ${joinWords(labels)}, or add it to the file and upload it again.`,
    );
  }
  const columns: Columns = {};
  const absent: string[] = [];
  for (const field of STAFF_FIELDS) {
    const wanted = mapping[field]?.trim();
    if (!wanted) {
      continue;
    }
    const header = findHeader(headers, wanted);
    if (header === undefined) {
      absent.push(`"${wanted}" (${FIELD_LABELS[field]})`);
    } else {
      columns[field] = { index: headers.indexOf(header), header };
    }
  }
  if (absent.length > 0) {
    throw new ImportFileError(
      'MISSING_COLUMNS',
      `The file has no column called ${joinWords(absent)}. Choose the columns again for this file.`,
    );
  }
  return columns;
}

function missingFieldLabel(field: StaffField): string {
  if (field === 'fullName') {
    return `${FIELD_LABELS.fullName} (or ${FIELD_LABELS.firstName} and ${FIELD_LABELS.lastName})`;
  }
  return FIELD_LABELS[field];
}

// ---------------------------------------------------------------------------------------------
// Row validation
// ---------------------------------------------------------------------------------------------

const STAFF_NUMBER_PATTERN = /^[A-Za-z0-9_-]+$/;
const EMAIL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL_PATTERN = new RegExp(
  `^${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`,
);
const MAX_EMAIL_LOCAL_PART_LENGTH = 64;
const AFC_BAND_PATTERN = /^(?:agendaforchange|afc)?(?:band)?([1-79]|8[a-d])$/;
const OTHER_BAND_WORDS = new Set([
  'other',
  'medicalanddental',
  'medical&dental',
  'm&d',
  'medical',
  'doctor',
  'doctors',
  'consultant',
  'consultants',
]);
const BAND_SET: ReadonlySet<string> = new Set(BANDS);
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
const ROWS_LISTED_IN_MESSAGES = 5;
/** Two whitespace characters in a row, or any whitespace other than a plain space. */
const NEEDS_COLLAPSING = /\s\s|[^\S ]/;

interface Problem {
  column: string;
  reason: string;
}
type FieldCheck<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

function pass<T>(value: T): FieldCheck<T> {
  return { ok: true, value };
}

function fail<T>(column: string, reason: string): FieldCheck<T> {
  return { ok: false, problems: [{ column, reason }] };
}

/** Reads the cells of one record through the column mapping. */
class RecordReader {
  constructor(
    private readonly columns: Columns,
    private readonly cells: string[],
  ) {}

  has(field: StaffField): boolean {
    return this.columns[field] !== undefined;
  }

  value(field: StaffField): string {
    const column = this.columns[field];
    if (column === undefined) {
      return '';
    }
    return (this.cells[column.index] ?? '').trim();
  }

  column(field: StaffField): string {
    return this.columns[field]?.header ?? FIELD_LABELS[field];
  }
}

/**
 * The outcome for one record. `staffNumber` and `workEmail` are set whenever those cells are
 * valid, so the duplicate checks see them even on rows with other problems; `staff` is set only
 * when every field of the row is valid.
 */
interface CheckedRow {
  row: number;
  staffNumber: string | undefined;
  workEmail: string | undefined;
  staff: StaffRow | null;
  errors: RowError[];
}

/**
 * Checks every data record against the mapping and returns the rows that can be imported, one
 * error per problem found (in row order), and the staff numbers that appear on more than one row.
 * A row with any error, including a duplicate staff number or an email shared with another staff
 * number, is left out of `rows`. Throws `MISSING_COLUMNS` when the mapping lacks a required field
 * or names a column the file does not have.
 */
export function validateRows(
  parsed: ParsedCsv,
  mapping: ColumnMapping,
): { rows: StaffRow[]; errors: RowError[]; duplicates: DuplicateInFile[] } {
  const columns = resolveColumns(parsed.headers, mapping);
  const checked: CheckedRow[] = [];
  parsed.records.forEach((cells, index) => {
    if (!isBlankRecord(cells)) {
      const row = parsed.rowNumbers?.[index] ?? parsed.firstDataRow + index;
      checked.push(checkRecord(row, cells, parsed.headers.length, columns));
    }
  });
  const duplicates = findDuplicateStaffNumbers(checked);
  flagDuplicateStaffNumbers(checked, duplicates, columns);
  flagSharedEmails(checked, columns);
  return {
    rows: collectImportableRows(checked),
    errors: collectErrors(checked),
    duplicates,
  };
}

/**
 * A record with more cells than the file has columns is reported on its own: its cells have
 * probably shifted (an unquoted comma), so checking them field by field would only mislead.
 */
function checkRecord(row: number, cells: string[], columnCount: number, columns: Columns): CheckedRow {
  if (cells.length > columnCount) {
    const error = {
      row,
      column: `Column ${spreadsheetColumnName(columnCount + 1)}`,
      reason:
        `Row has ${cells.length} cells but the file has ${columnCount} columns ` +
        '(a value containing a comma must be in double quotes)',
    };
    return { row, staffNumber: undefined, workEmail: undefined, staff: null, errors: [error] };
  }
  return checkMappedRecord(row, new RecordReader(columns, cells));
}

function checkMappedRecord(row: number, reader: RecordReader): CheckedRow {
  const errors: RowError[] = [];
  const take = <T>(check: FieldCheck<T>): T | undefined => {
    if (check.ok) {
      return check.value;
    }
    for (const problem of check.problems) {
      errors.push({ row, column: problem.column, reason: problem.reason });
    }
    return undefined;
  };
  const staffNumber = take(checkStaffNumber(reader));
  const fullName = take(checkName(reader));
  const workEmail = take(checkEmail(reader));
  const jobTitle = take(checkOptionalText(reader, 'jobTitle'));
  const band = take(checkBand(reader));
  const directorate = take(checkOptionalText(reader, 'directorate'));
  const lineManagerStaffNumber = take(checkLineManager(reader, staffNumber));
  const staff: StaffRow = {
    row,
    staffNumber: staffNumber ?? '',
    fullName: fullName ?? '',
    workEmail: workEmail ?? '',
    jobTitle: jobTitle ?? null,
    band: band ?? null,
    directorate: directorate ?? null,
    lineManagerStaffNumber: lineManagerStaffNumber ?? null,
  };
  return { row, staffNumber, workEmail, staff: errors.length === 0 ? staff : null, errors };
}

function checkStaffNumber(reader: RecordReader): FieldCheck<string> {
  const value = reader.value('staffNumber');
  const column = reader.column('staffNumber');
  const label = FIELD_LABELS.staffNumber;
  if (value === '') {
    return fail(column, `${label} is missing`);
  }
  const problem = staffNumberProblem(value, label);
  return problem === null ? pass(value) : fail(column, problem);
}

function staffNumberProblem(value: string, label: string): string | null {
  if (startsWithFormulaTrigger(value)) {
    return formulaReason(label, value);
  }
  if (value.length > MAX_STAFF_NUMBER_LENGTH) {
    return `${label} is longer than ${MAX_STAFF_NUMBER_LENGTH} characters`;
  }
  if (!STAFF_NUMBER_PATTERN.test(value)) {
    return `${label} ${quoted(value)} can only contain letters, numbers, hyphens (-) and underscores (_)`;
  }
  return null;
}

function checkLineManager(
  reader: RecordReader,
  ownStaffNumber: string | undefined,
): FieldCheck<string | null> {
  const label = FIELD_LABELS.lineManagerStaffNumber;
  const value = reader.value('lineManagerStaffNumber');
  const column = reader.column('lineManagerStaffNumber');
  if (value === '') {
    return pass(null);
  }
  const problem = staffNumberProblem(value, label);
  if (problem !== null) {
    return fail(column, problem);
  }
  if (value === ownStaffNumber) {
    return fail(column, `${label} is this person's own staff number; nobody can be their own line manager`);
  }
  return pass(value);
}

/** A full name when the row has one, otherwise first and last name joined with a space. */
function checkName(reader: RecordReader): FieldCheck<string> {
  const fullName = collapseSpaces(reader.value('fullName'));
  const canJoin = reader.has('firstName') && reader.has('lastName');
  if (fullName !== '' || !canJoin) {
    return checkFullName(fullName, reader.column('fullName'));
  }
  const firstName = collapseSpaces(reader.value('firstName'));
  const lastName = collapseSpaces(reader.value('lastName'));
  const problems: Problem[] = [];
  if (firstName === '') {
    problems.push({ column: reader.column('firstName'), reason: `${FIELD_LABELS.firstName} is missing` });
  }
  if (lastName === '') {
    problems.push({ column: reader.column('lastName'), reason: `${FIELD_LABELS.lastName} is missing` });
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const tooLong = `First and last name together are longer than ${MAX_TEXT_LENGTH} characters`;
  return checkNameLength(`${firstName} ${lastName}`, reader.column('firstName'), tooLong);
}

function checkFullName(fullName: string, column: string): FieldCheck<string> {
  if (fullName === '') {
    return fail(column, `${FIELD_LABELS.fullName} is missing`);
  }
  const tooLong = `${FIELD_LABELS.fullName} is longer than ${MAX_TEXT_LENGTH} characters`;
  return checkNameLength(fullName, column, tooLong);
}

function checkNameLength(name: string, column: string, tooLong: string): FieldCheck<string> {
  const safe = neutraliseFormula(name);
  return safe.length > MAX_TEXT_LENGTH ? fail(column, tooLong) : pass(safe);
}

function checkEmail(reader: RecordReader): FieldCheck<string> {
  const label = FIELD_LABELS.workEmail;
  const column = reader.column('workEmail');
  const value = reader.value('workEmail');
  if (value === '') {
    return fail(column, `${label} is missing`);
  }
  if (startsWithFormulaTrigger(value)) {
    return fail(column, formulaReason(label, value));
  }
  if (value.length > MAX_EMAIL_LENGTH) {
    return fail(column, `${label} is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  const email = value.toLowerCase();
  if (!isValidEmail(email)) {
    const reason = `${label} ${quoted(value)} is not a valid email address (it should look like name@trust.nhs.uk)`;
    return fail(column, reason);
  }
  return pass(email);
}

function isValidEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && at <= MAX_EMAIL_LOCAL_PART_LENGTH && EMAIL_PATTERN.test(email);
}

function checkBand(reader: RecordReader): FieldCheck<Band | null> {
  const label = FIELD_LABELS.band;
  const column = reader.column('band');
  const value = reader.value('band');
  if (value === '') {
    return pass(null);
  }
  if (startsWithFormulaTrigger(value)) {
    return fail(column, formulaReason(label, value));
  }
  const band = normaliseBand(value);
  if (band === null) {
    return fail(
      column,
      `${label} ${quoted(value)} is not an Agenda for Change band (use 1–9, 8a–8d, or other)`,
    );
  }
  return pass(band);
}

/** Reads "Band 6", "band 8A", "8 a", "AfC 8c", "Medical and Dental", "M&D" and the like. */
function normaliseBand(value: string): Band | null {
  const lower = value.toLowerCase();
  if (OTHER_BAND_WORDS.has(lower.replace(/[^a-z0-9&]/g, ''))) {
    return 'other';
  }
  const match = AFC_BAND_PATTERN.exec(lower.replace(/[^a-z0-9]/g, ''));
  const band = match?.[1];
  return band !== undefined && isBand(band) ? band : null;
}

function isBand(value: string): value is Band {
  return BAND_SET.has(value);
}

function checkOptionalText(
  reader: RecordReader,
  field: 'jobTitle' | 'directorate',
): FieldCheck<string | null> {
  const value = collapseSpaces(reader.value(field));
  if (value === '') {
    return pass(null);
  }
  const safe = neutraliseFormula(value);
  if (safe.length > MAX_TEXT_LENGTH) {
    return fail(reader.column(field), `${FIELD_LABELS[field]} is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  return pass(safe);
}

function findDuplicateStaffNumbers(checked: CheckedRow[]): DuplicateInFile[] {
  const rowsByStaffNumber = groupRows(checked, (entry) => entry.staffNumber);
  const duplicates: DuplicateInFile[] = [];
  for (const [staffNumber, group] of rowsByStaffNumber) {
    if (group.length > 1) {
      duplicates.push({ staffNumber, rows: group.map((entry) => entry.row) });
    }
  }
  return duplicates;
}

function flagDuplicateStaffNumbers(
  checked: CheckedRow[],
  duplicates: DuplicateInFile[],
  columns: Columns,
): void {
  if (duplicates.length === 0) {
    return;
  }
  const byRow = new Map(checked.map((entry) => [entry.row, entry]));
  const column = columns.staffNumber?.header ?? FIELD_LABELS.staffNumber;
  for (const { staffNumber, rows } of duplicates) {
    const reason = `${FIELD_LABELS.staffNumber} ${staffNumber} appears on ${describeRows(rows)}`;
    for (const row of rows) {
      byRow.get(row)?.errors.push({ row, column, reason });
    }
  }
}

function flagSharedEmails(checked: CheckedRow[], columns: Columns): void {
  const column = columns.workEmail?.header ?? FIELD_LABELS.workEmail;
  const rowsByEmail = groupRows(checked, (entry) =>
    entry.staffNumber === undefined ? undefined : entry.workEmail,
  );
  for (const [email, group] of rowsByEmail) {
    const staffNumbers = new Set(group.map((entry) => entry.staffNumber));
    if (staffNumbers.size < 2) {
      continue;
    }
    const rows = group.map((entry) => entry.row);
    const reason = `${FIELD_LABELS.workEmail} ${email} appears on ${describeRows(rows)} with different staff numbers`;
    for (const entry of group) {
      entry.errors.push({ row: entry.row, column, reason });
    }
  }
}

/** Groups rows by a key, leaving out rows where the key is undefined; groups keep file order. */
function groupRows(
  checked: CheckedRow[],
  keyOf: (entry: CheckedRow) => string | undefined,
): Map<string, CheckedRow[]> {
  const groups = new Map<string, CheckedRow[]>();
  for (const entry of checked) {
    const key = keyOf(entry);
    if (key === undefined) {
      continue;
    }
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, [entry]);
    } else {
      group.push(entry);
    }
  }
  return groups;
}

function collectImportableRows(checked: CheckedRow[]): StaffRow[] {
  const rows: StaffRow[] = [];
  for (const { staff, errors } of checked) {
    if (staff !== null && errors.length === 0) {
      rows.push(staff);
    }
  }
  return rows;
}

function collectErrors(checked: CheckedRow[]): RowError[] {
  const errors: RowError[] = [];
  for (const entry of checked) {
    errors.push(...entry.errors);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Formula safety and export
// ---------------------------------------------------------------------------------------------

/**
 * Makes a value safe to open in a spreadsheet: a value starting with =, +, -, @, a tab or a
 * carriage return gets a leading single quote so it is shown as text rather than run as a formula
 * (OWASP CSV injection guidance). Other values, including already neutralised ones, are unchanged.
 */
export function neutraliseFormula(value: string): string {
  return startsWithFormulaTrigger(value) ? `'${value}` : value;
}

function startsWithFormulaTrigger(value: string): boolean {
  return FORMULA_TRIGGERS.some((trigger) => value.startsWith(trigger));
}

function formulaReason(label: string, value: string): string {
  return `${label} starts with ${describeCharacter(value.charAt(0))}, which spreadsheets treat as a formula; remove it`;
}

function describeCharacter(character: string): string {
  if (character === '\t') {
    return 'a tab';
  }
  if (character === '\r') {
    return 'a carriage return';
  }
  return `"${character}"`;
}

/**
 * Writes rows as RFC 4180 CSV with CRLF line ends. Strings are passed through `neutraliseFormula`
 * and quoted when they contain a comma, a double quote or a line break; null becomes an empty cell.
 */
export function toCsv(rows: (string | number | null)[][]): string {
  return rows.map((row) => `${row.map(formatCsvCell).join(',')}\r\n`).join('');
}

function formatCsvCell(cell: string | number | null): string {
  if (cell === null) {
    return '';
  }
  const text = typeof cell === 'number' ? String(cell) : neutraliseFormula(cell);
  if (/[",\r\n]/.test(text)) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Wording helpers
// ---------------------------------------------------------------------------------------------

/** "rows 4 and 17", "rows 4, 17 and 30", or the first few followed by "and 12 more". */
function describeRows(rows: number[]): string {
  if (rows.length > ROWS_LISTED_IN_MESSAGES) {
    const listed = rows.slice(0, ROWS_LISTED_IN_MESSAGES).join(', ');
    return `rows ${listed} and ${rows.length - ROWS_LISTED_IN_MESSAGES} more`;
  }
  return `rows ${joinWords(rows.map(String))}`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) {
    return words.join('');
  }
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function quoted(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `'${shown}'`;
}

/** Turns runs of whitespace (including line breaks) into single spaces and trims the ends. */
function collapseSpaces(value: string): string {
  if (!NEEDS_COLLAPSING.test(value)) {
    return value.trim();
  }
  return value.replace(/\s+/g, ' ').trim();
}

/** 1 → "A", 26 → "Z", 27 → "AA", as spreadsheets name their columns. */
function spreadsheetColumnName(position: number): string {
  let name = '';
  let remaining = position;
  while (remaining > 0) {
    const digit = (remaining - 1) % 26;
    name = String.fromCharCode(65 + digit) + name;
    remaining = Math.floor((remaining - 1) / 26);
  }
  return name;
}
