import {
  ContractError,
  createRegistry,
  datasets,
  defineContract,
  orderItems,
  orders,
  products,
} from './index';
import type { ContractSpec } from './define';

const base: ContractSpec = {
  name: 'things',
  description: 'test',
  columns: [
    { name: 'id', type: 'int', required: true },
    { name: 'price', type: 'double', required: true },
    { name: 'label', type: 'string', required: false },
    { name: 'at', type: 'timestamp', required: true },
    { name: 'day', type: 'date', required: true },
  ],
  primaryKey: 'id',
};

describe('the shipped contracts', () => {
  it('match docs/contracts.md', () => {
    expect(products.columns.map((c) => `${c.name}:${c.type}:${c.required}`)).toEqual([
      'product_id:int:true',
      'department_id:int:true',
      'department:string:true',
      'product_name:string:true',
    ]);
    expect([products.primaryKey, products.partitionBy]).toEqual(['product_id', ['department_id']]);
    expect(orders.columns.map((c) => c.name)).toEqual([
      'order_num',
      'order_id',
      'user_id',
      'order_timestamp',
      'total_amount',
      'date',
    ]);
    expect([orders.primaryKey, orders.partitionBy, orders.latestBy]).toEqual([
      'order_id',
      ['date'],
      'order_timestamp',
    ]);
    expect(orders.derived).toEqual([
      expect.objectContaining({ name: 'is_weekend', type: 'boolean', fn: 'isWeekendUtc' }),
    ]);
    expect(orderItems.columns.filter((c) => !c.required).map((c) => c.name)).toEqual([
      'days_since_prior_order',
    ]);
    expect(orderItems.foreignKeys.map((f) => `${f.column}->${f.references.dataset}`)).toEqual([
      'order_id->orders',
      'product_id->products',
    ]);
    for (const c of [products, orders, orderItems]) {
      expect(c.maxRejectRatio).toBe(0.2);
      expect(c.quality).toEqual({
        thresholds: { completeness: 0.95, validity: 0.97, accuracy: 0.98, consistency: 0.99 },
        onBreach: 'warn',
      });
    }
  });

  it('declare the cross-dataset checks on order_items, through its order_id foreign key', () => {
    expect(orderItems.crossChecks.map((c) => `${c.kind}:${c.name}:${c.via}`)).toEqual([
      'parentHasChildren:orders_have_items:order_id',
      'matchesParent:item_user_matches_order:order_id',
    ]);
    expect(orders.crossChecks).toEqual([]);
  });

  it('are frozen', () => {
    expect(() => (products.columns as unknown as unknown[]).push({})).toThrow();
  });

  it('are ordered parents first', () => {
    expect(datasets.names).toEqual(['products', 'orders', 'order_items']);
    expect(datasets.parentsOf('order_items')).toEqual(['orders', 'products']);
  });

  it('refuse an unknown dataset by name', () =>
    expect(() => datasets.get('customers')).toThrow(/unknown dataset "customers"/));
});

describe('an invalid contract is refused, naming the column', () => {
  it.each<[string, Partial<ContractSpec>, RegExp]>([
    ['unknown primary key', { primaryKey: 'nope' }, /primary key names unknown column "nope"/],
    [
      'duplicate column',
      { columns: [...base.columns, { name: 'id', type: 'int', required: true }] },
      /column "id" is declared twice/,
    ],
    ['unknown partition column', { partitionBy: ['region'] }, /partitionBy names unknown column "region"/],
    ['latestBy not a timestamp', { latestBy: 'day' }, /latestBy column "day" must be a timestamp/],
    [
      'rule on an unknown column',
      { rules: [{ kind: 'compare', name: 'r', column: 'amount', op: '>', value: 0 }] },
      /rule "r" names unknown column "amount"/,
    ],
    [
      'ordered comparison on a string',
      { rules: [{ kind: 'compare', name: 'r', column: 'label', op: '>', value: 'a' }] },
      /rule "r": ">" needs an ordered column, "label" is string/,
    ],
    [
      'numeric literal on a date',
      { rules: [{ kind: 'range', name: 'r', column: 'day', min: 0 }] },
      /rule "r": bound 0 is not a date \("day"\)/,
    ],
    [
      'fraction against an int',
      { rules: [{ kind: 'in', name: 'r', column: 'id', values: [0, 1.5] }] },
      /rule "r": value 1.5 is not a int \("id"\)/,
    ],
    [
      'incomparable columns',
      { rules: [{ kind: 'compareColumns', name: 'r', left: 'price', op: '<', right: 'day' }] },
      /cannot compare "price" \(double\) with "day" \(date\)/,
    ],
    [
      'derive from a non-timestamp',
      { rules: [{ kind: 'derived', name: 'r', column: 'day', op: '=', fn: 'utcDate', source: 'price' }] },
      /utcDate needs a timestamp column, "price" is double/,
    ],
    [
      'derived column of the wrong type',
      { derived: [{ name: 'weekend', type: 'int', fn: 'isWeekendUtc', column: 'at' }] },
      /derived column "weekend" is declared int but isWeekendUtc yields boolean/,
    ],
    ['reject ratio out of range', { maxRejectRatio: 1.5 }, /maxRejectRatio must be within 0–1/],
    [
      'repeated rule name',
      {
        rules: [
          { kind: 'compare', name: 'r', column: 'price', op: '>', value: 0 },
          { kind: 'compare', name: 'r', column: 'price', op: '<', value: 9 },
        ],
      },
      /rule "r": name is invalid or repeated/,
    ],
  ])('%s', (_what, change, message) => {
    expect(() => defineContract({ ...base, ...change })).toThrow(ContractError);
    expect(() => defineContract({ ...base, ...change })).toThrow(message);
  });

  it('a cross-check must follow a foreign key', () => {
    expect(() =>
      defineContract({
        ...base,
        crossChecks: [{ kind: 'parentHasChildren', name: 'c', via: 'id', description: 'd' }],
      }),
    ).toThrow(/cross-check "c": via "id" is not a foreign-key column/);
  });

  it('accepts a valid contract with defaults filled in', () => {
    const c = defineContract({
      ...base,
      rules: [{ kind: 'compareColumns', name: 'r', left: 'id', op: '<', right: 'price' }],
    });
    expect(c.maxRejectRatio).toBe(0.2);
    expect(c.quality.onBreach).toBe('warn');
    expect(c.foreignKeys).toEqual([]);
  });
});

describe('registry checks', () => {
  const child = (fkDataset: string, fkColumn = 'id') =>
    defineContract({
      ...base,
      name: 'child',
      foreignKeys: [{ column: 'id', references: { dataset: fkDataset, column: fkColumn } }],
    });

  it('refuses a foreign key to an unknown dataset', () =>
    expect(() => createRegistry([child('ghosts')])).toThrow(/references unknown dataset "ghosts"/));
  it('refuses a foreign key that is not the parent primary key', () =>
    expect(() => createRegistry([products, child('products', 'department_id')])).toThrow(
      /must reference the primary key/,
    ));
  it('orders a child declared before its parent after it', () => {
    const parent = defineContract({ ...base, name: 'parent' });
    expect(createRegistry([child('parent'), parent]).names).toEqual(['parent', 'child']);
  });
  it('refuses a matchesParent check on a column the parent lacks', () => {
    const parent = defineContract({ ...base, name: 'parent' });
    const kid = defineContract({
      ...base,
      name: 'kid',
      columns: [...base.columns, { name: 'parent_id', type: 'int', required: true }],
      foreignKeys: [{ column: 'parent_id', references: { dataset: 'parent', column: 'id' } }],
      crossChecks: [
        { kind: 'matchesParent', name: 'c', via: 'parent_id', column: 'label', description: 'd' },
      ],
    });
    expect(() => createRegistry([parent, kid])).not.toThrow();
    const noLabel = defineContract({
      ...base,
      name: 'parent',
      columns: base.columns.filter((c) => c.name !== 'label'),
    });
    expect(() => createRegistry([noLabel, kid])).toThrow(
      /cross-check "c": parent has no string column "label"/,
    );
  });

  it('refuses a cycle', () => {
    const a = defineContract({
      ...base,
      name: 'a',
      foreignKeys: [{ column: 'id', references: { dataset: 'b', column: 'id' } }],
    });
    const b = defineContract({
      ...base,
      name: 'b',
      foreignKeys: [{ column: 'id', references: { dataset: 'a', column: 'id' } }],
    });
    expect(() => createRegistry([a, b])).toThrow(/cycle: a -> b -> a/);
  });
});
