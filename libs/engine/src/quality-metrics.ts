import type { GateResult, QualityMetrics, QualitySpec } from '@lakehouse/contracts';
import {
  computeMetrics,
  evaluateGate,
  PLAN_COUNT_NAMES as QUALITY_PLAN_COUNT_NAMES,
  type QualityCounts,
} from '@lakehouse/quality';
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
 * The plan's count behind each quality input (libs/quality's mapping), typed so that a name the
 * plan does not compute is a type error here.
 */
export const PLAN_COUNT_NAMES: Readonly<Record<keyof QualityCounts, CountName>> = QUALITY_PLAN_COUNT_NAMES;

export { planCountsOf, qualityCountsOf } from '@lakehouse/quality';
