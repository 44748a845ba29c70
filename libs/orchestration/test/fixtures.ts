import { createRegistry, defineContract, orderItems, orders, products } from '@lakehouse/contracts';
import type { HandlerStep, StateMachineSpec } from '../src';

export const functionArn = (step: string) =>
  `arn:aws:lambda:eu-west-1:123456789012:function:lakehouse-test-${step}`;

export const FUNCTIONS = Object.fromEntries(
  (['claim', 'validate', 'settle', 'catalog', 'verify', 'quality', 'notify', 'fail'] as const).map((s) => [
    s,
    functionArn(s),
  ]),
) as Record<HandlerStep, string>;

export const WORKFLOW = 'lakehouse-test-load';

export const spec = (registry: StateMachineSpec['registry']): StateMachineSpec => ({
  registry,
  functions: FUNCTIONS,
  glueWorkflowName: WORKFLOW,
  loadPolling: { intervalSeconds: 60, maxPolls: 3 },
  catalogPolling: { intervalSeconds: 30, maxPolls: 2 },
});

/** A fourth dataset: refunds of order lines, a child of order_items. */
export const orderItemRefunds = defineContract({
  name: 'order_item_refunds',
  description: 'Refunded order lines.',
  columns: [
    { name: 'refund_id', type: 'int', required: true },
    { name: 'order_item_id', type: 'int', required: true },
    { name: 'amount', type: 'double', required: true },
    { name: 'date', type: 'date', required: true },
  ],
  primaryKey: 'refund_id',
  foreignKeys: [{ column: 'order_item_id', references: { dataset: 'order_items', column: 'id' } }],
  partitionBy: ['date'],
});

export const withRefunds = () => createRegistry([products, orders, orderItems, orderItemRefunds]);
