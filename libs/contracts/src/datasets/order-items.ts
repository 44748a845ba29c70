import { defineContract } from '../define';
import { orderTimestampRules } from './shared-rules';

export const orderItems = defineContract({
  name: 'order_items',
  description: 'Basket lines: one row per product in an order.',
  columns: [
    { name: 'id', type: 'int', required: true },
    { name: 'order_id', type: 'int', required: true },
    { name: 'user_id', type: 'int', required: true },
    { name: 'days_since_prior_order', type: 'int', required: false, description: 'Empty for a first order.' },
    { name: 'product_id', type: 'int', required: true },
    { name: 'add_to_cart_order', type: 'int', required: true },
    { name: 'reordered', type: 'int', required: true },
    { name: 'order_timestamp', type: 'timestamp', required: true },
    { name: 'date', type: 'date', required: true },
  ],
  primaryKey: 'id',
  foreignKeys: [
    { column: 'order_id', references: { dataset: 'orders', column: 'order_id' } },
    { column: 'product_id', references: { dataset: 'products', column: 'product_id' } },
  ],
  partitionBy: ['date'],
  latestBy: 'order_timestamp',
  crossChecks: [
    {
      kind: 'parentHasChildren',
      name: 'orders_have_items',
      via: 'order_id',
      description: 'every accepted order of the run has at least one accepted item in the run',
    },
    {
      kind: 'matchesParent',
      name: 'item_user_matches_order',
      via: 'order_id',
      column: 'user_id',
      description: "an item's user_id is its order's user_id",
    },
  ],
  rules: [
    ...orderTimestampRules,
    { kind: 'in', name: 'reordered_flag', column: 'reordered', values: [0, 1] },
    { kind: 'compare', name: 'add_to_cart_order_positive', column: 'add_to_cart_order', op: '>=', value: 1 },
    {
      kind: 'range',
      name: 'days_since_prior_order_range',
      column: 'days_since_prior_order',
      min: 0,
      max: 365,
    },
  ],
});
