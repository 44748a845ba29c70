import type { Rule } from '../types';

/** Rules that orders and order_items share, defined once. */
export const orderTimestampRules: readonly Rule[] = [
  {
    kind: 'range',
    name: 'order_timestamp_range',
    column: 'order_timestamp',
    min: '2000-01-01T00:00:00Z',
    max: { runStartPlusDays: 1 },
  },
  {
    kind: 'derived',
    name: 'date_matches_timestamp',
    column: 'date',
    op: '=',
    fn: 'utcDate',
    source: 'order_timestamp',
  },
];
