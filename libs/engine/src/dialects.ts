import type { Dialect, SqlType } from './plan';

/**
 * The few places where DuckDB 1.5 and Spark 3.5 SQL differ. Everything else in a plan is written
 * once, in the common subset both engines parse (no QUALIFY, no ANTI JOIN, no lambdas, no
 * list/array functions: code lists are comma-joined strings built with `concat_ws`, which skips
 * NULLs in both engines).
 */
export interface SqlDialect {
  readonly name: Dialect;
  /** Quotes an identifier: `"date"` (DuckDB) or `` `date` `` (Spark). */
  ident(name: string): string;
  /** A string literal. Spark processes backslash escapes and concatenates adjacent literals, so `''` is not an escape there. */
  string(value: string): string;
  /** The SQL spelling of a column type. */
  type(type: SqlType): string;
  /**
   * True when the whole text matches the pattern (a TYPE_PATTERNS string, anchored with ^ and $).
   * Java's `$` also matches before a final line terminator (U+0085 survives JS trimming), so the
   * Spark form anchors the end with `\z`; RE2's `$` already means the end of the text.
   */
  fullMatch(expr: string, anchoredPattern: string): string;
  /** Group `group` of the first match of a regular expression, '' when none (same in both). */
  regexExtract(expr: string, pattern: string, group: number): string;
  /** Days from 1970-01-01 to a DATE, as an integer. */
  epochDays(dateExpr: string): string;
  /** Microseconds from the epoch of a TIMESTAMP (UTC), as BIGINT. */
  epochMicros(timestampExpr: string): string;
  /** The TIMESTAMP (UTC instant) at a BIGINT number of microseconds from the epoch. */
  fromEpochMicros(microsExpr: string): string;
  /** True when the UTC day of a TIMESTAMP is a Saturday or Sunday. */
  isWeekend(timestampExpr: string): string;
  /**
   * The session settings the plans rely on, each named once here: the plan carries them (a runner
   * sets and checks them before any statement) and starts with a SET statement for each.
   */
  readonly sessionSettings: Readonly<Record<string, string>>;
  /** The statement that sets one session setting. */
  set(name: string, value: string): string;
  /**
   * The statements that compute `query` once and keep it as `name` for later statements. Each
   * replaces what an earlier run in the same session left under that name, so a retried step works.
   */
  materialize(name: string, query: string): readonly string[];
  /** A statement that names `query` as `name` without computing it (a view). */
  view(name: string, query: string): string;
}

const anchoredBody = (pattern: string): string => {
  if (!pattern.startsWith('^') || !pattern.endsWith('$'))
    throw new Error(`pattern must be anchored with ^…$: ${pattern}`);
  return pattern.slice(1, -1);
};

const DUCKDB_TYPES: Record<SqlType, string> = {
  INT: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  STRING: 'VARCHAR',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  string: (value) => `'${value.replace(/'/g, "''")}'`,
  type: (type) => DUCKDB_TYPES[type],
  fullMatch: (expr, pattern) =>
    `regexp_full_match(${expr}, ${duckdbDialect.string(`^${anchoredBody(pattern)}$`)})`,
  regexExtract: (expr, pattern, group) =>
    `regexp_extract(${expr}, ${duckdbDialect.string(pattern)}, ${group})`,
  epochDays: (d) => `(${d} - DATE '1970-01-01')`,
  epochMicros: (ts) => `epoch_us(${ts})`,
  fromEpochMicros: (us) => `make_timestamp(${us})`,
  isWeekend: (ts) => `(isodow(${ts}) >= 6)`,
  sessionSettings: { TimeZone: 'UTC' },
  set: (name, value) => `SET ${name} = ${duckdbDialect.string(value)}`,
  materialize: (name, query) => [`CREATE OR REPLACE TEMPORARY TABLE ${name} AS\n${query}`],
  view: (name, query) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${query}`,
};

export const sparkDialect: SqlDialect = {
  name: 'spark',
  ident: (name) => `\`${name.replace(/`/g, '``')}\``,
  string: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  type: (type) => type,
  fullMatch: (expr, pattern) => `(${expr} RLIKE ${sparkDialect.string(`^${anchoredBody(pattern)}\\z`)})`,
  regexExtract: (expr, pattern, group) =>
    `regexp_extract(${expr}, ${sparkDialect.string(pattern)}, ${group})`,
  epochDays: (d) => `unix_date(${d})`,
  epochMicros: (ts) => `unix_micros(${ts})`,
  fromEpochMicros: (us) => `timestamp_micros(${us})`,
  // dayofweek: 1 = Sunday … 7 = Saturday
  isWeekend: (ts) => `(dayofweek(${ts}) IN (1, 7))`,
  sessionSettings: {
    // Instants are computed in UTC, as DuckDB's session does.
    'spark.sql.session.timeZone': 'UTC',
    // The plans' casts and arithmetic are guarded for the default (non-ANSI) semantics: ANSI mode
    // turns a NULL result of a guarded expression into a failed query.
    'spark.sql.ansi.enabled': 'false',
    // The typing guards write `\\z` in string literals: true would make every typed cell TYPE:.
    'spark.sql.parser.escapedStringLiterals': 'false',
  },
  set: (name, value) => `SET ${name} = ${value}`,
  // CACHE TABLE x AS … refuses to replace an existing view: replace the view, then cache it (eager).
  materialize: (name, query) => [
    `CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${query}`,
    `CACHE TABLE ${name}`,
  ],
  view: (name, query) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${query}`,
};

export function dialectOf(name: Dialect): SqlDialect {
  return name === 'duckdb' ? duckdbDialect : sparkDialect;
}
