import { createRegistry, defineContract, orderItems, orders, products } from '@lakehouse/contracts';
import { asRun, csv, HEADERS, stageFiles, tempHome } from '../test/helpers';
import { executeRun } from './duckdb-executor';
import type { ExecutedRun } from './run-summary';

/** Products 1–10 (two rejected); orders 100–104 (104 has no item); items with one user_id that differs from its order's. */
async function runFixture(): Promise<ExecutedRun> {
  const home = await tempHome();
  const manifest = await stageFiles(home, {
    products: [
      [
        'p.csv',
        csv(
          HEADERS.products,
          '1,4,produce,Bananas',
          '2,4,produce,Pears',
          '3,16,dairy eggs,Milk',
          ...[4, 5, 6, 7, 8].map((id) => `${id},4,produce,Item ${id}`),
          '9,4,produce,', // NOT_NULL
          '10,x,produce,Kiwis', // TYPE (2 of 10 rejected: at the ratio, the file loads)
        ),
      ],
    ],
    orders: [
      [
        'o.csv',
        csv(
          HEADERS.orders,
          '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10',
          '1,101,8,2024-01-11 11:00:00,20,2024-01-11',
          '1,102,9,2024-01-12 12:00:00,30,2024-01-12',
          '1,103,9,2024-01-13 12:00:00,40,2024-01-13',
          '1,104,10,2024-01-14 12:00:00,50,2024-01-14',
        ),
      ],
    ],
    order_items: [
      [
        'i.csv',
        csv(
          HEADERS.order_items,
          '1,100,7,,1,1,0,2024-01-10 10:00:00,2024-01-10',
          '2,101,8,3,2,1,0,2024-01-11 11:00:00,2024-01-11',
          '3,102,99,,3,1,0,2024-01-12 12:00:00,2024-01-12', // user 99 ≠ order 102's user 9
          '4,103,9,5,3,1,1,2024-01-13 12:00:00,2024-01-13',
          '5,103,9,,1,2,0,2024-01-13 12:00:00,2024-01-13',
        ),
      ],
    ],
  });
  return executeRun({ home, manifest: asRun(manifest, 'run-quality-inputs') });
}

describe('quality inputs computed by the plan', () => {
  let summary: ExecutedRun;
  beforeAll(async () => {
    summary = await runFixture();
  }, 60_000);

  it('profiles every column over the rows in: nulls and distinct values', () => {
    const items = Object.fromEntries(summary.datasets.order_items.columns!.map((c) => [c.column, c]));
    expect(items.days_since_prior_order).toEqual({
      column: 'days_since_prior_order',
      rows: 5,
      nulls: 3,
      nullRate: 0.6,
      distinct: 2,
    });
    expect(items.user_id).toMatchObject({ rows: 5, nulls: 0, distinct: 4 });
    const products = Object.fromEntries(summary.datasets.products.columns!.map((c) => [c.column, c]));
    expect(products.product_name).toMatchObject({ rows: 10, nulls: 1, nullRate: 0.1 });
    expect(products.department).toMatchObject({ nulls: 0, distinct: 2 });
  });

  it('hands the plan counts to the quality library, with the gate verdict', () => {
    expect(summary.datasets.products.counts).toMatchObject({
      rowsIn: 10,
      requiredColumns: 4,
      notNullViolations: 1,
      invalidRows: 1,
    });
    expect(summary.datasets.products.quality).toMatchObject({
      completeness: 0.975,
      validity: 0.9,
      passed: false,
    });
    expect(summary.datasets.products.gate).toEqual({ action: 'warn', reason: 'validity 0.9 < 0.97' });
  });

  it('checks that every accepted order of the run has an accepted item, with examples', () => {
    expect(summary.crossChecks!.find((c) => c.name === 'orders_have_items')).toEqual({
      name: 'orders_have_items',
      description: 'every accepted order of the run has at least one accepted item in the run',
      checked: 5,
      violations: 1,
      examples: [{ order_id: 104 }],
    });
  });

  it("checks that an item's user_id is its order's, with examples", () => {
    expect(summary.crossChecks!.find((c) => c.name === 'item_user_matches_order')).toMatchObject({
      checked: 5,
      violations: 1,
      examples: [{ id: 3, order_id: 102, order_items_user_id: 99, orders_user_id: 9 }],
    });
  });

  it('skips a cross-check whose datasets did not both run', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [['p.csv', csv(HEADERS.products, '1,4,produce,Bananas')]],
    });
    const only = await executeRun({ home, manifest: asRun(manifest, 'run-products-only') });
    expect(only.crossChecks).toEqual([]);
  });

  it('skips a check over the run keys of a dataset that did not publish (a Glue job writes them only then)', async () => {
    const blockingOrders = defineContract({
      ...orders,
      quality: { thresholds: { validity: 0.99 }, onBreach: 'block' },
    });
    const registry = createRegistry([products, blockingOrders, orderItems]);
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [['p.csv', csv(HEADERS.products, '1,4,produce,Bananas')]],
      orders: [
        [
          'o.csv',
          csv(
            HEADERS.orders,
            ...[100, 101, 102, 103].map((id) => `1,${id},7,2024-01-10 10:00:00,10.5,2024-01-10`),
            '1,x,7,2024-01-10 10:00:00,10.5,2024-01-10', // TYPE: validity 0.8 blocks orders
          ),
        ],
      ],
      order_items: [['i.csv', csv(HEADERS.order_items, '1,100,7,,1,1,0,2024-01-10 10:00:00,2024-01-10')]],
    });
    const run = await executeRun({ home, manifest: asRun(manifest, 'run-blocked-parent'), registry });
    expect(run.datasets.orders.published).toBe(false);
    // orders_have_items reads the orders' run keys: skipped; item_user_matches_order reads only
    // the items' run keys and the orders table (here without order 100: FK rejects the item).
    expect(run.crossChecks.map((c) => c.name)).toEqual(['item_user_matches_order']);
  });
});
