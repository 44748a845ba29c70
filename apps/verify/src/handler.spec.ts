import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { DuckDbSqlQuery, openDuckDb } from '@lakehouse/engine';
import { EmptyTablesError } from '@lakehouse/pipeline/steps';
import { gluedDatasetReport, openS3Objects } from '@lakehouse/pipeline/testing';
import { datasetReport, type ObjectStore } from '@lakehouse/storage';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-verify', awsRequestId: 'req-1' } as Context;
const RUN = 'run-0123456789abcdef0123456789abcdef01234567';
const DATABASE = 'lakehouse_local';

/** Parquet tables under the home: `orders` with two rows, `order_items` with none. */
async function writeTables(home: string): Promise<void> {
  const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
  try {
    for (const [table, rows] of [
      ['orders', "SELECT * FROM (VALUES (1, DATE '2024-06-01'), (2, DATE '2024-06-01')) t(order_id, date)"],
      ['order_items', 'SELECT 1 AS id WHERE false'],
    ] as const) {
      await mkdir(join(home, 'lakehouse', table), { recursive: true });
      await session.connection.run(
        `COPY (${rows}) TO '${join(home, 'lakehouse', table, 'part-0.parquet')}' (FORMAT parquet)`,
      );
    }
  } finally {
    session.close();
  }
}

/** The run's dataset reports as the Glue jobs write them: `rows` offered, `accepted` of them published. */
async function writeReports(
  objects: ObjectStore,
  reports: Record<string, { rows: number; accepted: number }>,
) {
  for (const [dataset, { rows, accepted }] of Object.entries(reports)) {
    const report = gluedDatasetReport(RUN, dataset, `raw/${dataset}/${dataset}.csv`, rows, {
      nulls: rows - accepted,
    });
    await objects.put(datasetReport(RUN, dataset), JSON.stringify(report));
  }
}

describe('the verify handler (DuckDB over local tables, the local Athena; reports on the S3 API)', () => {
  let s3: Awaited<ReturnType<typeof openS3Objects>>;
  let handler: ReturnType<typeof createHandler>;
  beforeEach(async () => {
    s3 = await openS3Objects('verify-app');
    const home = await mkdtemp(join(tmpdir(), 'lakehouse-verify-'));
    await writeTables(home);
    const sql = new DuckDbSqlQuery({ home, database: DATABASE });
    handler = createHandler(() => ({ sql, database: DATABASE, objects: s3.objects }));
  });
  afterEach(() => s3.close());

  it('counts every table the run changed, and fails naming each empty one the run published rows to', async () => {
    await writeReports(s3.objects, {
      orders: { rows: 2, accepted: 2 },
      order_items: { rows: 3, accepted: 3 },
    });
    expect(await handler({ runId: RUN, tables: ['orders'] }, context)).toEqual({
      tables: [{ table: `${DATABASE}.orders`, rows: 2 }],
    });
    const attempt = handler({ runId: RUN, tables: ['orders', 'order_items'] }, context);
    await expect(attempt).rejects.toThrow(new EmptyTablesError([`${DATABASE}.order_items`]));
    await expect(handler({ runId: RUN, tables: ['order_items'] }, context)).rejects.toMatchObject({
      name: 'EmptyTablesError',
      message: `${DATABASE}.order_items is empty after the run`,
    });
  });

  it('lets a table stay empty when the run published no row to it (every row rejected)', async () => {
    await writeReports(s3.objects, {
      orders: { rows: 2, accepted: 2 },
      order_items: { rows: 3, accepted: 0 },
    });
    expect(await handler({ runId: RUN, tables: ['orders', 'order_items'] }, context)).toEqual({
      tables: [
        { table: `${DATABASE}.orders`, rows: 2 },
        { table: `${DATABASE}.order_items`, rows: 0 },
      ],
    });
  });

  it('fails naming the report when the run has none for a table', async () => {
    await writeReports(s3.objects, { orders: { rows: 2, accepted: 2 } });
    await expect(handler({ runId: RUN, tables: ['orders', 'order_items'] }, context)).rejects.toThrow(
      /order_items/,
    );
  });

  it('fails with the query error when a table cannot be read', async () => {
    await writeReports(s3.objects, { returns: { rows: 1, accepted: 1 } });
    await expect(handler({ runId: RUN, tables: ['returns'] }, context)).rejects.toMatchObject({
      name: 'SqlQueryError',
      message: expect.stringContaining('returns'),
    });
  });
});
