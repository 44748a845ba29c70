import {
  INT32_MAX,
  INT32_MIN,
  MAX_OFFSET_MINUTES,
  TYPE_PATTERNS,
  type ColumnType,
  type DeriveFunction,
} from '@lakehouse/contracts';
import type { SqlDialect } from './dialects';
import { JS_TRIM_CLASS } from './js-trim';
import type { SqlType } from './plan';

/** The SQL type a contract column is stored as. */
export const SQL_TYPE_OF: Record<ColumnType | 'boolean', SqlType> = {
  int: 'INT',
  double: 'DOUBLE',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  string: 'STRING',
  boolean: 'BOOLEAN',
};

const MICROS_PER_DAY = 86_400_000_000;
const DOUBLE_MAX = '1.7976931348623157e308';

/**
 * How a column is typed in SQL: `parts` are named helper expressions over the cell text, computed
 * one query level below `value`, which reads them by name (and may read the text too). Splitting
 * keeps each expression small — the Spark grammar's parser slows down sharply on long nested
 * expressions — and lets the engines compute each part once.
 */
export interface TypingSql {
  readonly parts: readonly (readonly [alias: string, sql: string])[];
  readonly value: string;
}

/**
 * The typed value of a trimmed, non-null cell (`text` is an SQL expression), or NULL when the text
 * is not a value of the type — a `TYPE:<col>` verdict. Every cast is guarded by the contract's
 * explicit pattern, so the verdict never depends on what an engine's own cast happens to accept
 * (DuckDB and Spark both accept more than the contract: `1_000`, `  5`, `2024-1-5`, `1.5d`,
 * `Infinity`, …). Only TRY_CAST is used: plain CAST fails the query in Spark's ANSI mode, and no
 * engine promises to short-circuit AND. `prefix` makes the part aliases unique per column.
 */
export function typingSql(type: ColumnType, text: string, d: SqlDialect, prefix: string): TypingSql {
  const p = (name: string) => `${prefix}${name}`;
  switch (type) {
    case 'string':
      return { parts: [], value: text };
    case 'int':
      // Each cast once, in the parts: engines do not share a sub-expression between CASE branches.
      return {
        parts: [
          [p('shape'), d.fullMatch(text, TYPE_PATTERNS.int)],
          [p('wide'), `TRY_CAST(${text} AS BIGINT)`],
        ],
        value: `CASE WHEN ${p('shape')} AND ${p('wide')} BETWEEN ${INT32_MIN} AND ${INT32_MAX} THEN CAST(${p('wide')} AS ${d.type('INT')}) END`,
      };
    case 'double':
      // Overflow (`1e400`) casts to ±Infinity in both engines; the contract refuses non-finite values.
      // `+ 0` turns -0 into 0, as the JS validator does.
      return {
        parts: [
          [p('shape'), d.fullMatch(text, TYPE_PATTERNS.double)],
          [p('value'), `TRY_CAST(${text} AS DOUBLE)`],
        ],
        value: `CASE WHEN ${p('shape')} AND abs(${p('value')}) <= CAST('${DOUBLE_MAX}' AS DOUBLE) THEN ${p('value')} + CAST('0' AS DOUBLE) END`,
      };
    case 'date':
      // Year 0000 is refused (the contract's calendar starts at year 1); TRY_CAST refuses 2024-02-30.
      return {
        parts: [[p('shape'), `${d.fullMatch(text, TYPE_PATTERNS.date)} AND substr(${text}, 1, 4) <> '0000'`]],
        value: `CASE WHEN ${p('shape')} THEN TRY_CAST(${text} AS DATE) END`,
      };
    case 'timestamp':
      return timestampSql(text, d, prefix);
  }
}

/** A year of four digits other than 0000 (the contract's calendar starts at year 1). */
const YEAR = '(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])';

/**
 * The canonical text of each type: a subset of its TYPE_PATTERNS for which DuckDB's plain cast
 * gives exactly the value `typingSql` computes (see canonicalValueSql), so a cell in this shape
 * needs no guard. Timestamps in the space form with hours, minutes and seconds in range (ISO
 * forms take the guarded path); days are checked by the cast (2024-02-30 is NULL, i.e. TYPE).
 * No shape begins or ends with a JavaScript trim character or holds a comma, a quote or NUL, so a
 * staging line matching the shapes of its columns joined by commas needs neither CSV parsing nor
 * trimming. RE2 bodies, unanchored.
 */
export const CANONICAL_SHAPES: Readonly<Record<ColumnType, string>> = {
  int: '[+-]?[0-9]+',
  double: TYPE_PATTERNS.double.slice(1, -1),
  date: `${YEAR}-[0-9]{2}-[0-9]{2}`,
  timestamp: `${YEAR}-[0-9]{2}-[0-9]{2} (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]`,
  string: `[^,"\\x{0}${JS_TRIM_CLASS}](?:[^,"\\x{0}]*[^,"\\x{0}${JS_TRIM_CLASS}])?`,
};

/**
 * DuckDB only: the typed value of a non-null cell in its CANONICAL_SHAPES form — the same value
 * as `typingSql`'s, without the pattern guard (the shape is the guard) or the timestamp
 * arithmetic (for the space form DuckDB's cast is exact).
 */
export function canonicalValueSql(type: ColumnType, text: string): string {
  switch (type) {
    case 'string':
      return text;
    case 'int':
      return `TRY_CAST(${text} AS INTEGER)`;
    case 'double':
      return `CASE WHEN abs(TRY_CAST(${text} AS DOUBLE)) <= CAST('${DOUBLE_MAX}' AS DOUBLE) THEN TRY_CAST(${text} AS DOUBLE) + CAST('0' AS DOUBLE) END`;
    case 'date':
      return `TRY_CAST(${text} AS DATE)`;
    case 'timestamp':
      return `TRY_CAST(${text} AS TIMESTAMP)`;
  }
}

/** One anchored pattern matching either of two anchored patterns. */
const either = (a: string, b: string) => `^(${a.slice(1, -1)}|${b.slice(1, -1)})$`;

/**
 * A timestamp is computed from its parts rather than parsed by an engine's format function: the
 * two engines' parsers differ on fractions, offsets and lenient fields, while the arithmetic
 * below is exact in both. Instant = days(date) + h:m:s + fraction − offset, in microseconds.
 *
 * The parts sit at fixed positions once the shape pattern matched: date 1–10, hours 12–13,
 * minutes 15–16, seconds 18–19; an offset is the last six characters when the sixth from the
 * end is a sign (in every other accepted shape that character is a digit or `:`).
 */
function timestampSql(text: string, d: SqlDialect, prefix: string): TypingSql {
  const p = (name: string) => `${prefix}${name}`;
  const number = (from: number, length: number, of = text) =>
    `TRY_CAST(substr(${of}, ${from}, ${length}) AS BIGINT)`;
  const parts: [string, string][] = [
    [
      p('shape'),
      `${d.fullMatch(text, either(TYPE_PATTERNS.timestampSpace, TYPE_PATTERNS.timestampIso))} AND substr(${text}, 1, 4) <> '0000'`,
    ],
    [p('date'), `TRY_CAST(substr(${text}, 1, 10) AS DATE)`],
    [p('hour'), number(12, 2)],
    [p('minute'), number(15, 2)],
    [p('second'), number(18, 2)],
    // The regex runs only on texts with a fraction (CASE evaluates a branch for its rows only).
    [
      p('micros'),
      `CASE WHEN substr(${text}, 20, 1) = '.' THEN TRY_CAST(rpad(${d.regexExtract(text, '[.]([0-9]{1,6})', 1)}, 6, '0') AS BIGINT) ELSE 0 END`,
    ],
    [p('zone_sign'), `substr(right(${text}, 6), 1, 1)`],
    [p('zone_hour'), number(2, 2, `right(${text}, 6)`)],
    [p('zone_minute'), number(5, 2, `right(${text}, 6)`)],
  ];
  const sign = p('zone_sign');
  const zone = `(${p('zone_hour')} * 60 + ${p('zone_minute')})`;
  const valid = [
    `${p('shape')} AND ${p('date')} IS NOT NULL`,
    `${p('hour')} <= 23 AND ${p('minute')} <= 59 AND ${p('second')} <= 59`,
    `(${sign} NOT IN ('+', '-') OR (${p('zone_minute')} <= 59 AND ${zone} <= ${MAX_OFFSET_MINUTES}))`,
  ].join('\n      AND ');
  const offsetMinutes = `CASE WHEN ${sign} = '+' THEN ${zone} WHEN ${sign} = '-' THEN 0 - ${zone} ELSE 0 END`;
  const micros = [
    `CAST(${d.epochDays(p('date'))} AS BIGINT) * ${MICROS_PER_DAY}`,
    `${p('hour')} * 3600000000`,
    `${p('minute')} * 60000000`,
    `${p('second')} * 1000000`,
    `${p('micros')}`,
    `(${offsetMinutes}) * 60000000`,
  ];
  const sum = `${micros.slice(0, -1).join(' + ')} - ${micros.at(-1)}`;
  return { parts, value: `CASE WHEN ${valid}\n      THEN ${d.fromEpochMicros(sum)} END` };
}

/** The SQL of a derive function applied to a typed column (docs/contracts.md: derived columns are UTC). */
export function deriveSql(fn: DeriveFunction, typed: string, d: SqlDialect): string {
  switch (fn) {
    case 'utcDate':
      return `CAST(${typed} AS DATE)`;
    case 'isWeekendUtc':
      return d.isWeekend(typed);
  }
}
