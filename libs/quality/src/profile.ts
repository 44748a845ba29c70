import type { ColumnProfile } from '@lakehouse/contracts';

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
