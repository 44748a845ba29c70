import { defineContract } from '../define';
import { orderTimestampRules } from './shared-rules';

export const orders = defineContract({
  name: 'orders',
  description: 'Customer orders: one row per order, with its total and timestamp.',
  columns: [
    {
      name: 'order_num',
      type: 'int',
      required: true,
      description: "The order's sequence number for its customer.",
    },
    { name: 'order_id', type: 'int', required: true },
    { name: 'user_id', type: 'int', required: true },
    { name: 'order_timestamp', type: 'timestamp', required: true },
    { name: 'total_amount', type: 'double', required: true },
    { name: 'date', type: 'date', required: true, description: 'The UTC calendar date of order_timestamp.' },
  ],
  primaryKey: 'order_id',
  partitionBy: ['date'],
  latestBy: 'order_timestamp',
  derived: [
    {
      name: 'is_weekend',
      type: 'boolean',
      fn: 'isWeekendUtc',
      column: 'order_timestamp',
      description: 'The order was placed on a Saturday or Sunday (UTC).',
    },
  ],
  rules: [
    { kind: 'compare', name: 'total_amount_positive', column: 'total_amount', op: '>', value: 0 },
    ...orderTimestampRules,
  ],
});
