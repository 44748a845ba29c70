import type { GateResult, QualityMetrics, QualitySpec } from '@lakehouse/contracts';
import { computeMetrics, evaluateGate, type QualityCounts } from '@lakehouse/quality';

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
