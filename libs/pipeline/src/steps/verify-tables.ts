import type { SqlQuery } from '@lakehouse/aws';
import { DATASET_JOB_OUTCOME } from '@lakehouse/contracts';
import type { VerifyInput, VerifyOutput } from '@lakehouse/orchestration';
import type { ObjectStore } from '@lakehouse/storage';
import { readDatasetReport } from './run-documents';

export interface VerifyPorts {
  /** Athena in the cloud, DuckDB over the local tables: tables are named `<database>.<table>`. */
  readonly sql: SqlQuery;
  /** The Glue database (locally, the name the views are created in). */
  readonly database: string;
  /** The reports zone: the run's dataset reports say which tables the run published no row to. */
  readonly objects: ObjectStore;
}

/** Tables that hold no row after a run that gave them a new version. */
export class EmptyTablesError extends Error {
  override readonly name = 'EmptyTablesError';
  constructor(readonly tables: readonly string[]) {
    super(`${tables.join(', ')} ${tables.length > 1 ? 'are' : 'is'} empty after the run`);
  }
}

const quoted = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Queries every table the run gave a new version, through the catalog as users will: each must
 * be readable and hold at least one row. All tables are counted before failing, and the error
 * names every empty one (`EmptyTablesError`); an unreadable table fails with the query's error.
 *
 * A table the run published no row to (its dataset report says so) may be empty (docs/contracts.md): a
 * dataset whose every file was quarantined, rejected whole or empty, or whose every row was
 * rejected (all FK: its parent never loaded), keeps a table that never had a row — no error of
 * the run, whose warnings say why. A curated table must then hold rows only when every dataset of
 * the run got rows: built from empty tables it is empty too.
 */
export async function verifyTables(ports: VerifyPorts, input: VerifyInput): Promise<VerifyOutput> {
  const mayBeEmpty = await tablesWithoutRows(ports.objects, input);
  const tables: { table: string; rows: number }[] = [];
  for (const table of input.tables) {
    const qualified = `${ports.database}.${table}`;
    const result = await ports.sql.query(
      `SELECT COUNT(*) AS row_count FROM ${quoted(ports.database)}.${quoted(table)}`,
    );
    tables.push({ table: qualified, rows: Number(result.rows[0]?.row_count ?? 0) });
  }
  const empty = tables.filter((t, i) => t.rows === 0 && !mayBeEmpty.has(input.tables[i])).map((t) => t.table);
  if (empty.length > 0) throw new EmptyTablesError(empty);
  return { tables };
}

/** The tables of the input the run published no row to, from the run's dataset reports. */
async function tablesWithoutRows(objects: ObjectStore, input: VerifyInput): Promise<Set<string>> {
  const reports = await Promise.all(
    input.tables.map((table) => readDatasetReport(objects, input.runId, table)),
  );
  const datasets = reports.filter((r) => r.status !== DATASET_JOB_OUTCOME.REBUILT);
  const withoutRows = new Set(
    datasets.filter((r) => !r.files.some((f) => f.accepted > 0)).map((r) => r.dataset),
  );
  if (withoutRows.size > 0)
    for (const r of reports) if (r.status === DATASET_JOB_OUTCOME.REBUILT) withoutRows.add(r.dataset);
  return withoutRows;
}
