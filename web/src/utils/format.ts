const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(value: string): Date | null {
  // A calendar date (YYYY-MM-DD) is that day wherever the reader is, not midnight UTC.
  const day = DATE_ONLY.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** 3 March 2026 */
export function formatDate(value: string): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : value;
}

/** 3 March 2026 at 2:05pm */
export function formatDateTime(value: string): string {
  const date = parse(value);
  if (!date) return value;
  const parts = dateTimeFormat.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  const period = get('dayPeriod').toLowerCase().replace(/\./g, '');
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${period}`;
}

export function pluralise(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A length of time as people say it: "1 hour 5 minutes", "12 minutes", "Less than a minute".
 * With `seconds`, short times keep their seconds ("1 minute 5 seconds", "12 seconds"), for answer times.
 */
export function formatDuration(totalSeconds: number, options: { seconds?: boolean } = {}): string {
  const whole = Math.max(0, Math.round(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  const parts: string[] = [];
  if (hours) parts.push(pluralise(hours, 'hour'));
  if (minutes) parts.push(pluralise(minutes, 'minute'));
  if (options.seconds && hours === 0 && (seconds || parts.length === 0))
    parts.push(pluralise(seconds, 'second'));
  if (parts.length) return parts.join(' ');
  return whole === 0 ? 'None' : 'Less than a minute';
}
