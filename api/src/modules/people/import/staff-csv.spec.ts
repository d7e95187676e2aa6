import { describe, expect, it } from 'vitest';
import {
  BANDS,
  ColumnMapping,
  decodeCsv,
  FIELD_LABELS,
  ImportFileError,
  missingRequired,
  neutraliseFormula,
  parseCsv,
  STAFF_FIELDS,
  StaffField,
  suggestMapping,
  toCsv,
  validateRows,
} from './staff-csv.js';

// ---------------------------------------------------------------------------------------------
// An ESR-style export, built row by row
// ---------------------------------------------------------------------------------------------

const ESR_HEADERS = [
  'Employee Number',
  'First Name',
  'Last Name',
  'Work Email Address',
  'Position Title',
  'Pay Band',
  'Organisation',
  'Supervisor Employee Number',
] as const;
type EsrColumn = (typeof ESR_HEADERS)[number];
type EsrPerson = Record<EsrColumn, string>;

const ESR_MAPPING: ColumnMapping = {
  staffNumber: 'Employee Number',
  firstName: 'First Name',
  lastName: 'Last Name',
  workEmail: 'Work Email Address',
  jobTitle: 'Position Title',
  band: 'Pay Band',
  directorate: 'Organisation',
  lineManagerStaffNumber: 'Supervisor Employee Number',
};

/** A valid ESR row for person `n`, with any cells replaced. */
function esrPerson(n: number, changes: Partial<EsrPerson> = {}): EsrPerson {
  return {
    'Employee Number': `2${String(n).padStart(7, '0')}`,
    'First Name': `Forename${n}`,
    'Last Name': `Surname${n}`,
    'Work Email Address': `person${n}@trust.nhs.uk`,
    'Position Title': 'Staff Nurse',
    'Pay Band': 'Band 5',
    Organisation: 'Medicine',
    'Supervisor Employee Number': '',
    ...changes,
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

function esrFile(people: EsrPerson[]): string {
  const lines = [csvLine(ESR_HEADERS), ...people.map((person) => csvLine(ESR_HEADERS.map((h) => person[h])))];
  return `${lines.join('\r\n')}\r\n`;
}

function importEsr(people: EsrPerson[]) {
  return validateRows(parseCsv(esrFile(people)), ESR_MAPPING);
}

/** Imports one changed person on row 2 and returns the result. */
function importOne(changes: Partial<EsrPerson>) {
  return importEsr([esrPerson(1, changes)]);
}

function fileError(action: () => unknown): ImportFileError {
  try {
    action();
  } catch (err) {
    if (err instanceof ImportFileError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// ---------------------------------------------------------------------------------------------
// decodeCsv
// ---------------------------------------------------------------------------------------------

describe('decodeCsv', () => {
  it('reads UTF-8 and strips a byte order mark', () => {
    const text = 'Employee Number,Full Name\n00012345,Zoë Brontë';
    expect(decodeCsv(utf8(text))).toBe(text);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const decoded = decodeCsv(withBom);
    expect(decoded).toBe(text);
    expect(decoded.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads UTF-16 little- and big-endian files that start with a byte order mark', () => {
    const text = 'Employee Number,Full Name\r\n00012345,Siobhán Ó Dálaigh';
    const littleEndian = Buffer.from(`\ufeff${text}`, 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    expect([...bigEndian.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(decodeCsv(littleEndian)).toBe(text);
    expect(decodeCsv(bigEndian)).toBe(text);
  });

  it('refuses text in another encoding and says how to save as UTF-8', () => {
    // "Zoë" saved by Excel as Windows-1252: ë is the single byte 0xEB.
    const windows1252 = new Uint8Array([...utf8('Employee Number,Full Name\n1,Zo'), 0xeb]);
    const err = fileError(() => decodeCsv(windows1252));
    expect(err.code).toBe('ENCODING');
    expect(err.message).toContain('not UTF-8');
    expect(err.message).toContain('CSV UTF-8 (Comma delimited)');
    expect(err.message).toContain('Save As');

    const bomThenBadBytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Name\n'), 0xc3, 0x28]);
    expect(fileError(() => decodeCsv(bomThenBadBytes)).code).toBe('ENCODING');
  });

  it('calls a file with nothing but whitespace empty', () => {
    for (const bytes of [new Uint8Array(), utf8(' \r\n\t\n  '), new Uint8Array([0xef, 0xbb, 0xbf, 0x0a])]) {
      const err = fileError(() => decodeCsv(bytes));
      expect(err.code).toBe('EMPTY_FILE');
      expect(err.message).toMatch(/^The file is empty/);
    }
  });

  it('refuses spreadsheets and binary files, asking for CSV rather than .xlsx', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('[Content_Types].xml')]);
    const legacyXls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...utf8('Workbook')]);
    const withNul = utf8('Employee Number,Full Name\n1,Amara\u0000Okafor');
    const image = new Uint8Array([0x89, ...utf8('PNG\r\n'), 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const utf16WithoutBom = Buffer.from('Employee Number,Full Name', 'utf16le');
    const utf16WithNul = Buffer.from('\ufeffEmployee Number\u0000Full Name', 'utf16le');
    for (const bytes of [xlsx, legacyXls, withNul, image, utf16WithoutBom, utf16WithNul]) {
      const err = fileError(() => decodeCsv(bytes));
      expect(err.code).toBe('NOT_CSV');
      expect(err.message).toContain('CSV');
      expect(err.message).toContain('not .xlsx');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// parseCsv
// ---------------------------------------------------------------------------------------------

describe('parseCsv', () => {
  it('reads quoted values containing commas, doubled quotes and line breaks, and trims cells', () => {
    const text =
      'Employee Number , Full Name,Work Email,Job Title\r\n' +
      ' 00012345 , "Okafor, Amara" ,amara@trust.nhs.uk,"Nurse ""Band 5"" lead"\r\n' +
      '00012346,"  Priya\r\nShah  ",priya@trust.nhs.uk,Matron\r\n';
    const parsed = parseCsv(text);
    expect(parsed.headers).toEqual(['Employee Number', 'Full Name', 'Work Email', 'Job Title']);
    expect(parsed.records).toEqual([
      ['00012345', 'Okafor, Amara', 'amara@trust.nhs.uk', 'Nurse "Band 5" lead'],
      ['00012346', 'Priya\r\nShah', 'priya@trust.nhs.uk', 'Matron'],
    ]);
    expect(parsed.firstDataRow).toBe(2);
  });

  it('reads LF and CRLF files alike', () => {
    const lines = ['Employee Number,Full Name', '1,"Reid, Tom"', '2,Amara Okafor'];
    expect(parseCsv(lines.join('\n'))).toEqual(parseCsv(lines.join('\r\n')));
    expect(parseCsv(lines.join('\n')).records).toEqual([
      ['1', 'Reid, Tom'],
      ['2', 'Amara Okafor'],
    ]);
  });

  it('numbers rows as a spreadsheet does: one row per record, blank lines skipped but counted', () => {
    const text = [
      'Employee Number,Full Name,Work Email', // row 1
      '1,Amara Okafor,amara@trust.nhs.uk', // row 2
      '2,"Priya', // row 3 starts: a quoted name over two lines
      'Shah",priya@trust.nhs.uk', // ... still row 3
      '', // row 4: blank
      ' , , ', // row 5: only empty cells
      '3,Tom Reid,not-an-email', // row 6 (line 7 of the file)
      '',
      '',
    ].join('\n');
    const parsed = parseCsv(text);
    expect(parsed.records.map((cells) => cells[0])).toEqual(['1', '2', '3']);
    expect(parsed.rowNumbers).toEqual([2, 3, 6]);

    const result = validateRows(parsed, {
      staffNumber: 'Employee Number',
      fullName: 'Full Name',
      workEmail: 'Work Email',
    });
    expect(result.rows.map((r) => [r.row, r.fullName])).toEqual([
      [2, 'Amara Okafor'],
      [3, 'Priya Shah'],
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 6, column: 'Work Email' });
  });

  it('counts rows from the first data line when a parsed file carries no row numbers', () => {
    const parsed = {
      headers: ['Staff Number', 'Name', 'Email'],
      records: [['1', 'Amara Okafor', 'amara@trust.nhs.uk'], [], ['', '', ''], ['2', 'Priya Shah', 'priya@']],
      firstDataRow: 2 as const,
    };
    const result = validateRows(parsed, {
      staffNumber: 'Staff Number',
      fullName: 'Name',
      workEmail: 'Email',
    });
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.errors.map((e) => e.row)).toEqual([5]);
  });

  it('trims headers and keeps empty header cells as unnamed columns', () => {
    const parsed = parseCsv(' Employee Number ,  Email ,,\n1,a@trust.nhs.uk,,\n');
    expect(parsed.headers).toEqual(['Employee Number', 'Email', '', '']);
    expect(suggestMapping(parsed.headers)).toEqual({ staffNumber: 'Employee Number', workEmail: 'Email' });
  });

  it('refuses headers that repeat, ignoring case, and names them', () => {
    const err = fileError(() => parseCsv('Email,Name,Staff Number,EMAIL ,name\n1,2,3,4,5\n'));
    expect(err.code).toBe('DUPLICATE_HEADERS');
    expect(err.message).toContain('"Email"');
    expect(err.message).toContain('"Name"');
    expect(err.message).not.toContain('Staff Number');
  });

  it('keeps cells beyond the last header so the row, not the file, is reported', () => {
    // An unquoted comma in the position title pushes every later cell one column right.
    const file =
      esrFile([esrPerson(1)]) +
      '20000002,Tom,Reid,tom.reid@trust.nhs.uk,Nurse, Band 5,Band 5,Medicine,00054321\r\n' +
      csvLine(ESR_HEADERS.map((h) => esrPerson(3)[h])) +
      '\r\n';
    const parsed = parseCsv(file);
    expect(parsed.records[1]).toHaveLength(9);
    expect(parsed.records[1]?.[5]).toBe('Band 5');

    const result = validateRows(parsed, ESR_MAPPING);
    expect(result.errors).toEqual([
      {
        row: 3,
        column: 'Column I',
        reason: expect.stringContaining('Row has 9 cells but the file has 8 columns'),
      },
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('reports extra cells even when the last of them is empty', () => {
    const file =
      esrFile([esrPerson(1)]) + '20000002,Tom,Reid,tom.reid@trust.nhs.uk,Nurse, Band 5,Band 5,Medicine,\r\n';
    const result = validateRows(parseCsv(file), ESR_MAPPING);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 3, column: 'Column I' });
    expect(result.errors[0]?.reason).toContain('Row has 9 cells but the file has 8 columns');
    expect(result.rows.map((r) => r.row)).toEqual([2]);
  });

  it('accepts rows padded to the width of an unnamed header cell, and rows with fewer cells', () => {
    const text =
      'Employee Number,Full Name,Work Email,Job Title,Band,,\n' +
      '1,Amara Okafor,amara@trust.nhs.uk,,,,\n' +
      '2,Priya Shah,priya@trust.nhs.uk\n';
    const result = validateRows(parseCsv(text), {
      staffNumber: 'Employee Number',
      fullName: 'Full Name',
      workEmail: 'Work Email',
      jobTitle: 'Job Title',
      band: 'Band',
    });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.staffNumber, r.jobTitle, r.band])).toEqual([
      ['1', null, null],
      ['2', null, null],
    ]);
  });

  it('refuses more data rows than the limit, stating the limit; blank lines do not count', () => {
    const header = 'Employee Number\n';
    expect(parseCsv(`${header}1\n\n2\n\n3\n\n`, { maxRows: 3 }).records).toHaveLength(3);
    const err = fileError(() => parseCsv(`${header}1\n2\n3\n4\n`, { maxRows: 3 }));
    expect(err.code).toBe('TOO_MANY_ROWS');
    expect(err.message).toContain('more than 3 staff rows');
  });

  it('allows 100,000 data rows by default and refuses 100,001', () => {
    const rows = (count: number) => `Employee Number\n${'1\n'.repeat(count)}`;
    expect(parseCsv(rows(100_000)).records).toHaveLength(100_000);
    const err = fileError(() => parseCsv(rows(100_001)));
    expect(err.code).toBe('TOO_MANY_ROWS');
    expect(err.message).toContain('100,000');
  });

  it('calls a header with no staff rows, or a file of empty cells, empty', () => {
    for (const text of ['Employee Number,Full Name\r\n', 'Employee Number,Full Name\n\n , \n']) {
      const err = fileError(() => parseCsv(text));
      expect(err.code).toBe('EMPTY_FILE');
      expect(err.message).toMatch(/^The file has a header row but no staff/);
    }
    const err = fileError(() => parseCsv(',,,\n , ,\n'));
    expect(err.code).toBe('EMPTY_FILE');
    expect(err.message).toMatch(/^The file is empty/);
  });

  it('reports a quote that is never closed with the row it starts on', () => {
    const err = fileError(() =>
      parseCsv('Employee Number,Full Name\n1,Amara Okafor\n2,"Priya Shah\n3,Tom Reid\n'),
    );
    expect(err.code).toBe('NOT_CSV');
    expect(err.message).toContain('Row 3');
    expect(err.message).toContain('never closed');
  });

  it('tolerates stray quotes inside unquoted values', () => {
    const parsed = parseCsv('Employee Number,Full Name\n1,Dave "Bud" Smith\n');
    expect(parsed.records[0]?.[1]).toBe('Dave "Bud" Smith');
  });

  it('explains a file separated by semicolons or tabs', () => {
    const semicolons = fileError(() => parseCsv('Employee Number;Full Name\n1;Amara Okafor\n'));
    expect(semicolons.code).toBe('NOT_CSV');
    expect(semicolons.message).toContain('semicolons');
    const tabs = fileError(() => parseCsv('Employee Number\tFull Name\n1\tAmara Okafor\n'));
    expect(tabs.message).toContain('tabs');
  });
});

// ---------------------------------------------------------------------------------------------
// suggestMapping and missingRequired
// ---------------------------------------------------------------------------------------------

describe('suggestMapping', () => {
  it('maps an ESR export completely', () => {
    expect(suggestMapping([...ESR_HEADERS])).toEqual(ESR_MAPPING);
  });

  const synonyms: [StaffField, string[]][] = [
    [
      'staffNumber',
      ['Staff Number', 'Employee Number', 'Assignment Number', 'Person Number', 'Staff ID', 'Employee ID'],
    ],
    ['fullName', ['Full Name', 'Name', 'Employee Name']],
    ['firstName', ['First Name', 'Forename', 'Given Name']],
    ['lastName', ['Last Name', 'Surname', 'Family Name']],
    ['workEmail', ['Work Email', 'Email', 'Email Address', 'Work Email Address', 'NHS Mail']],
    ['jobTitle', ['Job Title', 'Position Title', 'Role']],
    ['band', ['Band', 'AfC Band', 'Pay Band', 'Grade']],
    ['directorate', ['Directorate', 'Department', 'Division', 'Organisation', 'Care Group']],
    [
      'lineManagerStaffNumber',
      [
        'Line Manager Staff Number',
        'Manager Staff Number',
        'Supervisor Employee Number',
        'Line Manager Number',
      ],
    ],
  ];
  for (const [field, names] of synonyms) {
    it(`recognises the usual headers for ${field}, whatever their case, spacing or punctuation`, () => {
      for (const name of names) {
        const shouted = name.toUpperCase().replaceAll(' ', '_');
        const squashed = name.toLowerCase().replaceAll(' ', '');
        for (const header of [name, shouted, squashed, `${name}.`]) {
          expect(suggestMapping(['Unrelated', header])).toEqual({ [field]: header });
        }
      }
    });
  }

  it('matches e-mail and other punctuation variants', () => {
    expect(suggestMapping(['staff-number', 'E-mail', 'forename', 'SURNAME', 'job  title'])).toEqual({
      staffNumber: 'staff-number',
      workEmail: 'E-mail',
      firstName: 'forename',
      lastName: 'SURNAME',
      jobTitle: 'job  title',
    });
  });

  it('prefers the staff number over the assignment number when a file has both', () => {
    const mapping = suggestMapping(['Assignment Number', 'Employee Number', 'Full Name', 'Email']);
    expect(mapping.staffNumber).toBe('Employee Number');
  });

  it('lets a remembered mapping win for each field whose column is in the file', () => {
    const headers = [...ESR_HEADERS, 'Assignment Number'];
    const remembered: ColumnMapping = { staffNumber: 'assignment number', band: 'AfC Grade Code' };
    const mapping = suggestMapping(headers, remembered);
    expect(mapping.staffNumber).toBe('Assignment Number');
    expect(mapping.band).toBe('Pay Band');
    expect(mapping.workEmail).toBe('Work Email Address');
  });

  it('never maps two fields to one column', () => {
    const remembered: ColumnMapping = {
      staffNumber: 'Employee Number',
      lineManagerStaffNumber: 'Employee Number',
      jobTitle: 'Organisation',
    };
    const mapping = suggestMapping([...ESR_HEADERS], remembered);
    expect(mapping.staffNumber).toBe('Employee Number');
    expect(mapping.lineManagerStaffNumber).toBe('Supervisor Employee Number');
    expect(mapping.jobTitle).toBe('Organisation');
    expect(mapping.directorate).toBeUndefined();
    const used = Object.values(mapping);
    expect(new Set(used).size).toBe(used.length);
  });

  it('proposes nothing for headers it does not know', () => {
    expect(suggestMapping(['Colour', 'Shoe size', ''])).toEqual({});
  });
});

describe('missingRequired', () => {
  it('asks for staff number, a name and a work email', () => {
    expect(missingRequired({})).toEqual(['staffNumber', 'fullName', 'workEmail']);
    expect(missingRequired({ fullName: 'Name' })).toEqual(['staffNumber', 'workEmail']);
    expect(missingRequired({ staffNumber: 'Staff Number', fullName: 'Name', workEmail: '  ' })).toEqual([
      'workEmail',
    ]);
  });

  it('accepts a full name or both first and last name', () => {
    expect(missingRequired(ESR_MAPPING)).toEqual([]);
    expect(missingRequired({ staffNumber: 'S', fullName: 'N', workEmail: 'E' })).toEqual([]);
    expect(missingRequired({ staffNumber: 'S', firstName: 'F', workEmail: 'E' })).toEqual(['lastName']);
    expect(missingRequired({ staffNumber: 'S', lastName: 'L', workEmail: 'E' })).toEqual(['firstName']);
  });
});

// ---------------------------------------------------------------------------------------------
// validateRows
// ---------------------------------------------------------------------------------------------

describe('validateRows', () => {
  it('imports a realistic ESR export', () => {
    const result = importEsr([
      {
        'Employee Number': '00012345',
        'First Name': 'Amara',
        'Last Name': 'Okafor',
        'Work Email Address': ' Amara.Okafor@Trust.NHS.uk ',
        'Position Title': 'Staff Nurse',
        'Pay Band': 'Band 5',
        Organisation: 'Emergency Department',
        'Supervisor Employee Number': '00054321',
      },
      {
        'Employee Number': '00054321',
        'First Name': 'Priya',
        'Last Name': 'Shah',
        'Work Email Address': 'priya.shah@trust.nhs.uk',
        'Position Title': 'Ward   Manager',
        'Pay Band': 'band 8A',
        Organisation: 'Emergency Department',
        'Supervisor Employee Number': '',
      },
      {
        'Employee Number': '12000001',
        'First Name': 'Tom',
        'Last Name': 'Reid',
        'Work Email Address': 'tom.reid@trust.nhs.uk',
        'Position Title': 'Consultant Physician',
        'Pay Band': 'Medical and Dental',
        Organisation: 'Medicine',
        'Supervisor Employee Number': '',
      },
      {
        'Employee Number': '345-2',
        'First Name': 'Siobhán',
        'Last Name': 'Ó Dálaigh',
        'Work Email Address': 's.odalaigh@nhs.net',
        'Position Title': '',
        'Pay Band': '',
        Organisation: '',
        'Supervisor Employee Number': '00054321',
      },
    ]);
    expect(result.errors).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.rows).toEqual([
      {
        row: 2,
        staffNumber: '00012345',
        fullName: 'Amara Okafor',
        workEmail: 'amara.okafor@trust.nhs.uk',
        jobTitle: 'Staff Nurse',
        band: '5',
        directorate: 'Emergency Department',
        lineManagerStaffNumber: '00054321',
      },
      {
        row: 3,
        staffNumber: '00054321',
        fullName: 'Priya Shah',
        workEmail: 'priya.shah@trust.nhs.uk',
        jobTitle: 'Ward Manager',
        band: '8a',
        directorate: 'Emergency Department',
        lineManagerStaffNumber: null,
      },
      {
        row: 4,
        staffNumber: '12000001',
        fullName: 'Tom Reid',
        workEmail: 'tom.reid@trust.nhs.uk',
        jobTitle: 'Consultant Physician',
        band: 'other',
        directorate: 'Medicine',
        lineManagerStaffNumber: null,
      },
      {
        row: 5,
        staffNumber: '345-2',
        fullName: 'Siobhán Ó Dálaigh',
        workEmail: 's.odalaigh@nhs.net',
        jobTitle: null,
        band: null,
        directorate: null,
        lineManagerStaffNumber: '00054321',
      },
    ]);
  });

  describe('staff number', () => {
    it('is required', () => {
      const result = importOne({ 'Employee Number': '  ' });
      expect(result.errors).toEqual([
        { row: 2, column: 'Employee Number', reason: 'Staff number is missing' },
      ]);
      expect(result.rows).toEqual([]);
    });

    it('allows only letters, digits, hyphens and underscores, up to 30 characters', () => {
      expect(importOne({ 'Employee Number': 'Emp_01-a' }).rows[0]?.staffNumber).toBe('Emp_01-a');
      expect(importOne({ 'Employee Number': '9'.repeat(30) }).rows).toHaveLength(1);

      const tooLong = importOne({ 'Employee Number': '9'.repeat(31) });
      expect(tooLong.errors).toEqual([
        { row: 2, column: 'Employee Number', reason: 'Staff number is longer than 30 characters' },
      ]);
      for (const bad of ['AB 123', '123/4', '12.5', 'Nº123']) {
        const result = importOne({ 'Employee Number': bad });
        expect(result.rows).toEqual([]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]?.column).toBe('Employee Number');
        expect(result.errors[0]?.reason).toContain(`'${bad}' can only contain letters, numbers`);
      }
    });

    it('keeps leading zeros', () => {
      expect(importOne({ 'Employee Number': '000123' }).rows[0]?.staffNumber).toBe('000123');
    });
  });

  describe('name', () => {
    const fullNameFile = (name: string) =>
      `Staff Number,Full Name,Email\n1,${csvCell(name)},a@trust.nhs.uk\n`;
    const fullNameMapping: ColumnMapping = {
      staffNumber: 'Staff Number',
      fullName: 'Full Name',
      workEmail: 'Email',
    };

    it('comes from a full name column, with spaces tidied', () => {
      const result = validateRows(parseCsv(fullNameFile('  Jane   Doe ')), fullNameMapping);
      expect(result.rows[0]?.fullName).toBe('Jane Doe');
    });

    it('is required', () => {
      const result = validateRows(parseCsv(fullNameFile('')), fullNameMapping);
      expect(result.errors).toEqual([{ row: 2, column: 'Full Name', reason: 'Full name is missing' }]);
    });

    it('joins first and last name with a space, each of which is required', () => {
      expect(importOne({ 'First Name': 'Amara', 'Last Name': 'Okafor' }).rows[0]?.fullName).toBe(
        'Amara Okafor',
      );
      expect(importOne({ 'First Name': '' }).errors).toEqual([
        { row: 2, column: 'First Name', reason: 'First name is missing' },
      ]);
      expect(importOne({ 'Last Name': '' }).errors).toEqual([
        { row: 2, column: 'Last Name', reason: 'Last name is missing' },
      ]);
    });

    it('uses first and last name when the full name column is empty', () => {
      const text =
        'Staff Number,Name,Forename,Surname,Email\n1,,Amara,Okafor,a@trust.nhs.uk\n2,Priya Shah,,,p@trust.nhs.uk\n';
      const result = validateRows(parseCsv(text), suggestMapping(parseCsv(text).headers));
      expect(result.errors).toEqual([]);
      expect(result.rows.map((r) => r.fullName)).toEqual(['Amara Okafor', 'Priya Shah']);
    });

    it('is at most 200 characters', () => {
      const fits = importOne({ 'First Name': 'A'.repeat(99), 'Last Name': 'B'.repeat(100) });
      expect(fits.rows[0]?.fullName).toHaveLength(200);
      const tooLong = importOne({ 'First Name': 'A'.repeat(100), 'Last Name': 'B'.repeat(100) });
      expect(tooLong.rows).toEqual([]);
      expect(tooLong.errors[0]).toMatchObject({ row: 2, column: 'First Name' });
      expect(tooLong.errors[0]?.reason).toContain('longer than 200 characters');

      const result = validateRows(parseCsv(fullNameFile('N'.repeat(201))), fullNameMapping);
      expect(result.errors).toEqual([
        { row: 2, column: 'Full Name', reason: 'Full name is longer than 200 characters' },
      ]);
    });
  });

  describe('work email', () => {
    it('is required', () => {
      expect(importOne({ 'Work Email Address': '' }).errors).toEqual([
        { row: 2, column: 'Work Email Address', reason: 'Work email is missing' },
      ]);
    });

    it('must be a valid address', () => {
      const bad = [
        'amara.okafor',
        'amara@',
        'amara@.nhs.uk',
        'amara okafor@trust.nhs.uk',
        'amara@trust',
        'amara@@trust.nhs.uk',
        'amara..okafor@trust.nhs.uk',
        'amara@trust..nhs.uk',
        `${'a'.repeat(65)}@trust.nhs.uk`,
      ];
      for (const email of bad) {
        const result = importOne({ 'Work Email Address': email });
        expect(result.rows, email).toEqual([]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]?.column).toBe('Work Email Address');
        expect(result.errors[0]?.reason).toContain('is not a valid email address');
      }
      for (const email of ["o'brien@trust.nhs.uk", 'a.b+training@nhs.net', 'x@sub.trust-name.nhs.uk']) {
        expect(importOne({ 'Work Email Address': email }).rows[0]?.workEmail).toBe(email);
      }
    });

    it('is lower-cased and at most 254 characters', () => {
      expect(importOne({ 'Work Email Address': 'Sam.Jones@NHS.NET' }).rows[0]?.workEmail).toBe(
        'sam.jones@nhs.net',
      );
      const address = (lastLabel: number) =>
        `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(lastLabel)}.uk`;
      expect(address(58)).toHaveLength(254);
      expect(importOne({ 'Work Email Address': address(58) }).rows).toHaveLength(1);
      expect(importOne({ 'Work Email Address': address(59) }).errors).toEqual([
        { row: 2, column: 'Work Email Address', reason: 'Work email is longer than 254 characters' },
      ]);
    });
  });

  describe('band', () => {
    const bandOf = (value: string) => importOne({ 'Pay Band': value }).rows[0]?.band;

    it('reads the ways Agenda for Change bands are written', () => {
      const cases: [string, string][] = [
        ['Band 6', '6'],
        ['band 8A', '8a'],
        ['8 a', '8a'],
        ['AfC 8c', '8c'],
        ['AfC Band 8d', '8d'],
        ['8B', '8b'],
        ['1', '1'],
        ['Band 9', '9'],
      ];
      for (const [written, band] of cases) {
        expect(bandOf(written), written).toBe(band);
      }
    });

    it('reads medical and dental and other staff as other', () => {
      for (const written of [
        'Medical and Dental',
        'M&D',
        'Other',
        'Doctor',
        'Consultant',
        'medical & dental',
      ]) {
        expect(bandOf(written), written).toBe('other');
      }
    });

    it('is optional', () => {
      expect(importOne({ 'Pay Band': '' }).rows[0]?.band).toBeNull();
    });

    it('explains a value that is not a band', () => {
      expect(importOne({ 'Pay Band': '12' }).errors).toEqual([
        {
          row: 2,
          column: 'Pay Band',
          reason: "Band '12' is not an Agenda for Change band (use 1–9, 8a–8d, or other)",
        },
      ]);
      for (const written of ['8', '8e', 'Band 10', 'Nurse', 'Band 5.5']) {
        const result = importOne({ 'Pay Band': written });
        expect(result.rows, written).toEqual([]);
        expect(result.errors[0]?.reason).toContain(`Band '${written}' is not an Agenda for Change band`);
      }
    });

    it('only ever produces a known band', () => {
      const produced = ['Band 2', 'band 7', 'AfC 8b', 'Other'].map(bandOf);
      for (const band of produced) {
        expect(BANDS).toContain(band);
      }
    });
  });

  describe('job title and directorate', () => {
    it('are optional and at most 200 characters', () => {
      const blank = importOne({ 'Position Title': '', Organisation: '' }).rows[0];
      expect(blank?.jobTitle).toBeNull();
      expect(blank?.directorate).toBeNull();
      const longest = importOne({ 'Position Title': 'T'.repeat(200), Organisation: 'D'.repeat(200) }).rows[0];
      expect(longest?.jobTitle).toHaveLength(200);
      expect(longest?.directorate).toHaveLength(200);

      const tooLong = importOne({ 'Position Title': 'T'.repeat(201), Organisation: 'D'.repeat(201) });
      expect(tooLong.rows).toEqual([]);
      expect(tooLong.errors).toEqual([
        { row: 2, column: 'Position Title', reason: 'Job title is longer than 200 characters' },
        { row: 2, column: 'Organisation', reason: 'Directorate is longer than 200 characters' },
      ]);
    });
  });

  describe('line manager staff number', () => {
    it('is optional and follows the staff number format', () => {
      expect(importOne({ 'Supervisor Employee Number': '' }).rows[0]?.lineManagerStaffNumber).toBeNull();
      expect(importOne({ 'Supervisor Employee Number': '00054321' }).rows[0]?.lineManagerStaffNumber).toBe(
        '00054321',
      );
      const result = importOne({ 'Supervisor Employee Number': 'MGR 1' });
      expect(result.rows).toEqual([]);
      expect(result.errors[0]).toMatchObject({ row: 2, column: 'Supervisor Employee Number' });
      expect(result.errors[0]?.reason).toContain("Line manager staff number 'MGR 1' can only contain");
    });

    it('cannot be the person themselves', () => {
      const result = importOne({ 'Employee Number': '00012345', 'Supervisor Employee Number': '00012345' });
      expect(result.rows).toEqual([]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ row: 2, column: 'Supervisor Employee Number' });
      expect(result.errors[0]?.reason).toContain("this person's own staff number");
    });
  });

  describe('cells that a spreadsheet would run as a formula', () => {
    it('are imported as neutralised text in names, job title and directorate', () => {
      const result = importEsr([
        esrPerson(1, { 'First Name': '=HYPERLINK("http://evil.example","Click")', 'Last Name': 'Okafor' }),
        esrPerson(2, { 'Position Title': '+Agency nurse', Organisation: '@Surgery' }),
        esrPerson(3, { 'Position Title': '\t-1+1', Organisation: '-Estates' }),
      ]);
      expect(result.errors).toEqual([]);
      expect(result.rows.map((r) => [r.fullName, r.jobTitle, r.directorate])).toEqual([
        ['\'=HYPERLINK("http://evil.example","Click") Okafor', 'Staff Nurse', 'Medicine'],
        ['Forename2 Surname2', "'+Agency nurse", "'@Surgery"],
        ['Forename3 Surname3', "'-1+1", "'-Estates"],
      ]);
    });

    it('are errors in staff number, email, band and line manager staff number', () => {
      const cases: [Partial<EsrPerson>, string][] = [
        [{ 'Employee Number': '=1+1' }, 'Employee Number'],
        [{ 'Employee Number': '-12345' }, 'Employee Number'],
        [{ 'Work Email Address': '-amara@trust.nhs.uk' }, 'Work Email Address'],
        [{ 'Work Email Address': '+amara@trust.nhs.uk' }, 'Work Email Address'],
        [{ 'Pay Band': '=6' }, 'Pay Band'],
        [{ 'Pay Band': '@6' }, 'Pay Band'],
        [{ 'Supervisor Employee Number': '+00054321' }, 'Supervisor Employee Number'],
      ];
      for (const [changes, column] of cases) {
        const result = importOne(changes);
        expect(result.rows).toEqual([]);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]?.column).toBe(column);
        expect(result.errors[0]?.reason).toMatch(
          /starts with "[=+\-@]", which spreadsheets treat as a formula/,
        );
      }
    });
  });

  describe('duplicates within the file', () => {
    it('leaves out every row with a repeated staff number and lists them', () => {
      const people = Array.from({ length: 16 }, (_, i) => esrPerson(i + 1));
      // Rows 4 and 17 are people[2] and people[15].
      people[2] = esrPerson(3, { 'Employee Number': '00099999' });
      people[15] = esrPerson(16, { 'Employee Number': '00099999' });
      const result = importEsr(people);

      const reason = 'Staff number 00099999 appears on rows 4 and 17';
      expect(result.errors).toEqual([
        { row: 4, column: 'Employee Number', reason },
        { row: 17, column: 'Employee Number', reason },
      ]);
      expect(result.duplicates).toEqual([{ staffNumber: '00099999', rows: [4, 17] }]);
      expect(result.rows).toHaveLength(14);
      expect(result.rows.map((r) => r.row)).not.toContain(4);
      expect(result.rows.map((r) => r.row)).not.toContain(17);
    });

    it('counts a repeated staff number even on a row with other problems', () => {
      const result = importEsr([
        esrPerson(1, { 'Employee Number': '777' }),
        esrPerson(2, { 'Employee Number': '777', 'Work Email Address': 'broken' }),
        esrPerson(3, { 'Employee Number': '777' }),
      ]);
      expect(result.duplicates).toEqual([{ staffNumber: '777', rows: [2, 3, 4] }]);
      expect(result.rows).toEqual([]);
      expect(
        result.errors.filter((e) => e.reason === 'Staff number 777 appears on rows 2, 3 and 4'),
      ).toHaveLength(3);
    });

    it('keeps the message short when a staff number repeats many times', () => {
      const people = Array.from({ length: 8 }, (_, i) => esrPerson(i + 1, { 'Employee Number': '0' }));
      const result = importEsr(people);
      expect(result.duplicates[0]?.rows).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      expect(result.errors[0]?.reason).toBe('Staff number 0 appears on rows 2, 3, 4, 5, 6 and 3 more');
    });

    it('refuses one email address on two different staff numbers, on both rows', () => {
      const result = importEsr([
        esrPerson(1),
        esrPerson(2, { 'Work Email Address': 'Sam.Jones@trust.nhs.uk' }),
        esrPerson(3, { 'Work Email Address': 'sam.jones@trust.nhs.uk' }),
      ]);
      const reason = 'Work email sam.jones@trust.nhs.uk appears on rows 3 and 4 with different staff numbers';
      expect(result.errors).toEqual([
        { row: 3, column: 'Work Email Address', reason },
        { row: 4, column: 'Work Email Address', reason },
      ]);
      expect(result.rows.map((r) => r.row)).toEqual([2]);
      expect(result.duplicates).toEqual([]);
    });

    it('reports a repeated row as a repeated staff number, not as a shared email', () => {
      const result = importEsr([esrPerson(1), esrPerson(1)]);
      expect(result.errors.map((e) => e.reason)).toEqual([
        'Staff number 20000001 appears on rows 2 and 3',
        'Staff number 20000001 appears on rows 2 and 3',
      ]);
    });
  });

  it('reports every problem on a row, in column order, and imports the other rows', () => {
    const result = importEsr([
      esrPerson(1),
      esrPerson(2, { 'Employee Number': '', 'Work Email Address': 'nobody', 'Pay Band': 'Band 12' }),
      esrPerson(3),
    ]);
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Employee Number'],
      [3, 'Work Email Address'],
      [3, 'Pay Band'],
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('refuses a mapping without the required columns, naming them', () => {
    const parsed = parseCsv(esrFile([esrPerson(1)]));
    const withoutEmail = { ...ESR_MAPPING, workEmail: undefined };
    const err = fileError(() => validateRows(parsed, withoutEmail));
    expect(err.code).toBe('MISSING_COLUMNS');
    expect(err.message).toContain('Work email');
    expect(err.message).not.toContain('Staff number');
  });

  it('refuses a mapping that names a column the file does not have', () => {
    const parsed = parseCsv(esrFile([esrPerson(1)]));
    const err = fileError(() => validateRows(parsed, { ...ESR_MAPPING, band: 'Grade' }));
    expect(err.code).toBe('MISSING_COLUMNS');
    expect(err.message).toContain('"Grade"');
  });

  it('finds mapped columns whatever their case', () => {
    const parsed = parseCsv(esrFile([esrPerson(1)]));
    const mapping = { ...ESR_MAPPING, workEmail: 'work email address' };
    expect(validateRows(parsed, mapping).rows[0]?.workEmail).toBe('person1@trust.nhs.uk');
  });

  it('reads 50,000 rows from bytes to staff', () => {
    const bands = ['Band 2', 'Band 5', 'band 8A', 'Medical and Dental', ''];
    const lines = [csvLine(ESR_HEADERS)];
    for (let i = 1; i <= 50_000; i += 1) {
      const person = esrPerson(i, {
        'Pay Band': bands[i % bands.length],
        'Supervisor Employee Number': i === 1 ? '' : esrPerson(i - 1)['Employee Number'],
      });
      lines.push(csvLine(ESR_HEADERS.map((h) => person[h])));
    }
    const bytes = utf8(`${lines.join('\r\n')}\r\n`);

    const parsed = parseCsv(decodeCsv(bytes));
    const result = validateRows(parsed, suggestMapping(parsed.headers));

    expect(result.errors).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.rows).toHaveLength(50_000);
    expect(result.rows.filter((r) => r.band === '8a')).toHaveLength(10_000);
    expect(result.rows.filter((r) => r.band === null)).toHaveLength(10_000);
    expect(result.rows.filter((r) => r.lineManagerStaffNumber !== null)).toHaveLength(49_999);
    expect(result.rows[49_999]).toEqual({
      row: 50_001,
      staffNumber: '20050000',
      fullName: 'Forename50000 Surname50000',
      workEmail: 'person50000@trust.nhs.uk',
      jobTitle: 'Staff Nurse',
      band: '2',
      directorate: 'Medicine',
      lineManagerStaffNumber: '20049999',
    });
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// neutraliseFormula and toCsv
// ---------------------------------------------------------------------------------------------

describe('neutraliseFormula', () => {
  const risky = ['=1+1', '+44 20 7946 0000', '-2', '@SUM(A1:A2)', '\t=1', '\r=1'];
  const safe = ['Amara Okafor', '', "O'Brien", '8a', '1-2', ' =not at the start'];

  it('puts a single quote before a value starting with = + - @ tab or carriage return', () => {
    for (const value of risky) {
      expect(neutraliseFormula(value)).toBe(`'${value}`);
    }
  });

  it('leaves other values alone', () => {
    for (const value of safe) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });

  it('does nothing to a value it has already neutralised', () => {
    for (const value of [...risky, ...safe]) {
      const once = neutraliseFormula(value);
      expect(neutraliseFormula(once)).toBe(once);
    }
  });
});

describe('toCsv', () => {
  it('writes RFC 4180 CSV with CRLF line ends, quoting only where needed', () => {
    const csv = toCsv([
      ['Staff number', 'Name', 'Note'],
      ['00012345', 'Okafor, Amara', 'Said "hello"'],
      ['345', null, 'two\nlines'],
    ]);
    expect(csv).toBe(
      'Staff number,Name,Note\r\n' +
        '00012345,"Okafor, Amara","Said ""hello"""\r\n' +
        '345,,"two\nlines"\r\n',
    );
  });

  it('neutralises string cells and writes numbers as they are', () => {
    expect(toCsv([['=HYPERLINK("x")', '+44 20', '@x', 42, -3, null]])).toBe(
      `"'=HYPERLINK(""x"")",'+44 20,'@x,42,-3,\r\n`,
    );
  });

  it('produces a file that parses back to the same values', () => {
    const rows = [
      ['Staff number', 'Name', 'Job title'],
      ['00012345', 'Okafor, Amara', 'Nurse "lead"'],
      ['00054321', 'Priya\r\nShah', '=cmd'],
    ];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed.headers).toEqual(rows[0]);
    expect(parsed.records).toEqual([
      ['00012345', 'Okafor, Amara', 'Nurse "lead"'],
      ['00054321', 'Priya\r\nShah', "'=cmd"],
    ]);
  });
});

describe('vocabulary', () => {
  it('has a label for every field', () => {
    for (const field of STAFF_FIELDS) {
      expect(FIELD_LABELS[field]).toMatch(/^[A-Z][a-z ]+$/);
    }
  });
});
