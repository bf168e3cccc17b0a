// Dates for before/after conditions and schedule windows: ISO-8601 strings or epoch milliseconds.

// Date.parse accepts loose formats that differ between engines, so only ISO-8601 date(-time)s are accepted.
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Rejects days that engines would silently roll over (2024-02-30 → March 1). */
function isCalendarDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/**
 * Epoch milliseconds, or NaN when the value is neither an ISO-8601 string nor a finite number.
 * Times without an offset are read as UTC so every server and client agrees, whatever its time zone.
 */
export function toEpochMillis(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string' || value.length > 40) return Number.NaN;
  const m = ISO_DATE.exec(value);
  if (!m || !isCalendarDate(m[1]!)) return Number.NaN;
  if (m[2] === undefined) return Date.parse(m[1]!);
  let time = m[2];
  const fraction = time.indexOf('.');
  // Engines disagree on more than millisecond precision.
  if (fraction >= 0) time = time.slice(0, fraction + 4);
  return Date.parse(`${m[1]}T${time}${m[3] ?? 'Z'}`);
}
