/**
 * SCORM run-time time formats: timespans (durations), 1.2 clock times and 2004 timestamps.
 *
 * Decisions worth knowing:
 * - SCORM 1.2 CMITimespan is `HH[HH]:MM:SS[.S[S]]`: 2 to 4 hour digits, minutes and seconds exactly
 *   two digits in 00–59, at most two decimals on the seconds.
 * - SCORM 2004 timeinterval is the ISO 8601 duration subset `P[nY][nM][nD][T[nH][nM][n[.n]S]]`:
 *   whole numbers everywhere except the seconds (at most two decimals), at least one component,
 *   `T` only when a time component follows, no weeks, no sign. A year counts as 365 days and a
 *   month as 30 days.
 * - Parsing never returns NaN or Infinity: a value too large to represent is invalid (`null`).
 * - 2004 timestamps accept years 1970–9999 (the spec says 2038 at most; scorm-again accepts any
 *   later year too), check the day against the month (leap years included), accept any number of
 *   fraction digits and a time-zone designator after the seconds, with or without a fraction.
 */
import type { CmiModel } from './data-model.js';

// Hours take 1–4 digits: the spec says 2–4, but SCOs send `0:01:30` and scorm-again accepts it.
const TIMESPAN_12 = /^(\d{1,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/;
const TIMESPAN_2004 =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
const TIME_12 = /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,2})?$/;
const TIMESTAMP_2004 =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d+)?(Z|[+-]\d{2}(?::\d{2})?)?)?)?)?)?)?$/;

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;
/** The largest 1.2 timespan, `9999:59:59.99`, in centiseconds. */
const MAX_CENTIS_12 = (9999 * HOUR + 59 * MINUTE + 59) * 100 + 99;

/**
 * Parses a SCORM timespan into seconds: 1.2 `HHHH:MM:SS.SS`, 2004 ISO 8601 duration.
 * Returns `null` for the empty string and for anything that is not a valid timespan of that model
 * (`P`, `PT`, `P1DT`, negative values, weeks, fractions outside the seconds, garbage).
 */
export function parseTimespan(model: CmiModel, value: string): number | null {
  if (model === '1.2') {
    const m = TIMESPAN_12.exec(value);
    if (!m) return null;
    return Number(m[1]) * HOUR + Number(m[2]) * MINUTE + Number(m[3]) + (m[4] ? Number(m[4]) : 0);
  }
  const m = TIMESPAN_2004.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  if (y === undefined && mo === undefined && d === undefined && h === undefined && mi === undefined) {
    if (s === undefined) return null; // `P`, `PT`
  }
  if (value.includes('T') && h === undefined && mi === undefined && s === undefined) return null; // `P1DT`
  const seconds =
    Number(y ?? 0) * YEAR +
    Number(mo ?? 0) * MONTH +
    Number(d ?? 0) * DAY +
    Number(h ?? 0) * HOUR +
    Number(mi ?? 0) * MINUTE +
    Number(s ?? 0);
  return Number.isFinite(seconds) ? seconds : null;
}

/**
 * Formats seconds as a SCORM timespan, rounded to the hundredth of a second.
 * 1.2: `HH:MM:SS` with at least two hour digits, plus `.SS` when there is a fraction; values above
 * `9999:59:59.99` (the 1.2 maximum) are clamped to it.
 * 2004: `PT#H#M#S`, leaving out zero hours and minutes, seconds with at most two decimals; zero is `PT0S`.
 * Negative, NaN or infinite input is formatted as zero.
 */
export function formatTimespan(model: CmiModel, seconds: number): string {
  let centis = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 100) : 0;
  if (model === '1.2') {
    centis = Math.min(centis, MAX_CENTIS_12);
    const { hours, minutes, secs, fraction } = split(centis);
    const frac = fraction === 0 ? '' : `.${String(fraction).padStart(2, '0')}`;
    return `${pad2(hours)}:${pad2(minutes)}:${pad2(secs)}${frac}`;
  }
  const { hours, minutes, secs, fraction } = split(centis);
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (secs > 0 || fraction > 0 || out === 'PT') {
    const frac = fraction === 0 ? '' : `.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
    out += `${secs}${frac}S`;
  }
  return out;
}

/** True for a SCORM 1.2 CMITime clock time, `HH:MM:SS` or `HH:MM:SS.S[S]` (00:00:00 to 23:59:59.99). */
export function isValidTime12(value: string): boolean {
  return TIME_12.test(value);
}

/**
 * True for a SCORM 2004 timestamp, `YYYY[-MM[-DD[Thh[:mm[:ss[.s+][TZD]]]]]]` where TZD is `Z`,
 * `±hh` or `±hh:mm`. Checks the ranges of every part, including the day of the month.
 */
export function isValidTimestamp2004(value: string): boolean {
  const m = TIMESTAMP_2004.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, tzd] = m;
  const year = Number(y);
  if (year < 1970) return false;
  if (mo !== undefined) {
    const month = Number(mo);
    if (month < 1 || month > 12) return false;
    if (d !== undefined) {
      const day = Number(d);
      if (day < 1 || day > daysInMonth(year, month)) return false;
    }
  }
  if (h !== undefined && Number(h) > 23) return false;
  if (mi !== undefined && Number(mi) > 59) return false;
  if (s !== undefined && Number(s) > 59) return false;
  if (tzd !== undefined && tzd !== 'Z') {
    if (Number(tzd.slice(1, 3)) > 23) return false;
    if (tzd.length > 3 && Number(tzd.slice(4, 6)) > 59) return false;
  }
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function split(centis: number): { hours: number; minutes: number; secs: number; fraction: number } {
  const whole = Math.floor(centis / 100);
  return {
    hours: Math.floor(whole / HOUR),
    minutes: Math.floor((whole % HOUR) / MINUTE),
    secs: whole % MINUTE,
    fraction: centis % 100,
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
