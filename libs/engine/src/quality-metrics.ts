import type { QualityMetricName, QualitySpec } from '@lakehouse/contracts';
import {
  computeMetrics,
  evaluateGate,
  type GateResult,
  type QualityCounts,
  type QualityMetrics,
} from '@lakehouse/quality';

export type { QualityCounts } from '@lakehouse/quality';

/** The metrics of libs/quality with the gate's verdict, as the executor audits a dataset. */
export interface QualityReport extends QualityMetrics {
  readonly passed: boolean;
  /** The metrics below their threshold (empty when passed). */
  readonly breaches: readonly QualityMetricName[];
  readonly gate: GateResult;
}

/**
 * CONTRACTS.md "Quality metrics" from the plan's counts (formulas in libs/quality, where
 * MISSING_COLUMN counts as missing values for completeness), and the contract's gate.
 */
export function qualityMetrics(counts: QualityCounts, spec: QualitySpec): QualityReport {
  const metrics = computeMetrics(counts);
  const gate = evaluateGate(metrics, spec);
  return { ...metrics, passed: gate.passed, breaches: gate.breaches.map((b) => b.metric), gate };
}
