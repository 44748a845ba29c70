import type { GateResult, QualityMetrics, QualitySpec } from '@lakehouse/contracts';
import { computeMetrics, evaluateGate, type QualityCounts } from '@lakehouse/quality';
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

/** The quality inputs of a dataset's counts relation (`<ds>__counts`), as libs/quality names them. */
export function qualityCountsOf(c: Readonly<Record<CountName, number>>): QualityCounts {
  return {
    rowsIn: c.rows_in,
    requiredColumns: c.required_columns,
    notNullViolations: c.not_null_violations,
    missingColumnViolations: c.missing_column_violations,
    invalidRows: c.invalid_rows,
    typedRows: c.typed_rows,
    typedRowsWithRule: c.typed_rows_with_rule,
    fkCheckedRows: c.fk_checked_rows,
    fkRows: c.rows_fk,
    dedupCheckedRows: c.dedup_checked_rows,
    duplicateRows: c.rows_duplicate,
  };
}
