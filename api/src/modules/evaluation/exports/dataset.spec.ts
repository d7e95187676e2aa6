import type { Instrument } from '@cqp/content/instruments';
import { describe, expect, it } from 'vitest';
import { buildExport, type ExportInput, type InstrumentInput, type ResponseInput } from './dataset.js';
import { renderCodebook, renderR, renderSpss, renderWide } from './render.js';

const definition = (version: number, extraItem = false): Instrument => ({
  id: 'licensed-scale',
  version,
  title: "Licensed scale (O'Brien)",
  label: 'Licensed scale',
  kind: 'likert',
  licence: { holder: 'X', permittedUse: 'Research', citation: 'X (2026)', redistributable: false },
  scale: {
    points: 5,
    anchors: [
      { value: 1, label: 'Never' },
      { value: 5, label: 'Always — every time' },
    ],
  },
  factors: [
    { id: 'alpha', title: 'Alpha', description: 'a' },
    { id: 'beta', title: 'Beta', description: 'b' },
  ],
  items: [
    { id: 'a-1', factor: 'alpha', text: 'Secret licensed item text one' },
    { id: 'a-2', factor: 'alpha', text: 'Secret licensed item text two', reverseKeyed: true },
    { id: 'b-1', factor: 'beta', text: 'Secret licensed item text three' },
    ...(extraItem ? [{ id: 'b-2', factor: 'beta', text: 'Secret licensed item text four' }] : []),
  ],
  scoring: {
    itemScore: 'scale-value',
    factor: 'mean-of-items',
    overall: 'mean-of-factor-means',
    minItemsPerFactor: 1,
    reverseKeying: 'points + 1 − value',
  },
});

const instruments: InstrumentInput[] = [
  {
    id: 'i1',
    key: 'licensed-scale',
    version: 1,
    title: "Licensed scale (O'Brien)",
    redistributable: false,
    definition: definition(1),
  },
  {
    id: 'i2',
    key: 'licensed-scale',
    version: 2,
    title: "Licensed scale (O'Brien)",
    redistributable: false,
    definition: definition(2, true),
  },
];

const response = (over: Partial<ResponseInput>): ResponseInput => ({
  personId: 'person-1',
  cohortId: 'cohort-b',
  trustId: 'trust-z',
  band: '6',
  ethnicity: 'H',
  gender: 'man',
  instrumentId: 'i1',
  instrumentKey: 'licensed-scale',
  timepoint: 'pre',
  form: null,
  answers: { 'a-1': 4, 'a-2': 2, 'b-1': null },
  scores: { factors: { alpha: 4, beta: null }, overall: null, answered: 2 },
  submittedAt: new Date('2026-03-01T09:30:00Z'),
  ...over,
});

const input = (responses: ResponseInput[]): ExportInput => ({
  study: { id: 's', name: 'Study with a\nline break.', pseudonymKey: 'k' },
  trusts: [
    { id: 'trust-a', name: 'Aardvark' },
    { id: 'trust-z', name: 'Zebra' },
  ],
  cohorts: [
    { id: 'cohort-a', trustId: 'trust-a', startDate: '2026-01-05' },
    { id: 'cohort-b', trustId: 'trust-z', startDate: '2026-02-02' },
  ],
  responses,
  instruments,
  bindings: [{ instrumentKey: 'licensed-scale', timepoint: 'post' }],
  generatedAt: new Date('2026-04-01T00:00:00Z'),
});

describe('buildExport', () => {
  const data = buildExport(
    input([
      response({}),
      response({
        timepoint: 'post',
        instrumentId: 'i2',
        cohortId: 'cohort-a',
        trustId: 'trust-a',
        answers: { 'a-1': 5, 'a-2': 1, 'b-1': 5, 'b-2': 5 },
        scores: { factors: { alpha: 5, beta: 5 }, overall: 5, answered: 4 },
        submittedAt: new Date('2026-03-20T10:00:00Z'),
      }),
    ]),
  );

  it('makes columns for the programme’s timepoints and every item of every version', () => {
    const names = data.wideVariables.map((v) => v.name);
    expect(names.slice(7)).toEqual([
      'licensed_scale_pre_alpha',
      'licensed_scale_pre_beta',
      'licensed_scale_pre_overall',
      'licensed_scale_pre_version',
      'licensed_scale_pre_submitted_at',
      'licensed_scale_pre_a_1',
      'licensed_scale_pre_a_2',
      'licensed_scale_pre_b_1',
      'licensed_scale_pre_b_2',
      'licensed_scale_post_alpha',
      'licensed_scale_post_beta',
      'licensed_scale_post_overall',
      'licensed_scale_post_version',
      'licensed_scale_post_submitted_at',
      'licensed_scale_post_a_1',
      'licensed_scale_post_a_2',
      'licensed_scale_post_b_1',
      'licensed_scale_post_b_2',
    ]);
  });

  it('takes trust and cohort from the most recent response, and keeps each version', () => {
    expect(data.wideRows).toHaveLength(1);
    const row = Object.fromEntries(data.wideVariables.map((v, i) => [v.name, data.wideRows[0][i]]));
    expect(row).toMatchObject({
      trust: 'T1',
      cohort: 'C1',
      ethnic_group: 'asian',
      licensed_scale_pre_alpha: 4,
      licensed_scale_pre_beta: null,
      licensed_scale_pre_version: 1,
      licensed_scale_pre_b_1: null,
      licensed_scale_pre_b_2: null,
      licensed_scale_post_version: 2,
      licensed_scale_post_b_2: 5,
      licensed_scale_pre_submitted_at: '2026-03-01T09:30:00.000Z',
    });
    // long: 3 items at pre (version 1), 4 at post (version 2); the reverse-keyed item scores 6 − answer
    expect(data.longRows).toHaveLength(7);
    const a2 = data.longRows.find((r) => r[9] === 'pre' && r[11] === 'a-2')!;
    expect(a2.slice(13, 16)).toEqual([1, 2, 4]);
  });

  it('withholds the item text of a licensed instrument', () => {
    const all = [renderCodebook(data).content, renderSpss(data).content, renderR(data).content].join('');
    expect(all).not.toContain('Secret licensed item text');
    expect(all).toContain('item text withheld: licensed instrument');
  });

  it('quotes labels safely for SPSS and R', () => {
    const sps = renderSpss(data).content;
    expect(sps).toContain("'Licensed scale (O''Brien), Pre-programme");
    expect(sps).toContain(
      '* CQ Pathway: reads wide.csv, the pseudonymised export of the study "Study with a line break".',
    );
    expect(sps).toContain("MISSING VALUES ethnicity ('Z').");
    expect(sps.split('\r\n').every((l) => l.length <= 200)).toBe(true);
    const r = renderR(data).content;
    expect(r).toContain('"Always \\u2014 every time" = 5');
    expect(r).toMatch(/^[\x20-\x7e\n]*$/); // ASCII only: any other character is escaped
  });

  it('writes wide.csv with a header row and CRLF line ends', () => {
    const lines = renderWide(data).content.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith('pid,trust,cohort,band,ethnic_group,ethnicity,gender,')).toBe(true);
    expect(lines[2]).toBe('');
  });
});
