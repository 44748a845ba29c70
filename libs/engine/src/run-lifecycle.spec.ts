import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRegistry, defineContract, products, type RunManifest } from '@lakehouse/contracts';
import { executeRun } from './duckdb-executor';
import {
  asRun,
  csv,
  HEADERS,
  readRejected,
  readTable,
  RUN_START,
  stageFiles,
  tempHome,
} from '../test/helpers';

const ORDERS_HEADER = HEADERS.orders;
const ITEMS_HEADER = HEADERS.order_items;

const FILES = {
  products: [
    [
      'p-1.csv',
      csv(
        HEADERS.products,
        '1,4,produce,Apples',
        '2,4,produce,Pears',
        '2,4,produce,Green Pears',
        'x,4,produce,Bad',
        '5,4,produce,Plums',
      ),
    ],
    ['p-2.csv', csv(HEADERS.products, '3,7,bakery,Bread', '1,4,produce,Red Apples')],
  ],
  orders: [
    [
      'o-1.csv',
      csv(
        ORDERS_HEADER,
        '1,10,7,2024-01-15 10:00:00,12.50,2024-01-15',
        '1,11,7,2024-01-15 11:00:00,5,2024-01-15',
        '1,10,7,2024-01-15 09:00:00,1,2024-01-15',
      ),
    ],
    [
      'o-2.csv',
      csv(
        ORDERS_HEADER,
        '2,11,7,2024-01-15 11:00:00,6,2024-01-15',
        '1,12,8,2024-01-16T01:00:00+02:00,7.25,2024-01-15',
      ),
    ],
  ],
  order_items: [
    [
      'i-1.csv',
      csv(
        ITEMS_HEADER,
        '1,10,7,,1,1,0,2024-01-15 10:00:00,2024-01-15',
        '2,11,7,3,3,1,1,2024-01-15 11:00:00,2024-01-15',
        '3,99,7,3,3,1,1,2024-01-15 11:00:00,2024-01-15',
      ),
    ],
  ],
} as const;

const snapshot = async (home: string) => ({
  products: await readTable(home, 'products', 'product_id'),
  orders: await readTable(home, 'orders', 'order_id'),
  order_items: await readTable(home, 'order_items', 'id'),
  daily_sales: await readTable(home, 'daily_sales', 'date'),
});

describe('idempotence', () => {
  it('re-running the same files as a new run leaves every table unchanged; identical rows are no-op upserts', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, FILES);
    const first = await executeRun({ home, manifest: asRun(manifest, 'first') });
    const before = await snapshot(home);
    const again = await executeRun({ home, manifest: asRun(manifest, 'again') });
    expect(await snapshot(home)).toEqual(before);
    // The same verdicts: a re-delivered row ties with its stored copy and, coming from the later
    // file, wins — an upsert that changes nothing. Rows that lost within the files lose again.
    expect({ ...again, runId: 'first' }).toEqual(first);
    expect(await readRejected(home, 'products', 'again')).toEqual(
      await readRejected(home, 'products', 'first'),
    );
    for (const ds of Object.values(again.datasets))
      for (const f of ds.files) expect(f.rowsIn).toBe(f.accepted + f.rejected);
    expect(before.products.map((p) => [p.product_id, p.product_name])).toEqual([
      [1, 'Red Apples'],
      [2, 'Green Pears'],
      [3, 'Bread'],
      [5, 'Plums'],
    ]);
    // 2024-01-16T01:00:00+02:00 is 2024-01-15 23:00 UTC: the date rule reads the UTC day.
    expect(before.orders.map((o) => [o.order_id, o.order_timestamp])).toEqual([
      [10, '2024-01-15 10:00:00+00'],
      [11, '2024-01-15 11:00:00+00'],
      [12, '2024-01-15 23:00:00+00'],
    ]);
  }, 30_000);
});

describe('atomic publish', () => {
  it('a crash between writing and publishing leaves the previous version intact and readable', async () => {
    const home = await tempHome();
    await executeRun({
      home,
      manifest: asRun(await stageFiles(home, { products: FILES.products }), 'r1'),
    });
    const before = await readTable(home, 'products', 'product_id');

    const update = await stageFiles(home, {
      products: [['p-3.csv', csv(HEADERS.products, '1,4,produce,Crashed Apples', '4,9,frozen,Peas')]],
    });
    const crash = () => {
      throw new Error('injected crash before publish');
    };
    await expect(
      executeRun({
        home,
        manifest: asRun(update, 'r2'),
        faults: { beforePublish: (t) => (t === 'products' ? crash() : undefined) },
      }),
    ).rejects.toThrow('injected crash before publish');
    expect(await readTable(home, 'products', 'product_id')).toEqual(before);
    expect((await readdir(join(home, 'lakehouse/products'))).sort()).toEqual([
      'department_id=4',
      'department_id=7',
    ]);
    expect(await readdir(join(home, '.versions/products'))).toHaveLength(2); // the published one and the orphan

    // The next run recovers (drops the orphan) and publishes.
    await executeRun({ home, manifest: asRun(update, 'r3') });
    expect((await readTable(home, 'products', 'product_id')).map((p) => p.product_name)).toEqual([
      'Crashed Apples',
      'Green Pears',
      'Bread',
      'Peas',
      'Plums',
    ]);
    expect(await readdir(join(home, '.versions/products'))).toHaveLength(1);
    expect((await lstat(join(home, 'lakehouse/products'))).isSymbolicLink()).toBe(true);
  }, 30_000);
});

describe('write–audit–publish with onBreach: block', () => {
  const strictProducts = defineContract({
    ...products,
    quality: { thresholds: { validity: 0.99 }, onBreach: 'block' },
  });
  const registry = createRegistry([strictProducts]);

  it('publishes nothing of a dataset that breaches, and the run FAILS', async () => {
    const home = await tempHome();
    const good = await stageFiles(home, {
      products: [['p-1.csv', csv(HEADERS.products, '1,4,produce,Apples', '2,4,produce,Pears')]],
    });
    expect((await executeRun({ home, manifest: asRun(good, 'ok'), registry })).status).toBe('SUCCEEDED');
    const before = await readTable(home, 'products', 'product_id');

    const rows = [
      '1,4,produce,Changed',
      ...Array.from({ length: 8 }, (_, i) => `${i + 10},4,produce,P${i}`),
      'x,4,produce,Bad',
    ];
    const bad = await stageFiles(home, { products: [['p-2.csv', csv(HEADERS.products, ...rows)]] });
    const summary = await executeRun({
      home,
      manifest: asRun(bad, 'blocked'),
      registry,
    });
    expect(summary.status).toBe('FAILED');
    expect(summary.datasets.products).toMatchObject({
      rowsIn: 10,
      accepted: 9,
      rejected: 1,
      published: false,
      quality: { validity: 0.9, passed: false },
    });
    expect(await readTable(home, 'products', 'product_id')).toEqual(before);
    expect(await readRejected(home, 'products', 'blocked')).toEqual([
      {
        product_id: 'x',
        department_id: '4',
        department: 'produce',
        product_name: 'Bad',
        _source_file: 'raw/products/p-2.csv',
        _row: 10,
        _reasons: ['TYPE:product_id'],
      },
    ]);
  }, 30_000);
});

describe('runs without work', () => {
  const run = (datasets: RunManifest['datasets']): RunManifest => ({
    runId: 'none',
    runStart: RUN_START.toISOString(),
    datasets,
  });

  it('NOTHING_TO_DO without files', async () => {
    const home = await tempHome();
    expect(await executeRun({ home, manifest: run({}) })).toEqual({
      runId: 'none',
      status: 'NOTHING_TO_DO',
      datasets: {},
      crossChecks: [],
    });
    expect(await executeRun({ home, manifest: run({ orders: [] }) })).toMatchObject({
      status: 'NOTHING_TO_DO',
    });
  });

  it('refuses a manifest naming an unknown dataset, with a typed error', async () => {
    const home = await tempHome();
    await expect(executeRun({ home, manifest: run({ customers: [] }) })).rejects.toMatchObject({
      name: 'UnknownDatasetError',
      code: 'UNKNOWN_DATASET',
      message: expect.stringMatching(/unknown dataset "customers"/),
    });
  });

  it('refuses a manifest that is not a run manifest, naming the field', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [['p.csv', csv(HEADERS.products, '1,4,produce,Kale')]],
    });
    const renumbered = {
      ...manifest,
      datasets: { products: [{ ...manifest.datasets.products[0], fileSeq: 2 }] },
    };
    await expect(executeRun({ home, manifest: renumbered })).rejects.toMatchObject({
      name: 'DocumentError',
      message: expect.stringContaining('datasets.products[0].fileSeq: expected 1'),
    });
  });

  it('refuses a key that leads outside the home: keys are data', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [['p.csv', csv(HEADERS.products, '1,4,produce,Kale')]],
    });
    const escaping = {
      ...manifest,
      datasets: { products: [{ ...manifest.datasets.products[0], key: 'raw/../../etc/passwd' }] },
    };
    await expect(executeRun({ home, manifest: escaping })).rejects.toMatchObject({ code: 'UNSAFE_KEY' });
  });

  it('an empty file is EMPTY, not an error, and loads nothing', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [
        ['p.csv', csv(HEADERS.products)],
        ['q.csv', ''],
      ],
    });
    const summary = await executeRun({ home, manifest: asRun(manifest, 'empty') });
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.datasets.products.files.map((f) => [f.status, f.rowsIn])).toEqual([
      ['EMPTY', 0],
      ['EMPTY', 0],
    ]);
    expect(await readTable(home, 'products', 'product_id')).toEqual([]);
  });
});
