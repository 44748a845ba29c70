import type { SqlQuery } from '@lakehouse/aws';
import type { VerifyInput, VerifyOutput } from '@lakehouse/orchestration';

export interface VerifyPorts {
  /** Athena in the cloud, DuckDB over the local tables: tables are named `<database>.<table>`. */
  readonly sql: SqlQuery;
  /** The Glue database (locally, the name the views are created in). */
  readonly database: string;
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
 */
export async function verifyTables(ports: VerifyPorts, input: VerifyInput): Promise<VerifyOutput> {
  const tables: { table: string; rows: number }[] = [];
  for (const table of input.tables) {
    const qualified = `${ports.database}.${table}`;
    const result = await ports.sql.query(
      `SELECT COUNT(*) AS row_count FROM ${quoted(ports.database)}.${quoted(table)}`,
    );
    tables.push({ table: qualified, rows: Number(result.rows[0]?.row_count ?? 0) });
  }
  const empty = tables.filter((t) => t.rows === 0).map((t) => t.table);
  if (empty.length > 0) throw new EmptyTablesError(empty);
  return { tables };
}
