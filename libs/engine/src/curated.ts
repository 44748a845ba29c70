import { datasets } from '@lakehouse/contracts';
import { dialectOf } from './dialects';
import type { Dialect, Plan, PlanColumn } from './plan';
import { tableRelation } from './relations';

export const DAILY_SALES = 'daily_sales';

/** The columns of daily_sales: one row per UTC calendar date having orders or items. */
export const DAILY_SALES_COLUMNS: readonly PlanColumn[] = [
  {
    name: 'date',
    type: 'DATE',
    nullable: false,
    description: 'The UTC calendar date (the `date` column of orders and order_items).',
  },
  { name: 'orders', type: 'BIGINT', nullable: false, description: 'Orders of the day.' },
  {
    name: 'items',
    type: 'BIGINT',
    nullable: false,
    description: 'Order lines (order_items rows) of the day.',
  },
  {
    name: 'revenue',
    type: 'DOUBLE',
    nullable: false,
    description: "Sum of total_amount of the day's orders, rounded to cents.",
  },
  {
    name: 'distinct_customers',
    type: 'BIGINT',
    nullable: false,
    description: "Distinct user_id among the day's orders.",
  },
  {
    name: 'reorder_rate',
    type: 'DOUBLE',
    nullable: true,
    description: "Share of the day's order lines with reordered = 1; NULL on a day without lines.",
  },
];

export interface CuratedOptions {
  /** @default the dataset name */
  readonly tableName?: (dataset: string) => string;
  /** Spark only: the Delta table's location. */
  readonly tableLocation?: (dataset: string) => string | undefined;
}

/**
 * The curated zone: `daily_sales`, rebuilt in full from the orders and order_items tables after
 * this run's merges. Orders and lines are aggregated separately by their own `date` column and
 * joined on it, so a day with lines whose order is missing (or the reverse) still appears.
 * Revenue is rounded to cents so that the result does not depend on summation order.
 */
export function compileCuratedPlan(dialect: Dialect, options: CuratedOptions = {}): Plan {
  const d = dialectOf(dialect);
  const tableName = options.tableName ?? ((name: string) => name);
  const [orders, items, target] = [tableName('orders'), tableName('order_items'), tableName(DAILY_SALES)];
  const date = d.ident('date');
  const query = [
    'SELECT',
    `  COALESCE(o.${date}, i.${date}) AS ${date},`,
    '  CAST(COALESCE(o.orders, 0) AS BIGINT) AS orders,',
    '  CAST(COALESCE(i.items, 0) AS BIGINT) AS items,',
    "  CAST(COALESCE(o.revenue, CAST('0' AS DOUBLE)) AS DOUBLE) AS revenue,",
    '  CAST(COALESCE(o.distinct_customers, 0) AS BIGINT) AS distinct_customers,',
    '  i.reorder_rate',
    'FROM (',
    `  SELECT ${date}, COUNT(*) AS orders, ROUND(SUM(${d.ident('total_amount')}), 2) AS revenue, COUNT(DISTINCT ${d.ident('user_id')}) AS distinct_customers`,
    `  FROM ${orders}`,
    `  GROUP BY ${date}`,
    ') AS o',
    'FULL OUTER JOIN (',
    `  SELECT ${date}, COUNT(*) AS items, AVG(CASE WHEN ${d.ident('reordered')} = 1 THEN CAST('1' AS DOUBLE) ELSE CAST('0' AS DOUBLE) END) AS reorder_rate`,
    `  FROM ${items}`,
    `  GROUP BY ${date}`,
    `) AS i ON i.${date} = o.${date}`,
  ].join('\n');

  const statements: Plan['statements'][number][] = d.sessionSetup.map((sql, i) => ({
    name: `${DAILY_SALES}.session.${i + 1}`,
    phase: 'setup' as const,
    inputs: [],
    outputs: [],
    description: 'Session settings: timestamps are UTC.',
    sql,
  }));
  if (dialect === 'spark') {
    const location = options.tableLocation?.(DAILY_SALES);
    statements.push({
      name: `${DAILY_SALES}.replace`,
      phase: 'publish',
      inputs: [orders, items],
      outputs: [target],
      description:
        'Rebuilds daily_sales in one Delta commit (readers see the old or the new table, never a mix).',
      sql: [
        `CREATE OR REPLACE TABLE ${target}`,
        'USING DELTA',
        ...(location ? [`LOCATION ${d.string(location)}`] : []),
        'AS',
        query,
      ].join('\n'),
    });
  } else {
    statements.push({
      name: `${DAILY_SALES}.next`,
      phase: 'publish',
      inputs: [orders, items],
      outputs: [`${DAILY_SALES}__next`],
      description:
        'The next version of daily_sales; the executor writes it as Parquet and publishes it atomically.',
      sql: d.materialize(`${DAILY_SALES}__next`, `${query}\nORDER BY ${date}`),
    });
  }
  const input = (name: string, dataset: string) => ({
    ...tableRelation(datasets.get(dataset), name, 'parentTable'),
    description: `The ${dataset} table after this run's merge.`,
  });
  return {
    formatVersion: 1,
    kind: 'curated',
    dataset: DAILY_SALES,
    dialect,
    partitionBy: [],
    inputs: [input(orders, 'orders'), input(items, 'order_items')],
    outputs: [
      {
        name: dialect === 'spark' ? target : `${DAILY_SALES}__next`,
        role: 'curatedTable',
        dataset: DAILY_SALES,
        columns: DAILY_SALES_COLUMNS,
        description: 'One row per date, ordered by date.',
      },
    ],
    statements,
  };
}
