/** Builds ESR-style staff CSV files for tests and benchmarks. */
export const ESR_HEADER =
  'Employee Number,First Name,Last Name,Work Email Address,Position Title,Pay Band,Organisation,Supervisor Employee Number';

export interface StaffLine {
  number: string;
  first: string;
  last: string;
  email: string;
  title?: string;
  band?: string;
  org?: string;
  manager?: string;
}

export function staffLine(i: number, overrides: Partial<StaffLine> = {}): StaffLine {
  const n = String(100000 + i);
  return {
    number: n,
    first: `Sam${i}`,
    last: `Jones${i}`,
    email: `sam.jones${i}@northfield.example`,
    title: 'Ward Manager',
    band: ['6', '7', '8a'][i % 3],
    org: i % 2 ? 'Surgery' : 'Medicine',
    manager: '',
    ...overrides,
  };
}

const cell = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ''));

export function staffCsv(lines: StaffLine[], header = ESR_HEADER): string {
  return (
    [
      header,
      ...lines.map((l) =>
        [l.number, l.first, l.last, l.email, l.title, l.band, l.org, l.manager].map(cell).join(','),
      ),
    ].join('\r\n') + '\r\n'
  );
}

export function staffLines(count: number, from = 1): StaffLine[] {
  return Array.from({ length: count }, (_, k) => staffLine(from + k));
}
