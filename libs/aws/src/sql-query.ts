import { AdapterError } from './errors';

/** A value of a result row: numbers and booleans as such, everything else as the engine's text. */
export type SqlValue = string | number | boolean | null;

export interface SqlColumn {
  readonly name: string;
  /** The engine's own type name (Athena: `bigint`, `varchar`…; DuckDB: `BIGINT`, `VARCHAR`…). */
  readonly type: string;
}

export interface SqlResult {
  /** Athena's query execution id (absent locally). */
  readonly queryId?: string;
  readonly columns: readonly SqlColumn[];
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
}

export interface SqlQueryOptions {
  /** The whole query, start to last row, in ms. @default the adapter's (Athena 5 minutes, DuckDB 1 minute) */
  readonly timeoutMs?: number;
}

/**
 * Runs one read-only SQL query over the lakehouse tables, named as in the Glue catalog
 * (`<database>.<table>`): Athena in the cloud, DuckDB over the home's Parquet tables locally.
 */
export interface SqlQuery {
  query(sql: string, options?: SqlQueryOptions): Promise<SqlResult>;
}

/** The query is not one read-only statement: refused before it runs. */
export class SqlQueryRefusedError extends AdapterError {
  override readonly name = 'SqlQueryRefusedError';
  readonly code = 'SQL_QUERY_REFUSED';
  readonly transient = false;
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`query refused by ${target}: ${reason}`);
  }
}

/** The query ran and failed (or was cancelled), with the engine's reason. */
export class SqlQueryError extends AdapterError {
  override readonly name = 'SqlQueryError';
  readonly code = 'SQL_QUERY_FAILED';
  readonly transient = false;
  constructor(
    readonly target: string,
    readonly state: string,
    readonly reason: string,
    readonly queryId?: string,
    options?: { cause?: unknown },
  ) {
    super(`query ${queryId ? `${queryId} ` : ''}in ${target} ${state}: ${reason}`, options);
  }
}

/** The query did not finish within its timeout (Athena: it was also stopped). */
export class SqlQueryTimeoutError extends AdapterError {
  override readonly name = 'SqlQueryTimeoutError';
  readonly code = 'SQL_QUERY_TIMEOUT';
  readonly transient = true;
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    readonly queryId?: string,
  ) {
    super(`query ${queryId ? `${queryId} ` : ''}in ${target} did not finish within ${timeoutMs} ms`);
  }
}

/** A transient failure (throttling, 5xx, a retryable engine error) that outlasted the retries. */
export class SqlQueryUnavailableError extends AdapterError {
  override readonly name = 'SqlQueryUnavailableError';
  readonly code = 'SQL_QUERY_UNAVAILABLE';
  readonly transient = true;
  constructor(
    readonly target: string,
    detail: string,
    readonly queryId?: string,
    options?: { cause?: unknown },
  ) {
    super(
      `query ${queryId ? `${queryId} ` : ''}in ${target} failed, still unavailable after retries: ${detail}`,
      options,
    );
  }
}

export const SQL_QUERY_TRANSIENT_ERRORS = ['SqlQueryTimeoutError', 'SqlQueryUnavailableError'] as const;

const READ_ONLY_STATEMENTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'SHOW', 'DESCRIBE']);

/**
 * Why `sql` is not a read-only query, by its first keyword after comments and parentheses. Both
 * engines take one statement per call (DuckDB's adapter also checks the parsed statement type),
 * and writing is the catalog's and the workgroup's permissions to forbid as well.
 */
export function readOnlyProblem(sql: string): string | undefined {
  if (typeof sql !== 'string') return 'it is not text';
  const body = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  const keyword = /^[A-Za-z]+/.exec(body)?.[0]?.toUpperCase();
  if (!keyword) return 'it holds no statement';
  return READ_ONLY_STATEMENTS.has(keyword)
    ? undefined
    : `a ${keyword} statement is not a read-only query (allowed: ${[...READ_ONLY_STATEMENTS].join(', ')})`;
}

export function assertReadOnlySql(target: string, sql: string): void {
  const problem = readOnlyProblem(sql);
  if (problem) throw new SqlQueryRefusedError(target, problem);
}

const INTEGER_TYPES =
  /^(tinyint|smallint|integer|int|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint)$/i;
const FLOAT_TYPES = /^(real|float|double)$/i;

/**
 * A result value as SqlValue, by its column type: integers as numbers (a value beyond 2^53 stays
 * exact text), floating point as numbers, booleans as booleans, NULL as null, anything else
 * (decimals, dates, timestamps, nested values) as text.
 */
export function sqlValue(value: unknown, type: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (/^boolean$/i.test(type)) return value === true || value === 'true';
  if (INTEGER_TYPES.test(type)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : String(value);
  }
  if (FLOAT_TYPES.test(type)) return Number(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Rows as records keyed by column name; two columns of one name would lose one, so they are refused. */
export function rowRecords(
  target: string,
  columns: readonly SqlColumn[],
  rows: readonly (readonly unknown[])[],
  queryId?: string,
): Record<string, SqlValue>[] {
  const names = columns.map((c) => c.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    throw new SqlQueryError(
      target,
      'FAILED',
      `two result columns are named "${repeated}": alias them`,
      queryId,
    );
  }
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, sqlValue(row[i], c.type)])));
}
