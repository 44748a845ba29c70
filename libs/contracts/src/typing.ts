import type { ColumnType } from './types';

/**
 * The text patterns every engine accepts before a cast (docs/contracts.md "Typing"). Written with
 * `[0-9]` classes only so that JS, RE2 (DuckDB) and java.util.regex (Spark) read them alike.
 * Calendar validity (month lengths, leap days) is checked after the pattern.
 */
export const TYPE_PATTERNS = {
  int: '^[+-]?[0-9]+$',
  double: '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$',
  date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  /** `YYYY-MM-DD HH:MM:SS` (UTC) */
  timestampSpace: '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$',
  /** ISO 8601 `YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z|±HH:MM]`, no offset = UTC */
  timestampIso:
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?$',
} as const;

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** Largest accepted UTC offset, as in java.time.ZoneOffset. */
export const MAX_OFFSET_MINUTES = 18 * 60;

const INT = new RegExp(TYPE_PATTERNS.int);
const DOUBLE = new RegExp(TYPE_PATTERNS.double);
const DATE = new RegExp(TYPE_PATTERNS.date);
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?: ([0-9]{2}):([0-9]{2}):([0-9]{2})|T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.]([0-9]{1,6}))?(Z|[+-][0-9]{2}:[0-9]{2})?)$/;

/** A typed cell value. Timestamps are UTC instants with microsecond precision. */
export type TypedValue = number | string | Timestamp;

/** A UTC instant: epoch milliseconds plus the microseconds below them (0–999). */
export interface Timestamp {
  readonly epochMs: number;
  readonly micros: number;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);
const DAY_MS = 86_400_000;

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (JavaScript's): plain
 * arithmetic, so typing a timestamp allocates no Date (H. Hinnant's days_from_civil).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of daysFromCivil: [year, month, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const month = m < 10 ? m + 3 : m - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - Math.floor((153 * m + 2) / 5) + 1];
}

/** The value of the digits of `text` from `from` (inclusive) to `to` (exclusive). */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function parseInt32(text: string): number | undefined {
  if (!INT.test(text)) return undefined;
  const n = Number(text);
  return n >= INT32_MIN && n <= INT32_MAX ? n + 0 : undefined; // `+ 0` turns -0 into 0
}

export function parseDouble(text: string): number | undefined {
  if (!DOUBLE.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n + 0 : undefined;
}

export function parseDate(text: string): string | undefined {
  if (!DATE.test(text)) return undefined;
  return isCalendarDate(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)) ? text : undefined;
}

export function parseTimestamp(text: string): Timestamp | undefined {
  const t = TIMESTAMP.exec(text);
  if (!t) return undefined;
  // Both shapes put the date at 0–9 and the time at 11–18.
  const [y, mo, d] = [digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)];
  const [h, mi, s] = [digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19)];
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  const zone = t[11];
  if (zone && zone !== 'Z') {
    const oh = digits(zone, 1, 3);
    const om = digits(zone, 4, 6);
    if (om > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
    if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  }
  const fraction = t[10] === undefined ? 0 : digits(t[10].padEnd(6, '0'), 0, 6);
  const epochMs = daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + (mi - offsetMinutes) * 60_000 + s * 1000;
  return { epochMs: epochMs + Math.floor(fraction / 1000), micros: fraction % 1000 };
}

/** A timestamp as an ISO 8601 UTC string with microseconds, e.g. `2024-01-15T10:00:00.000000Z`. */
export function formatTimestamp(ts: Timestamp): string {
  return new Date(ts.epochMs).toISOString().replace('Z', String(ts.micros).padStart(3, '0') + 'Z');
}

/** The UTC calendar date (`YYYY-MM-DD`) of an instant. */
export function utcDateOf(ts: Timestamp): string {
  const [y, m, d] = civilFromDays(Math.floor(ts.epochMs / DAY_MS));
  // Outside years 0–9999 Date writes a sign and six digits (as it always did here).
  if (y < 0 || y > 9999) return new Date(ts.epochMs).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** True when the instant falls on a Saturday or Sunday in UTC. */
export function isWeekendUtc(ts: Timestamp): boolean {
  // 1970-01-01 was a Thursday (4; Sunday is 0).
  const day = (((Math.floor(ts.epochMs / DAY_MS) + 4) % 7) + 7) % 7;
  return day === 0 || day === 6;
}

/** Orders two instants: negative, zero or positive, like a sort comparator. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.epochMs - b.epochMs || a.micros - b.micros;
}

/**
 * Types one trimmed, non-empty cell. `undefined` means the text is not a value of the type
 * (a `TYPE:<col>` verdict); strings always type.
 */
export function parseValue(type: ColumnType, text: string): TypedValue | undefined {
  switch (type) {
    case 'int':
      return parseInt32(text);
    case 'double':
      return parseDouble(text);
    case 'date':
      return parseDate(text);
    case 'timestamp':
      return parseTimestamp(text);
    case 'string':
      return text;
  }
}
