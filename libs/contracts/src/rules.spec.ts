import { datasets, defineContract, orderItems, orders, products } from './index';
import { compileRules, type TypedRow } from './rules';
import { parseTimestamp, type Timestamp } from './typing';
import type { DatasetContract } from './types';

const runStart = new Date('2024-06-01T12:00:00Z');
const ts = (text: string): Timestamp => parseTimestamp(text)!;

/** The names of the rules a typed row breaks. */
function broken(contract: DatasetContract, row: TypedRow): string[] {
  return compileRules(contract, { runStart })
    .filter((r) => !r.holds(row))
    .map((r) => r.rule.name);
}

const goodOrder: TypedRow = {
  order_num: 1,
  order_id: 10,
  user_id: 7,
  order_timestamp: ts('2024-01-15T10:00:00Z'),
  total_amount: 12.5,
  date: '2024-01-15',
};

const goodItem: TypedRow = {
  id: 1,
  order_id: 10,
  user_id: 7,
  days_since_prior_order: 3,
  product_id: 5,
  add_to_cart_order: 1,
  reordered: 0,
  order_timestamp: ts('2024-01-15T10:00:00Z'),
  date: '2024-01-15',
};

describe('every contract compiles', () => {
  it.each(datasets.ordered.map((c) => [c.name, c]))('%s', (_name, contract) => {
    const compiled = compileRules(contract as DatasetContract, { runStart });
    expect(compiled.map((r) => r.rule.name)).toEqual((contract as DatasetContract).rules.map((r) => r.name));
  });
});

describe('orders rules', () => {
  it('a clean order breaks nothing', () => expect(broken(orders, goodOrder)).toEqual([]));

  it.each([
    [0, ['total_amount_positive']],
    [-0.01, ['total_amount_positive']],
    [0.01, []],
  ])('total_amount %p', (total_amount, expected) =>
    expect(broken(orders, { ...goodOrder, total_amount })).toEqual(expected),
  );

  it.each([
    ['1999-12-31T23:59:59Z', '1999-12-31', ['order_timestamp_range']],
    ['2000-01-01T00:00:00Z', '2000-01-01', []],
    // upper bound: run start + 1 day, inclusive
    ['2024-06-02T12:00:00Z', '2024-06-02', []],
    ['2024-06-02T12:00:00.000001Z', '2024-06-02', ['order_timestamp_range']],
    ['2030-01-01T00:00:00Z', '2030-01-01', ['order_timestamp_range']],
  ])('order_timestamp %s', (t, date, expected) =>
    expect(broken(orders, { ...goodOrder, order_timestamp: ts(t), date })).toEqual(expected),
  );

  it.each([
    ['2024-01-15T23:30:00-01:00', '2024-01-16', []],
    ['2024-01-15T23:30:00-01:00', '2024-01-15', ['date_matches_timestamp']],
    ['2024-01-16T00:30:00+01:00', '2024-01-15', []],
  ])('date of %s vs %s', (t, date, expected) =>
    expect(broken(orders, { ...goodOrder, order_timestamp: ts(t), date })).toEqual(expected),
  );

  it('lists every broken rule', () =>
    expect(
      broken(orders, { ...goodOrder, total_amount: -1, order_timestamp: ts('1990-05-05T00:00:00Z') }),
    ).toEqual(['total_amount_positive', 'order_timestamp_range', 'date_matches_timestamp']));

  it('skips rules whose columns did not type (or are null)', () =>
    expect(broken(orders, { ...goodOrder, order_timestamp: undefined, total_amount: undefined })).toEqual(
      [],
    ));
});

describe('order_items rules', () => {
  it('a clean item breaks nothing', () => expect(broken(orderItems, goodItem)).toEqual([]));

  it.each([
    [0, []],
    [1, []],
    [2, ['reordered_flag']],
    [-1, ['reordered_flag']],
  ])('reordered %p', (reordered, expected) =>
    expect(broken(orderItems, { ...goodItem, reordered })).toEqual(expected),
  );

  it.each([
    [0, ['add_to_cart_order_positive']],
    [1, []],
    [-3, ['add_to_cart_order_positive']],
  ])('add_to_cart_order %p', (add_to_cart_order, expected) =>
    expect(broken(orderItems, { ...goodItem, add_to_cart_order })).toEqual(expected),
  );

  it.each([
    [undefined, []],
    [0, []],
    [365, []],
    [366, ['days_since_prior_order_range']],
    [-1, ['days_since_prior_order_range']],
  ])('days_since_prior_order %p', (days_since_prior_order, expected) =>
    expect(broken(orderItems, { ...goodItem, days_since_prior_order })).toEqual(expected),
  );

  it('shares the timestamp rules with orders', () =>
    expect(broken(orderItems, { ...goodItem, date: '2024-01-14' })).toEqual(['date_matches_timestamp']));
});

describe('set membership on instants', () => {
  it('compares timestamps as instants, whatever their notation', () => {
    const contract = defineContract({
      name: 'events',
      description: 'test',
      columns: [
        { name: 'id', type: 'int', required: true },
        { name: 'at', type: 'timestamp', required: true },
      ],
      primaryKey: 'id',
      rules: [{ kind: 'in', name: 'known_instant', column: 'at', values: ['2024-01-15T10:00:00Z'] }],
    });
    expect(broken(contract, { id: 1, at: ts('2024-01-15T12:00:00+02:00') })).toEqual([]);
    expect(broken(contract, { id: 1, at: ts('2024-01-15T10:00:01Z') })).toEqual(['known_instant']);
  });
});

describe('products', () => {
  it('has no business rules', () => expect(products.rules).toEqual([]));
});
