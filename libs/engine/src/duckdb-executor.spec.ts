import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeRun } from './duckdb-executor';
import type { ExecutedRun } from './run-summary';
import { csv, HEADERS, reasonsByRow, readRejected, readTable, stageFiles, tempHome } from '../test/helpers';

/** An orders row; `ts` is the order timestamp (the date follows it unless given). */
const order = (id: number, over: Partial<Record<'num' | 'user' | 'ts' | 'amount' | 'date', string>> = {}) => {
  const ts = over.ts ?? '2024-01-15 10:00:00';
  return [
    over.num ?? '1',
    String(id),
    over.user ?? '7',
    ts,
    over.amount ?? '10.00',
    over.date ?? ts.slice(0, 10),
  ].join(',');
};
/** An order_items row. */
const item = (
  id: number,
  orderId: number,
  productId: number,
  over: Partial<Record<'days' | 'cart' | 'reordered' | 'ts', string>> = {},
) => {
  const ts = over.ts ?? '2024-01-15 10:00:00';
  return [
    id,
    orderId,
    7,
    over.days ?? '3',
    productId,
    over.cart ?? '1',
    over.reordered ?? '0',
    ts,
    ts.slice(0, 10),
  ].join(',');
};

const T = '2024-01-15 10:00:00';

/** Run 1: every file-level and row-level case of docs/contracts.md, across several files per dataset. */
const RUN1 = {
  products: [
    [
      'p-001.csv',
      csv(
        HEADERS.products,
        '1,4,produce,Apples',
        '2,4,produce,Pears',
        '3,7,bakery,Bread',
        '2,4,produce,Green Pears',
      ),
    ],
    ['p-002.csv', csv(HEADERS.products, '9,1,dairy,"Milk')], // unterminated quote: MALFORMED_FILE
  ],
  orders: [
    [
      'o-001.csv',
      csv(
        HEADERS.orders,
        ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((id) => order(id, { ts: T })),
        order(2, { ts: T, amount: '99.00' }), // row 12: same key and timestamp as row 2, later row wins
        order(13, { num: '' }), // NOT_NULL
        order(14, { user: 'x', amount: '-1' }), // TYPE and RULE
        '1,15,7', // MALFORMED_ROW
      ), // 3 of 15 rows with step-1 codes = 0.2: loads
    ],
    [
      'o-002.csv',
      csv(
        HEADERS.orders,
        order(3, { ts: T, amount: '33.00' }), // same timestamp as o-001: the later file wins
        order(4, { ts: '2024-01-14 10:00:00', amount: '44.00' }), // older than o-001's: DUPLICATE
        order(20, { ts: '2024-01-20 08:00:00' }),
      ),
    ],
    [
      'o-003.csv',
      csv(
        HEADERS.orders,
        order(5, { ts: '2024-01-30 10:00:00', amount: '55.00' }), // would win, but the file is quarantined
        order(50),
        order(51, { user: 'x' }),
        order(52, { amount: '0' }),
        order(53, { ts: '2024-13-01 00:00:00', date: '2024-01-15' }),
      ), // 3 of 5 > 0.2: quarantined
    ],
    ['o-004.csv', csv(HEADERS.orders)], // header only: EMPTY
    [
      'o-005.csv',
      csv(
        'order_num,order_id,user_id,order_timestamp,date',
        '1,60,7,2024-01-15 10:00:00,2024-01-15',
        '1,61,7,2024-01-15 10:00:00,2024-01-15',
      ),
    ],
  ],
  order_items: [
    [
      'i-001.csv',
      csv(
        HEADERS.order_items,
        item(1, 1, 1), // order 1 arrives in this same run: FK holds
        item(2, 50, 1), // order 50 only in a quarantined file: FK
        item(3, 1, 99), // FK product
        item(4, 77, 98), // both FKs
        item(5, 2, 2, { ts: T }),
        item(5, 2, 3, { ts: T }), // tie within the file: the later row wins
        item(6, 13, 1), // order 13 was rejected: FK
      ),
    ],
    [
      'i-002.csv',
      csv(
        HEADERS.order_items,
        item(10, 77, 1), // missing parent, but quarantined rows take no part in FK
        item(11, 1, 1, { reordered: '2' }),
        item(12, 1, 1, { cart: '0' }),
        item(13, 1, 1, { days: '400' }),
      ),
    ],
  ],
} as const;

/** Run 2: an incremental upsert against the stored tables. */
const RUN2 = {
  orders: [
    [
      'o-101.csv',
      csv(
        HEADERS.orders,
        order(1, { ts: '2024-01-20 10:00:00', amount: '111.00' }), // newer: replaces (and moves partition)
        order(4, { ts: '2024-01-01 10:00:00', amount: '4.00' }), // older than stored: DUPLICATE, stored kept
        order(6, { ts: T, amount: '66.00' }), // same timestamp as stored: the incoming (later) file wins
        order(30, { ts: '2024-02-01 09:00:00' }),
      ),
    ],
  ],
  order_items: [
    [
      'i-101.csv',
      csv(
        HEADERS.order_items,
        item(20, 30, 2),
        item(1, 1, 3, { ts: '2024-01-20 10:00:00' }),
        item(21, 50, 1),
      ),
    ],
  ],
} as const;

const byKey = (summary: ExecutedRun, dataset: string) =>
  Object.fromEntries(summary.datasets[dataset].files.map((f) => [f.key.split('/').pop(), f]));

describe('executeRun on DuckDB: the contracts across several files and two runs', () => {
  let home: string;
  let run1: ExecutedRun;
  let run2: ExecutedRun;

  beforeAll(async () => {
    home = await tempHome();
    run1 = await executeRun({
      home,
      manifest: await stageFiles(home, RUN1, 'run-1'),
    });
    run2 = await executeRun({
      home,
      manifest: await stageFiles(home, RUN2, 'run-2'),
    });
  }, 60_000);

  it('reports file statuses and counts, conserving rows in every file', () => {
    const statuses = Object.fromEntries(
      Object.keys(run1.datasets).flatMap((ds) =>
        run1.datasets[ds].files.map((f) => [f.key, [f.status, f.rowsIn, f.accepted, f.rejected]]),
      ),
    );
    expect(statuses).toEqual({
      'raw/products/p-001.csv': ['PROCESSED', 4, 3, 1],
      'raw/products/p-002.csv': ['REJECTED', 0, 0, 0],
      'raw/orders/o-001.csv': ['PROCESSED', 15, 10, 5],
      'raw/orders/o-002.csv': ['PROCESSED', 3, 2, 1],
      'raw/orders/o-003.csv': ['QUARANTINED', 5, 0, 5],
      'raw/orders/o-004.csv': ['EMPTY', 0, 0, 0],
      'raw/orders/o-005.csv': ['REJECTED', 2, 0, 2],
      'raw/order_items/i-001.csv': ['PROCESSED', 7, 2, 5],
      'raw/order_items/i-002.csv': ['QUARANTINED', 4, 0, 4],
    });
    for (const summary of [run1, run2]) {
      for (const ds of Object.values(summary.datasets)) {
        for (const f of ds.files) expect(f.rowsIn).toBe(f.accepted + f.rejected);
        expect(ds.rowsIn).toBe(ds.accepted + ds.rejected);
        expect(ds.rowsIn).toBe(ds.files.reduce((s, f) => s + f.rowsIn, 0));
      }
    }
    expect(byKey(run1, 'products')['p-002.csv'].error).toEqual({
      code: 'MALFORMED_FILE',
      message: expect.stringMatching(/^raw\/products\/p-002\.csv(:\d+)?: MALFORMED_FILE/),
    });
    expect(byKey(run1, 'orders')['o-005.csv'].error).toEqual({
      code: 'MISSING_COLUMN',
      message: 'raw/orders/o-005.csv: required column total_amount missing from the header',
    });
    expect(byKey(run1, 'orders')['o-003.csv'].error).toEqual({
      code: 'FILE_QUARANTINED',
      message: 'raw/orders/o-003.csv: 3 of 5 rows rejected (60.0% > 20%)',
    });
  });

  it('lists every code of every rejected row in verdict order', async () => {
    const products = await readRejected(home, 'products', 'run-1');
    expect(reasonsByRow(products, 'p-001.csv')).toEqual({ 2: ['DUPLICATE'] });
    const orders = await readRejected(home, 'orders', 'run-1');
    expect(reasonsByRow(orders, 'o-001.csv')).toEqual({
      2: ['DUPLICATE'],
      3: ['DUPLICATE'],
      13: ['NOT_NULL:order_num'],
      14: ['TYPE:user_id', 'RULE:total_amount_positive'],
      15: ['MALFORMED_ROW'],
    });
    expect(reasonsByRow(orders, 'o-002.csv')).toEqual({ 2: ['DUPLICATE'] });
    expect(reasonsByRow(orders, 'o-003.csv')).toEqual({
      1: ['FILE_QUARANTINED'],
      2: ['FILE_QUARANTINED'],
      3: ['TYPE:user_id', 'FILE_QUARANTINED'],
      4: ['RULE:total_amount_positive', 'FILE_QUARANTINED'],
      5: ['TYPE:order_timestamp', 'FILE_QUARANTINED'],
    });
    expect(reasonsByRow(orders, 'o-005.csv')).toEqual({
      1: ['MISSING_COLUMN:total_amount'],
      2: ['MISSING_COLUMN:total_amount'],
    });
    const items = await readRejected(home, 'order_items', 'run-1');
    expect(reasonsByRow(items, 'i-001.csv')).toEqual({
      2: ['FK:order_id'],
      3: ['FK:product_id'],
      4: ['FK:order_id', 'FK:product_id'],
      5: ['DUPLICATE'],
      7: ['FK:order_id'],
    });
    expect(reasonsByRow(items, 'i-002.csv')).toEqual({
      1: ['FILE_QUARANTINED'],
      2: ['RULE:reordered_flag', 'FILE_QUARANTINED'],
      3: ['RULE:add_to_cart_order_positive', 'FILE_QUARANTINED'],
      4: ['RULE:days_since_prior_order_range', 'FILE_QUARANTINED'],
    });
    expect(run1.datasets.orders.reasons).toEqual({
      MALFORMED_ROW: 1,
      NOT_NULL: 1,
      TYPE: 3,
      RULE: 2,
      MISSING_COLUMN: 2,
      DUPLICATE: 3,
      FILE_QUARANTINED: 5,
    });
  });

  it('writes rejected rows with their original cells, source file and row number', async () => {
    const orders = await readRejected(home, 'orders', 'run-1');
    expect(orders.find((r) => r._source_file === 'raw/orders/o-001.csv' && r._row === 15)).toEqual({
      order_num: '1',
      order_id: '15',
      user_id: '7',
      _source_file: 'raw/orders/o-001.csv',
      _row: 15,
      _reasons: ['MALFORMED_ROW'],
    });
    expect(orders.find((r) => r._source_file === 'raw/orders/o-005.csv' && r._row === 1)).toEqual({
      order_num: '1',
      order_id: '60',
      user_id: '7',
      order_timestamp: '2024-01-15 10:00:00',
      date: '2024-01-15',
      _source_file: 'raw/orders/o-005.csv',
      _row: 1,
      _reasons: ['MISSING_COLUMN:total_amount'],
    });
  });

  it('keeps a MALFORMED_FILE whole under rejected/', async () => {
    expect(await readFile(join(home, 'rejected/products/run-1/p-002.csv'), 'utf8')).toBe(RUN1.products[1][1]);
  });

  it('run 1 loads the winners: ties go to the later file then the later row; quarantined rows take no part', async () => {
    const products = await readTable(home, 'products', 'product_id');
    // Hive partition values come back as the reader infers them (BIGINT for department_id).
    expect(products.map((p) => [p.product_id, p.product_name, Number(p.department_id)])).toEqual([
      [1, 'Apples', 4],
      [2, 'Green Pears', 4],
      [3, 'Bread', 7],
    ]);
    expect(run1.datasets.orders.accepted).toBe(12);
    expect(run1.datasets.order_items.accepted).toBe(2);
  });

  it('run 2 upserts: a newer row replaces, an older one is DUPLICATE and the stored record stays, a tie goes to the incoming row', async () => {
    const orders = await readTable(home, 'orders', 'order_id');
    const view = Object.fromEntries(
      orders.map((o) => [o.order_id, [o.total_amount, o.order_timestamp, o.date]]),
    );
    // An order as order(id) writes it by default, read back.
    const plain = [10, `${T}+00`, '2024-01-15'];
    expect(view).toEqual({
      1: [111, '2024-01-20 10:00:00+00', '2024-01-20'],
      2: [99, `${T}+00`, '2024-01-15'],
      3: [33, `${T}+00`, '2024-01-15'],
      4: plain,
      5: plain,
      6: [66, `${T}+00`, '2024-01-15'],
      7: plain,
      8: plain,
      9: plain,
      10: plain,
      11: plain,
      20: [10, '2024-01-20 08:00:00+00', '2024-01-20'],
      30: [10, '2024-02-01 09:00:00+00', '2024-02-01'],
    });
    expect(reasonsByRow(await readRejected(home, 'orders', 'run-2'), 'o-101.csv')).toEqual({
      2: ['DUPLICATE'],
    });
    expect(byKey(run2, 'orders')['o-101.csv']).toMatchObject({
      status: 'PROCESSED',
      rowsIn: 4,
      accepted: 3,
      rejected: 1,
    });
  });

  it("checks foreign keys against the parent after this run's merge", async () => {
    expect(reasonsByRow(await readRejected(home, 'order_items', 'run-2'), 'i-101.csv')).toEqual({
      3: ['FK:order_id'],
    });
    const items = await readTable(home, 'order_items', 'id');
    expect(items.map((i) => [i.id, i.order_id, i.product_id, i.order_timestamp])).toEqual([
      [1, 1, 3, '2024-01-20 10:00:00+00'],
      [5, 2, 3, '2024-01-15 10:00:00+00'],
      [20, 30, 2, '2024-01-15 10:00:00+00'],
    ]);
  });

  it('derives is_weekend from the UTC day and keeps column types in Parquet', async () => {
    const orders = await readTable(home, 'orders', 'order_id');
    expect(orders.find((o) => o.order_id === 20)!.is_weekend).toBe(true); // Saturday 2024-01-20
    expect(orders.find((o) => o.order_id === 3)!.is_weekend).toBe(false); // Monday
    const types = await describeTable(home, 'orders');
    expect(types).toEqual({
      order_num: 'INTEGER',
      order_id: 'INTEGER',
      user_id: 'INTEGER',
      order_timestamp: 'TIMESTAMP WITH TIME ZONE',
      total_amount: 'DOUBLE',
      is_weekend: 'BOOLEAN',
      date: 'DATE',
    });
  });

  it('keeps exactly one version per table, in Hive partition folders', async () => {
    expect((await lstat(join(home, 'lakehouse/orders'))).isSymbolicLink()).toBe(true);
    expect((await readdir(join(home, 'lakehouse/orders'))).sort()).toEqual([
      'date=2024-01-15',
      'date=2024-01-20',
      'date=2024-02-01',
    ]);
    expect((await readdir(join(home, 'lakehouse/products'))).sort()).toEqual([
      'department_id=4',
      'department_id=7',
    ]);
    for (const table of ['products', 'orders', 'order_items', 'daily_sales'])
      expect(await readdir(join(home, '.versions', table))).toHaveLength(1);
  });

  it('rebuilds daily_sales from the tables after the merge', async () => {
    expect(await readTable(home, 'daily_sales', 'date')).toEqual([
      {
        date: '2024-01-15',
        orders: '10',
        items: '2',
        revenue: 268,
        distinct_customers: '1',
        reorder_rate: 0,
      },
      { date: '2024-01-20', orders: '2', items: '1', revenue: 121, distinct_customers: '1', reorder_rate: 0 },
      {
        date: '2024-02-01',
        orders: '1',
        items: '0',
        revenue: 10,
        distinct_customers: '1',
        reorder_rate: null,
      },
    ]);
  });

  it("computes the quality metrics from the plan's counts", () => {
    expect(run1.datasets.products.quality).toEqual({
      completeness: 1,
      validity: 1,
      accuracy: 1,
      consistency: 1,
      uniqueness: 0.75,
      score: 95,
      passed: true,
    });
    // orders run 1: 25 rows in; NOT_NULL 1 + MISSING_COLUMN 2 of 25 × 6 cells; TYPE/MALFORMED_ROW rows 4;
    // typed rows 25 − 2 missing − 1 malformed − 3 type = 19, with RULE 1 (o-003 row 4); FK-checked 15, DUPLICATE 3.
    expect(run1.datasets.orders.quality).toEqual({
      completeness: 147 / 150,
      validity: 21 / 25,
      accuracy: 18 / 19,
      consistency: 1,
      uniqueness: 12 / 15,
      score: expect.closeTo(((147 / 150 + 21 / 25 + 18 / 19 + 1 + 12 / 15) / 5) * 100, 1),
      passed: false,
    });
    expect(run1.status).toBe('SUCCEEDED_WITH_WARNINGS');
  });
});

async function describeTable(home: string, table: string): Promise<Record<string, string>> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet('${join(home, 'lakehouse', table)}/**/*.parquet', hive_partitioning = true)`,
    );
    return Object.fromEntries(
      reader.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
    );
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
