import type { GateResult, QualityMetrics, QualitySpec } from '@lakehouse/contracts';
import { computeMetrics, evaluateGate, type QualityCounts } from '@lakehouse/quality';
import { MissingPlanCountError } from './errors';
import type { CountName } from './relations';

export type { QualityCounts } from '@lakehouse/quality';

/** How the executor audits a dataset before publishing it: the metrics and the gate's verdict. */
export interface DatasetAudit extends QualityMetrics {
  readonly passed: boolean;
  readonly gate: GateResult;
}

/**
 * The quality metrics (docs/contracts.md, "Quality metrics") from the plan's counts — formulas in
 * libs/quality, where MISSING_COLUMN counts as missing values for completeness — and the
 * contract's gate.
 */
export function auditDataset(counts: QualityCounts, spec: QualitySpec): DatasetAudit {
  const metrics = computeMetrics(counts);
  const gate = evaluateGate(metrics, spec);
  return { ...metrics, passed: gate.passed, gate };
}

/**
 * The plan's count (`<ds>__counts`, what a dataset job reports under `counts`) behind each quality
 * input: the one mapping between the SQL plan and libs/quality.
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
} as const satisfies Record<keyof QualityCounts, CountName>;

const QUALITY_INPUTS = Object.keys(PLAN_COUNT_NAMES) as (keyof QualityCounts)[];

/**
 * The quality inputs of a dataset's counts (the relation's row, or a dataset report's `counts`),
 * as libs/quality names them. A count the row lacks is an error, never a silent 0.
 */
export function qualityCountsOf(c: Readonly<Partial<Record<CountName, number>>>): QualityCounts {
  return Object.fromEntries(
    QUALITY_INPUTS.map((input) => {
      const value = c[PLAN_COUNT_NAMES[input]];
      if (typeof value !== 'number') throw new MissingPlanCountError(PLAN_COUNT_NAMES[input]);
      return [input, value];
    }),
  ) as unknown as QualityCounts;
}

/** The plan's counts of quality inputs (what a local dataset job reports under `counts`). */
export const planCountsOf = (counts: QualityCounts): Record<string, number> =>
  Object.fromEntries(QUALITY_INPUTS.map((input) => [PLAN_COUNT_NAMES[input], counts[input]]));
