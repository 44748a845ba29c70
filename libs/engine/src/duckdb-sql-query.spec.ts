import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlQueryError, SqlQueryRefusedError, SqlQueryTimeoutError } from '@lakehouse/aws';
import { duckdbDialect as d } from './dialects';
import { DuckDbSqlQuery, exactGlobPath } from './duckdb-sql-query';
import { openDuckDb } from './duckdb-session';
import { TableStore } from './publish';

/** Publishes a table version the way the executor does: Hive folders under .versions, linked from lakehouse/<table>. */
async function publishOrders(home: string, rows: readonly [number, number, string][]): Promise<void> {
  const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
  try {
    const tables = new TableStore(home);
    const version = await tables.newVersion('orders', 'run-1');
    mkdirSync(version, { recursive: true });
    const values = rows
      .map(([id, total, date]) => `(${id}, CAST(${total} AS DOUBLE), DATE ${d.string(date)})`)
      .join(', ');
    await session.connection.run(
      `COPY (SELECT * FROM (VALUES ${values}) v(order_id, total_amount, "date")) TO ${d.string(version)} (FORMAT parquet, PARTITION_BY ("date"))`,
    );
    await tables.publish('orders', version);
  } finally {
    session.close();
  }
}

describe('DuckDbSqlQuery', () => {
  let base: string;
  let home: string;

  beforeAll(async () => {
    // Every character DuckDB's globbing or Hive parsing could misread, and a decoy home the
    // unescaped glob "h[1]*?" would also match.
    base = mkdtempSync(join(tmpdir(), 'engine-query-'));
    home = join(base, "x=1 {a,b} 'q'", 'h[1]*?');
    const decoy = join(base, "x=1 {a,b} 'q'", 'h1ab');
    await publishOrders(home, [
      [1, 10.5, '2024-06-01'],
      [2, 20, '2024-06-02'],
    ]);
    await publishOrders(decoy, [
      [7, 1, '2024-06-01'],
      [8, 1, '2024-06-01'],
      [9, 1, '2024-06-01'],
    ]);
  }, 60_000);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const query = (sql: string, timeoutMs?: number) =>
    new DuckDbSqlQuery({ home, database: 'ecommerce_dwh' }).query(sql, { timeoutMs });

  it('reads the tables of exactly this home, as <database>.<table>, with their Hive partition columns only', async () => {
    const result = await query('SELECT * FROM ecommerce_dwh.orders ORDER BY order_id');
    expect(result.columns.map((c) => c.name)).toEqual(['order_id', 'total_amount', 'date']);
    expect(result.rows).toEqual([
      { order_id: 1, total_amount: 10.5, date: '2024-06-01' },
      { order_id: 2, total_amount: 20, date: '2024-06-02' },
    ]);
    const counts = await query('SELECT count(*) AS n, sum(order_id) AS ids FROM ecommerce_dwh.orders');
    expect(counts.columns).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 'ids', type: 'HUGEINT' },
    ]);
    expect(counts.rows).toEqual([{ n: 2, ids: 3 }]);
  });

  it('returns text as stored: a value that starts with U+FEFF keeps it', async () => {
    const result = await query(`SELECT chr(65279) || 'abc' AS v, [chr(65279)] AS l, chr(65279) AS alone`);
    expect(result.rows).toEqual([{ v: '\uFEFFabc', l: '["\uFEFF"]', alone: '\uFEFF' }]);
  });

  it("names a table that does not exist with DuckDB's reason", async () => {
    const error = await query('SELECT count(*) FROM ecommerce_dwh.order_items').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlQueryError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^query in the local tables of .*h\\[1\\].* FAILED: Catalog Error: Table with name order_items does not exist!`,
      ),
    );
  });

  it('refuses what is not one read-only query, and never runs it', async () => {
    for (const sql of [
      'DROP VIEW ecommerce_dwh.orders',
      "COPY (SELECT 1) TO 'out.csv'",
      'SELECT 1; DROP VIEW x',
    ]) {
      const error = await query(sql).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SqlQueryRefusedError);
    }
    // Past the first keyword: DuckDB binds it as an INSERT, which a view (every table here) refuses.
    const insert =
      "WITH x AS (SELECT 3, 1.0, DATE '2024-06-03') INSERT INTO ecommerce_dwh.orders SELECT * FROM x";
    await expect(query(insert)).rejects.toBeInstanceOf(SqlQueryError);
    expect((await query('SELECT count(*) AS n FROM ecommerce_dwh.orders')).rows).toEqual([{ n: 2 }]);
    expect((await query('DESCRIBE ecommerce_dwh.orders')).rows.map((r) => r.column_name)).toEqual([
      'order_id',
      'total_amount',
      'date',
    ]);
  });

  it('interrupts a query past its timeout', async () => {
    const error = await query('SELECT sum(i) FROM range(10000000000000) t(i)', 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlQueryTimeoutError);
    expect((error as Error).message).toMatch(/did not finish within 300 ms$/);
  });

  it('reads through a temporary folder whose path holds glob characters', async () => {
    const tempDirectory = join(base, 'tmp [1]*?');
    mkdirSync(tempDirectory);
    const inOddTemp = new DuckDbSqlQuery({ home, database: 'ecommerce_dwh', tempDirectory });
    expect((await inOddTemp.query('SELECT count(*) AS n FROM ecommerce_dwh.orders')).rows).toEqual([
      { n: 2 },
    ]);
  });

  it('escapes exactly the characters DuckDB globs', () => {
    expect(exactGlobPath("/a/[x]*?{y} 'z'/b")).toBe("/a/[[]x][*][?]{y} 'z'/b");
  });
});
