import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbSqlQuery } from '@lakehouse/engine';
import { LOCAL_CATALOG_DATABASE } from '@lakehouse/storage';
import { recordingLogger } from '@lakehouse/testing';
import { csv, ITEMS, ORDERS, PRODUCTS, readRejected, tempDir, writeRaw } from '../test/fixtures';
import { runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');
const products = (from: number, n: number, bad = 0) =>
  Array.from({ length: n }, (_, i) => `${from + i},${i < bad ? 'x' : '4'},produce,Item ${from + i}`);

describe('whole-file outcomes are warnings of the run', () => {
  it('a file rejected whole (malformed, a required column missing) or quarantined makes the run SUCCEEDED_WITH_WARNINGS', async () => {
    const raw = await writeRaw(await tempDir('outcomes-raw'), {
      'products/a-good.csv': csv(PRODUCTS, ...products(1, 200)),
      'products/b-malformed.csv': csv(PRODUCTS, '"unclosed,4,produce,X'),
      'products/c-missing.csv': csv('product_id,department,product_name', '900,produce,Y'),
      'products/d-quarantined.csv': csv(PRODUCTS, ...products(1000, 4, 2)),
    });
    const { summary } = await runLocalPipeline({
      logger,
      raw,
      home: await tempDir('outcomes-home'),
      runStart,
    });
    expect(summary.datasets.products.files.map((f) => [f.key, f.status])).toEqual([
      ['raw/products/a-good.csv', 'PROCESSED'],
      ['raw/products/b-malformed.csv', 'REJECTED'],
      ['raw/products/c-missing.csv', 'REJECTED'],
      ['raw/products/d-quarantined.csv', 'QUARANTINED'],
    ]);
    expect(summary.datasets.products.quality.passed).toBe(true); // no threshold was breached
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.warnings).toEqual([
      expect.stringMatching(
        /^products: REJECTED: raw\/products\/b-malformed\.csv: MALFORMED_FILE: quote not closed/,
      ),
      'products: REJECTED: raw/products/c-missing.csv: required column department_id missing from the header',
      'products: QUARANTINED: raw/products/d-quarantined.csv: 2 of 4 rows rejected (50.0% > 20%)',
    ]);
  });

  it('a run whose files all loaded is SUCCEEDED, without warnings', async () => {
    const raw = await writeRaw(await tempDir('outcomes-clean'), {
      'products/a.csv': csv(PRODUCTS, ...products(1, 10)),
    });
    const { summary } = await runLocalPipeline({
      logger,
      raw,
      home: await tempDir('outcomes-clean-home'),
      runStart,
    });
    expect([summary.status, summary.warnings]).toEqual(['SUCCEEDED', []]);
  });
});

describe("a first run whose dataset's only file is quarantined", () => {
  it('is SUCCEEDED_WITH_WARNINGS: the file QUARANTINED and reported, the table empty, its children rejected by FK', async () => {
    const home = await tempDir('first-quarantined-home');
    const raw = await writeRaw(await tempDir('first-quarantined-raw'), {
      'products/p.csv': csv(PRODUCTS, ...products(1, 4, 2)),
      'orders/o.csv': csv(ORDERS, '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10'),
      'order_items/i.csv': csv(ITEMS, '1,100,7,,3,1,0,2024-01-10 10:00:00,2024-01-10'),
    });
    const { summary } = await runLocalPipeline({ logger, raw, home, runStart });

    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.datasets.products).toMatchObject({
      rowsIn: 4,
      accepted: 0,
      files: [{ key: 'raw/products/p.csv', status: 'QUARANTINED', rowsIn: 4, rejected: 4 }],
    });
    // The item's product never loaded: the child's FK check refuses it, nothing passes unchecked.
    expect(summary.datasets.order_items).toMatchObject({ accepted: 0, rejected: 1, reasons: { FK: 1 } });
    expect((await readRejected(home, 'order_items')).map((r) => r._reasons)).toEqual([['FK:product_id']]);
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        'products: QUARANTINED: raw/products/p.csv: 2 of 4 rows rejected (50.0% > 20%)',
        'order_items: quality gate warned: consistency 0 < 0.99',
      ]),
    );

    // The tables read through the catalog names: products empty (never had a row), orders loaded.
    const sql = new DuckDbSqlQuery({ home, database: LOCAL_CATALOG_DATABASE });
    const count = async (table: string) =>
      Number((await sql.query(`SELECT count(*) AS n FROM ${LOCAL_CATALOG_DATABASE}.${table}`)).rows[0].n);
    expect([await count('products'), await count('orders'), await count('order_items')]).toEqual([0, 1, 0]);

    // The run verified the tables it published rows to, and ended; the file is archived.
    const state = await openLocalState(join(home, 'state'));
    try {
      const run = await state.store.runs.get(summary.runId);
      expect(run?.status).toBe('SUCCEEDED_WITH_WARNINGS');
      expect(run?.steps.filter((s) => s.name === 'verify').map((s) => s.status)).toEqual([
        'STARTED',
        'SUCCEEDED',
      ]);
      const file = (await state.store.files.listByRun(summary.runId)).find((f) => f.dataset === 'products')!;
      expect(file).toMatchObject({ key: 'raw/products/p.csv', status: 'ARCHIVED' });
      expect(file.history.map((h) => h.event)).toEqual(['RECEIVED', 'CLAIMED', 'QUARANTINED', 'ARCHIVED']);
    } finally {
      await state.close();
    }
    expect(await readdir(join(home, 'archived', 'products', summary.runId))).toEqual(['p.csv']);

    // The next good products file loads; the quarantined one is not offered again.
    const next = await writeRaw(await tempDir('first-quarantined-next'), {
      'products/p2.csv': csv(PRODUCTS, ...products(1, 4)),
    });
    const second = await runLocalPipeline({ logger, raw: next, home, runStart });
    expect([second.summary.status, second.summary.datasets.products.accepted]).toEqual(['SUCCEEDED', 4]);
    expect(await count('products')).toBe(4);
  }, 120_000);

  it('a parent loaded beside an orders file quarantined on a fresh home: no table is an error, the curated one empty', async () => {
    const home = await tempDir('orders-quarantined-home');
    const raw = await writeRaw(await tempDir('orders-quarantined-raw'), {
      'products/p.csv': csv(PRODUCTS, ...products(1, 4)),
      'orders/o.csv': csv(ORDERS, '1,100,7,2024-01-10 10:00:00,-1,2024-01-10'),
    });
    const { summary } = await runLocalPipeline({ logger, raw, home, runStart });
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.datasets.orders.files.map((f) => f.status)).toEqual(['QUARANTINED']);
    const sql = new DuckDbSqlQuery({ home, database: LOCAL_CATALOG_DATABASE });
    const count = async (table: string) =>
      Number((await sql.query(`SELECT count(*) AS n FROM ${LOCAL_CATALOG_DATABASE}.${table}`)).rows[0].n);
    expect([await count('products'), await count('orders'), await count('daily_sales')]).toEqual([4, 0, 0]);
  }, 120_000);
});
