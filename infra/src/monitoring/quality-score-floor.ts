import { QUALITY_METRICS, type QualitySpec } from '@lakehouse/contracts';

/**
 * The quality score (0–100, the mean of the five metrics × 100) of a dataset whose metrics sit at
 * their contract's thresholds, those without one perfect. A lower score is worse overall than the
 * contract allows, most often because a metric fell below its threshold. The quality step
 * publishes the score, not the gate's verdict, so this is how an alarm sees a breach; a breach that
 * the other metrics make up for stays above it (the run's report and status still name it).
 */
export function qualityScoreFloor(spec: QualitySpec): number {
  const atThresholds = QUALITY_METRICS.map((metric) => spec.thresholds[metric] ?? 1);
  const mean = atThresholds.reduce((sum, value) => sum + value, 0) / QUALITY_METRICS.length;
  return Math.round(mean * 10_000) / 100;
}
