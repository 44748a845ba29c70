import type { CrossDatasetCheck, QualityMetrics, QualityReport, QualitySpec } from '@lakehouse/contracts';
import { buildQualityReport, columnProfile, type DatasetQualityInput, type QualityCounts } from '../src';

export const WARN_SPEC: QualitySpec = {
  thresholds: { completeness: 0.95, validity: 0.97, accuracy: 0.98, consistency: 0.99 },
  onBreach: 'warn',
};
export const BLOCK_SPEC: QualitySpec = { ...WARN_SPEC, onBreach: 'block' };

/** Every metric at its best: what clean data measures. */
export const PERFECT_METRICS: QualityMetrics = {
  completeness: 1,
  validity: 1,
  accuracy: 1,
  consistency: 1,
  uniqueness: 1,
  score: 100,
};

/** Counts of a run where every row is clean. */
export function cleanCounts(rowsIn: number, requiredColumns = 5): QualityCounts {
  return {
    rowsIn,
    requiredColumns,
    notNullViolations: 0,
    missingColumnViolations: 0,
    invalidRows: 0,
    typedRows: rowsIn,
    typedRowsWithRule: 0,
    fkCheckedRows: rowsIn,
    fkRows: 0,
    dedupCheckedRows: rowsIn,
    duplicateRows: 0,
  };
}

/** A dataset input with rows in = accepted + rejected and a consistent profile. */
export function datasetInput(
  counts: QualityCounts,
  opts: {
    spec?: QualitySpec;
    rejectsByCode?: Record<string, number>;
    nulls?: Record<string, number>;
    drift?: DatasetQualityInput['drift'];
  } = {},
): DatasetQualityInput {
  const rejectsByCode = opts.rejectsByCode ?? {};
  const rejected = Math.min(
    counts.rowsIn,
    Object.values(rejectsByCode).reduce((s, n) => s + n, 0),
  );
  const columns = Object.entries(opts.nulls ?? {}).map(([c, n]) =>
    columnProfile(c, counts.rowsIn, n, Math.max(1, counts.rowsIn - n - 7)),
  );
  return {
    counts,
    spec: opts.spec ?? WARN_SPEC,
    accepted: counts.rowsIn - rejected,
    rejected,
    rejectsByCode,
    columns,
    drift: opts.drift ?? [],
  };
}

const ORDERS_ROWS = [1000, 1040, 980, 1010, 995, 1020, 990, 1005, 1015];
const ITEM_ROWS = [4100, 3950, 4020, 4080, 3990, 4060, 4010, 3970, 4040];

/**
 * A realistic report after `runs` daily runs, built the way the pipeline will build it: each run
 * from the previous run's report. The last run has a validity breach and a row-count spike on
 * orders, a null-rate jump on order_items, a flat products history, and one cross-check violation.
 * `names` renames datasets and columns (to test escaping).
 */
export function demoReport(runs = 9, names: { orders?: string; column?: string } = {}): QualityReport {
  const orders = names.orders ?? 'orders';
  const column = names.column ?? 'days_since_prior_order';
  let report: QualityReport | undefined;
  for (let i = 0; i < runs; i++) {
    const last = i === runs - 1;
    const runId = `2024-01-${String(i + 1).padStart(2, '0')}T06-00-00Z-r${i + 1}`;
    const ordersRows = last ? 1800 : ORDERS_ROWS[i % ORDERS_ROWS.length]!;
    const itemsRows = ITEM_ROWS[i % ITEM_ROWS.length]!;
    const ordersCounts: QualityCounts = last
      ? {
          ...cleanCounts(ordersRows, 6),
          notNullViolations: 12,
          invalidRows: 90,
          typedRows: 1710,
          typedRowsWithRule: 14,
          fkCheckedRows: 1690,
          dedupCheckedRows: 1690,
          duplicateRows: 3,
        }
      : {
          ...cleanCounts(ordersRows, 6),
          invalidRows: i % 3,
          typedRows: ordersRows - (i % 3),
          fkCheckedRows: ordersRows - (i % 3),
          dedupCheckedRows: ordersRows - (i % 3),
          duplicateRows: i % 2,
        };
    const itemNulls = last ? 1400 : 240 + (i % 4) * 10;
    report = buildQualityReport({
      runId,
      runStart: `2024-01-${String(i + 1).padStart(2, '0')}T01:00:00.000Z`,
      generatedAt: `2024-01-${String(i + 1).padStart(2, '0')}T06:00:00.000Z`,
      runStatus: last ? 'SUCCEEDED_WITH_WARNINGS' : 'SUCCEEDED',
      previous: report,
      datasets: {
        products: datasetInput(cleanCounts(50, 4), { nulls: { product_id: 0, product_name: 0 } }),
        [orders]: datasetInput(ordersCounts, {
          rejectsByCode: last
            ? { TYPE: 82, MALFORMED_ROW: 8, NOT_NULL: 12, RULE: 14, DUPLICATE: 3 }
            : { DUPLICATE: i % 2 },
          nulls: { order_id: 0, user_id: last ? 12 : 0 },
          drift: last
            ? [
                {
                  file: 'raw/orders/2024-01-09.csv',
                  extraColumns: ['coupon_code'],
                  missingOptionalColumns: [],
                },
              ]
            : [],
        }),
        order_items: datasetInput(cleanCounts(itemsRows, 8), {
          nulls: { [column]: itemNulls, product_id: 0 },
        }),
      },
      crossChecks: [
        {
          name: 'orders_have_items',
          description: 'every order has at least one item',
          violations: last ? 3 : 0,
          checked: ordersRows,
          examples: last ? [{ order_id: 70011 }, { order_id: 70012 }, { order_id: 70013 }] : [],
        },
        {
          name: 'item_user_matches_order',
          description: "an item's user_id is its order's user_id",
          violations: 0,
          checked: itemsRows,
          examples: [],
        },
      ] satisfies CrossDatasetCheck[],
    });
  }
  return report!;
}
