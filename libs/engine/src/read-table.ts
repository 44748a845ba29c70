import { join } from 'node:path';
import { duckdbDialect as d } from './dialects';
import { openDuckDb } from './duckdb-session';
import { PathLinks } from './path-links';

/**
 * Reads a published table of a local home back, the way any Parquet reader with Hive partitioning
 * would (`lakehouse/<table>/**\/*.parquet`), ordered by the column `orderBy`. The home path is
 * data: DuckDB reads the table through a link (see PathLinks), whatever characters the home holds.
 */
export async function readPublishedTable(
  home: string,
  table: string,
  orderBy: string,
): Promise<Record<string, unknown>[]> {
  const links = await PathLinks.create();
  try {
    const session = await openDuckDb({ tempDirectory: join(links.folder, 'spill') });
    try {
      const source = await links.link(join(home, 'lakehouse', table), 'table');
      const reader = await session.connection.runAndReadAll(
        `SELECT * FROM read_parquet(${d.string(`${source}/**/*.parquet`)}, hive_partitioning = true) ORDER BY ${d.ident(orderBy)}`,
      );
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      session.close();
    }
  } finally {
    await links.close();
  }
}
