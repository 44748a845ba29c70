import type { QualityCounts } from './metrics';

/**
 * The plan's count (its `<ds>__counts` row, what a dataset job reports under `counts`) behind each
 * quality input: the one mapping between the SQL plan and the metrics. The engine checks that
 * every name is a count its plan computes.
 */
export const PLAN_COUNT_NAMES = {
  rowsIn: 'rows_in',
  requiredColumns: 'required_columns',
  notNullViolations: 'not_null_violations',
  missingColumnViolations: 'missing_column_violations',
  invalidRows: 'invalid_rows',
  typedRows: 'typed_rows',
  typedRowsWithRule: 'typed_rows_with_rule',
  fkCheckedRows: 'fk_checked_rows',
  fkRows: 'rows_fk',
  dedupCheckedRows: 'dedup_checked_rows',
  duplicateRows: 'rows_duplicate',
} as const satisfies Record<keyof QualityCounts, string>;

export type PlanCountName = (typeof PLAN_COUNT_NAMES)[keyof QualityCounts];

const QUALITY_INPUTS = Object.keys(PLAN_COUNT_NAMES) as (keyof QualityCounts)[];

/**
 * The quality inputs of a plan's counts (the relation's row, or a dataset report's `counts`). A
 * count the row lacks is an error naming it, never a silent 0.
 */
export function qualityCountsOf(counts: Readonly<Partial<Record<string, number>>>): QualityCounts {
  return Object.fromEntries(
    QUALITY_INPUTS.map((input) => {
      const value = counts[PLAN_COUNT_NAMES[input]];
      if (typeof value !== 'number')
        throw new RangeError(`plan counts: "${PLAN_COUNT_NAMES[input]}" is missing (got ${String(value)})`);
      return [input, value];
    }),
  ) as unknown as QualityCounts;
}

/** The plan's counts of quality inputs (what a local dataset job reports under `counts`). */
export const planCountsOf = (counts: QualityCounts): Record<PlanCountName, number> =>
  Object.fromEntries(QUALITY_INPUTS.map((input) => [PLAN_COUNT_NAMES[input], counts[input]])) as Record<
    PlanCountName,
    number
  >;
