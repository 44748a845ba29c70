import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { DuckDbSqlQuery, openDuckDb } from '@lakehouse/engine';
import { EmptyTablesError } from '@lakehouse/pipeline/steps';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-verify', awsRequestId: 'req-1' } as Context;
const RUN = 'run-0123456789abcdef0123456789abcdef01234567';

/** A local home with Parquet tables: `orders` with two rows, `order_items` with none. */
async function home(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'lakehouse-verify-'));
  const session = await openDuckDb({ tempDirectory: join(root, '.tmp') });
  try {
    for (const [table, rows] of [
      ['orders', "SELECT * FROM (VALUES (1, DATE '2024-06-01'), (2, DATE '2024-06-01')) t(order_id, date)"],
      ['order_items', 'SELECT 1 AS id WHERE false'],
    ] as const) {
      await mkdir(join(root, 'lakehouse', table), { recursive: true });
      await session.connection.run(
        `COPY (${rows}) TO '${join(root, 'lakehouse', table, 'part-0.parquet')}' (FORMAT parquet)`,
      );
    }
  } finally {
    session.close();
  }
  return root;
}

describe('the verify handler (DuckDB over local tables, the local Athena)', () => {
  it('counts every table the run changed, and fails naming each empty one', async () => {
    const sql = new DuckDbSqlQuery({ home: await home(), database: 'ecommerce_dwh' });
    const handler = createHandler(() => ({ sql, database: 'ecommerce_dwh' }));
    expect(await handler({ runId: RUN, tables: ['orders'] }, context)).toEqual({
      tables: [{ table: 'ecommerce_dwh.orders', rows: 2 }],
    });
    const attempt = handler({ runId: RUN, tables: ['orders', 'order_items'] }, context);
    await expect(attempt).rejects.toThrow(new EmptyTablesError(['ecommerce_dwh.order_items']));
    await expect(handler({ runId: RUN, tables: ['order_items'] }, context)).rejects.toMatchObject({
      name: 'EmptyTablesError',
      message: 'ecommerce_dwh.order_items is empty after the run',
    });
  });

  it('fails with the query error when a table cannot be read', async () => {
    const sql = new DuckDbSqlQuery({ home: await home(), database: 'ecommerce_dwh' });
    await expect(
      createHandler(() => ({ sql, database: 'ecommerce_dwh' }))({ runId: RUN, tables: ['returns'] }, context),
    ).rejects.toMatchObject({
      name: 'SqlQueryError',
      message: expect.stringContaining('returns'),
    });
  });
});
