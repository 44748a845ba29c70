import { join } from 'node:path';

/**
 * Reads a published table of a local home back with a fresh DuckDB, the way any Parquet reader
 * with Hive partitioning would: `<home>/lakehouse/<table>/**\/*.parquet`, ordered by `orderBy`.
 * DuckDB is loaded on first use, so suites that never read a table do not pay for it.
 */
export async function readParquetTable(
  home: string,
  table: string,
  orderBy: string,
): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await db.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const glob = join(home, 'lakehouse', table, '**', '*.parquet');
    const reader = await conn.runAndReadAll(
      `SELECT * FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY ${orderBy}`,
    );
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
