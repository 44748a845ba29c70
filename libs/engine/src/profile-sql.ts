import type { DatasetContract } from '@lakehouse/contracts';
import type { SqlDialect } from './dialects';
import { relationNames } from './relations';

/**
 * Per-column null count and distinct count over the run's rows in, in one pass over the staged
 * rows (every cell as read, trimmed; NULL = empty). Distinct counts are HyperLogLog estimates
 * (`approx_count_distinct`, in both engines): exact counts would sort every column of every row.
 */
export function columnProfileSql(contract: DatasetContract, d: SqlDialect): string {
  const aggregates = contract.columns.flatMap((c) => [
    `COUNT(*) - COUNT(${d.ident(c.name)}) AS ${d.ident(`${c.name}__nulls`)}`,
    `approx_count_distinct(${d.ident(c.name)}) AS ${d.ident(`${c.name}__distinct`)}`,
  ]);
  return [
    'SELECT',
    `  ${['COUNT(*) AS rows_in', ...aggregates].join(',\n  ')}`,
    `FROM ${relationNames(contract.name).raw}`,
  ].join('\n');
}

export interface ProfiledColumn {
  readonly column: string;
  readonly rows: number;
  readonly nulls: number;
  readonly distinct: number;
}

/** Turns the one-row profile relation into one entry per contract column. */
export function readProfileRow(
  contract: DatasetContract,
  row: Readonly<Record<string, unknown>>,
): ProfiledColumn[] {
  const rows = Number(row.rows_in ?? 0);
  return contract.columns.map((c) => ({
    column: c.name,
    rows,
    nulls: Number(row[`${c.name}__nulls`] ?? 0),
    distinct: Math.min(Number(row[`${c.name}__distinct`] ?? 0), rows),
  }));
}
