import { datasets } from '@lakehouse/contracts';
import { dialectOf } from './dialects';
import type { Dialect, Plan, PlanColumn, PlanStatement } from './plan';
import { createTableStatement, materializedStatements, sessionStatements } from './plan-statements';
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

/**
 * A day's revenue in cents, rounded half up on the exact decimal sum. Each total is cast to a
 * DECIMAL first: Spark rounds a DOUBLE through its decimal text (0.285 → 0.29) and DuckDB through
 * its binary value (0.284999… → 0.28); on decimals both round the same sum the same way.
 */
const REVENUE = (totalAmount: string) =>
  `CAST(ROUND(SUM(CAST(${totalAmount} AS DECIMAL(38, 12))), 2) AS DOUBLE)`;

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
 * Revenue is summed as decimals and rounded to cents (REVENUE): the same value in both engines,
 * whatever the summation order.
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
    `  SELECT ${date}, COUNT(*) AS orders, ${REVENUE(d.ident('total_amount'))} AS revenue, COUNT(DISTINCT ${d.ident('user_id')}) AS distinct_customers`,
    `  FROM ${orders}`,
    `  GROUP BY ${date}`,
    ') AS o',
    'FULL OUTER JOIN (',
    `  SELECT ${date}, COUNT(*) AS items, AVG(CASE WHEN ${d.ident('reordered')} = 1 THEN CAST('1' AS DOUBLE) ELSE CAST('0' AS DOUBLE) END) AS reorder_rate`,
    `  FROM ${items}`,
    `  GROUP BY ${date}`,
    `) AS i ON i.${date} = o.${date}`,
  ].join('\n');

  const statements: PlanStatement[] = sessionStatements(d, DAILY_SALES);
  if (dialect === 'spark') {
    // Every table the rebuild reads exists: a run that delivers orders before any order_items
    // rebuilds from an empty order_items table, as DuckDB does, instead of failing.
    for (const [name, dataset] of [
      [orders, 'orders'],
      [items, 'order_items'],
    ] as const)
      statements.push(
        createTableStatement(DAILY_SALES, datasets.get(dataset), name, options.tableLocation?.(dataset), d),
      );
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
    statements.push(
      ...materializedStatements(
        {
          name: `${DAILY_SALES}.next`,
          phase: 'publish',
          inputs: [orders, items],
          outputs: [`${DAILY_SALES}__next`],
          description:
            'The next version of daily_sales; the executor writes it as Parquet and publishes it atomically.',
        },
        d,
        `${DAILY_SALES}__next`,
        `${query}\nORDER BY ${date}`,
      ),
    );
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
    sessionSettings: d.sessionSettings,
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
