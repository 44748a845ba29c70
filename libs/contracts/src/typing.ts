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
const daysInMonth = (y: number, m: number) =>
  [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

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
  const [y, m, d] = text.split('-').map(Number);
  return isCalendarDate(y, m, d) ? text : undefined;
}

export function parseTimestamp(text: string): Timestamp | undefined {
  const t = TIMESTAMP.exec(text);
  if (!t) return undefined;
  const [y, mo, d] = [t[1], t[2], t[3]].map(Number);
  const [h, mi, s] = (t[4] !== undefined ? [t[4], t[5], t[6]] : [t[7], t[8], t[9]]).map(Number);
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  const zone = t[11];
  if (zone && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (om > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
    if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  }
  const fraction = (t[10] ?? '').padEnd(6, '0');
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // Date.UTC maps years 0–99 to 1900s; this does not
  date.setUTCHours(h, mi - offsetMinutes, s, Number(fraction.slice(0, 3)));
  return { epochMs: date.getTime(), micros: Number(fraction.slice(3)) };
}

/** A timestamp as an ISO 8601 UTC string with microseconds, e.g. `2024-01-15T10:00:00.000000Z`. */
export function formatTimestamp(ts: Timestamp): string {
  return new Date(ts.epochMs).toISOString().replace('Z', String(ts.micros).padStart(3, '0') + 'Z');
}

/** The UTC calendar date (`YYYY-MM-DD`) of an instant. */
export function utcDateOf(ts: Timestamp): string {
  return new Date(ts.epochMs).toISOString().slice(0, 10);
}

/** True when the instant falls on a Saturday or Sunday in UTC. */
export function isWeekendUtc(ts: Timestamp): boolean {
  const day = new Date(ts.epochMs).getUTCDay();
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
