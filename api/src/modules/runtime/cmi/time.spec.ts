import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimespan, isValidTime12, isValidTimestamp2004, parseTimespan } from './time.js';

describe('parseTimespan (SCORM 1.2 CMITimespan)', () => {
  it.each([
    ['00:00:00', 0],
    ['00:01:30', 90],
    ['0:01:30', 90], // one hour digit: outside the spec, but SCOs send it
    ['01:00:00', 3600],
    ['10:20:30.5', 10 * 3600 + 20 * 60 + 30.5],
    ['00:00:05.25', 5.25],
    ['123:04:05', 123 * 3600 + 4 * 60 + 5],
    ['9999:59:59.99', 9999 * 3600 + 59 * 60 + 59.99],
  ])('reads %s as %d seconds', (value, seconds) => {
    expect(parseTimespan('1.2', value)).toBeCloseTo(seconds, 6);
  });

  it.each([
    '',
    '10000:00:00', // five hour digits
    '00:1:30',
    '00:01:3',
    '00:60:00',
    '00:00:60',
    '00:00:00.123',
    '00:00:00.',
    '-01:00:00',
    ' 00:01:30',
    '00:01:30 ',
    'PT1M30S',
    '00-01-30',
    'abc',
  ])('refuses %j', (value) => {
    expect(parseTimespan('1.2', value)).toBeNull();
  });
});

describe('parseTimespan (SCORM 2004 ISO 8601 duration)', () => {
  const DAY = 86400;
  it.each([
    ['PT1M30S', 90],
    ['PT0S', 0],
    ['PT0H0M0S', 0],
    ['P0D', 0],
    ['PT1H', 3600],
    ['PT1.5S', 1.5],
    ['PT0.05S', 0.05],
    ['PT05H', 5 * 3600],
    ['PT000005H', 5 * 3600],
    ['P1D', DAY],
    ['P1M', 30 * DAY],
    ['P1Y', 365 * DAY],
    ['P1Y2M3DT4H5M6.7S', 365 * DAY + 60 * DAY + 3 * DAY + 4 * 3600 + 5 * 60 + 6.7],
    ['PT125M', 125 * 60],
    ['PT100000S', 100000],
  ])('reads %s as %d seconds', (value, seconds) => {
    expect(parseTimespan('2004', value)).toBeCloseTo(seconds, 6);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'P1W',
    '-PT1S',
    'PT-1S',
    'PT1.234S',
    'PT1.S',
    'PT.5S',
    'P1.5D',
    'PT1.5H',
    'PT1,5S',
    '1M30S',
    'T1M',
    'pt1m30s',
    'PT1S ',
    'PT1M1H', // wrong order
    'P1D1Y',
    '00:01:30',
    'PT1e3S',
  ])('refuses %j', (value) => {
    expect(parseTimespan('2004', value)).toBeNull();
  });

  it('refuses a duration too large to represent instead of returning Infinity', () => {
    expect(parseTimespan('2004', `P${'9'.repeat(400)}Y`)).toBeNull();
  });
});

describe('formatTimespan', () => {
  it.each([
    [0, '00:00:00'],
    [90, '00:01:30'],
    [5.25, '00:00:05.25'],
    [5.5, '00:00:05.50'],
    [3600 * 123 + 61.01, '123:01:01.01'],
    [59.999, '00:01:00'], // rounds to the hundredth, carrying into the minutes
    [-5, '00:00:00'],
    [Number.NaN, '00:00:00'],
    [1e9, '9999:59:59.99'], // clamped to the 1.2 maximum
  ])('formats %d seconds for 1.2 as %s', (seconds, text) => {
    expect(formatTimespan('1.2', seconds)).toBe(text);
  });

  it.each([
    [0, 'PT0S'],
    [90, 'PT1M30S'],
    [3600, 'PT1H'],
    [3661.5, 'PT1H1M1.5S'],
    [0.05, 'PT0.05S'],
    [7200.1, 'PT2H0.1S'],
    [59.999, 'PT1M'],
    [100 * 3600, 'PT100H'],
    [-1, 'PT0S'],
    [Number.POSITIVE_INFINITY, 'PT0S'],
  ])('formats %d seconds for 2004 as %s', (seconds, text) => {
    expect(formatTimespan('2004', seconds)).toBe(text);
  });

  it('round-trips through parseTimespan to the hundredth of a second (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1.2' as const, '2004' as const),
        fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }),
        (model, seconds) => {
          const text = formatTimespan(model, seconds);
          const shape =
            model === '1.2' ? /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d\d)?$/ : /^PT(\d+H)?(\d+M)?(\d+(\.\d\d?)?S)?$/;
          expect(text).toMatch(shape);
          const back = parseTimespan(model, text);
          expect(back).not.toBeNull();
          expect(Math.abs((back as number) - seconds)).toBeLessThanOrEqual(0.005 + 1e-6);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('round-trips whole centiseconds exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1.2' as const, '2004' as const),
        fc.integer({ min: 0, max: 1e9 }),
        (model, centis) => {
          const back = parseTimespan(model, formatTimespan(model, centis / 100));
          expect(Math.round((back as number) * 100)).toBe(centis);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isValidTime12 (SCORM 1.2 CMITime)', () => {
  it.each(['00:00:00', '23:59:59', '09:05:07.5', '12:30:00.25'])('accepts %s', (value) => {
    expect(isValidTime12(value)).toBe(true);
  });

  it.each(['', '24:00:00', '9:05:07', '12:60:00', '12:00:60', '12:00:00.123', '12:00', '12:00:00Z', 'noon'])(
    'refuses %j',
    (value) => {
      expect(isValidTime12(value)).toBe(false);
    },
  );
});

describe('isValidTimestamp2004', () => {
  it.each([
    '2024',
    '2024-05',
    '2024-05-01',
    '2024-05-01T09',
    '2024-05-01T09:30',
    '2024-05-01T09:30:15',
    '2024-05-01T09:30:15.5',
    '2024-05-01T09:30:15.123', // Date#toISOString precision
    '2024-05-01T09:30:15.0Z',
    '2024-05-01T09:30:15.123Z',
    '2024-05-01T09:30:15Z',
    '2024-05-01T09:30:15.25+05:30',
    '2024-05-01T09:30:15.25-03',
    '2024-02-29T00:00:00',
    '2000-02-29',
    '1970-01-01T00:00:00',
  ])('accepts %s', (value) => {
    expect(isValidTimestamp2004(value)).toBe(true);
  });

  it.each([
    '',
    '24',
    '1969-12-31',
    '2024-13-01',
    '2024-00-01',
    '2024-04-31',
    '2023-02-29',
    '1900-02-29',
    '2024-05-00',
    '2024-05-01T24:00:00',
    '2024-05-01T09:60:00',
    '2024-05-01T09:30:60',
    '2024-05-01T09:30Z', // a zone only after the seconds
    '2024-05-01T09:30:15+24:00',
    '2024-05-01T09:30:15+05:60',
    '2024-05-01T09:30:15.',
    '2024-05-01 09:30:15',
    '2024-5-1',
    '20240501',
    '2024-05-01T09:30:15.5+0530',
    'yesterday',
  ])('refuses %j', (value) => {
    expect(isValidTimestamp2004(value)).toBe(false);
  });
});
