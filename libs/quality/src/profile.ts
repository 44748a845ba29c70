/**
 * Per-column profile of a dataset's rows in a run. The engine computes it in SQL (one
 * `count(*) - count(col)`, `count(DISTINCT col)` per column); this library only types it and
 * feeds the null rates to anomaly detection and the report.
 */
export interface ColumnProfile {
  readonly column: string;
  /** Rows profiled (the rows read this run). */
  readonly rows: number;
  /** Null (empty) cells. */
  readonly nulls: number;
  /** nulls ÷ rows, 0 when there are no rows (see `nullRate`). */
  readonly nullRate: number;
  /** Distinct non-null values. */
  readonly distinct: number;
}

/** Header columns a file had beyond the contract, and optional contract columns it lacked (CONTRACTS "Reading a file"). */
export interface SchemaDriftRecord {
  readonly file: string;
  readonly extraColumns: readonly string[];
  readonly missingOptionalColumns: readonly string[];
}

/** nulls ÷ rows; 0 for zero rows, since an empty column has no missing values to report. */
export function nullRate(nulls: number, rows: number): number {
  if (rows < 0 || nulls < 0 || nulls > rows)
    throw new RangeError(`nullRate: need 0 ≤ nulls (${nulls}) ≤ rows (${rows})`);
  return rows === 0 ? 0 : nulls / rows;
}

/** A profile from SQL counts, with the null rate derived so it cannot disagree with them. */
export function columnProfile(column: string, rows: number, nulls: number, distinct: number): ColumnProfile {
  return { column, rows, nulls, nullRate: nullRate(nulls, rows), distinct };
}
