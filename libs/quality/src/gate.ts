import {
  QUALITY_METRICS,
  type GateBreach,
  type GateResult,
  type QualityMetrics,
  type QualitySpec,
} from '@lakehouse/contracts';
import { formatAgainst, formatRatio } from './format';

/** `validity 0.9412 < 0.97`: the value printed precisely enough never to look equal to its threshold. */
export function describeBreach(b: GateBreach): string {
  return `${b.metric} ${formatAgainst(b.value, b.threshold)} < ${formatRatio(b.threshold, 12)}`;
}

/**
 * The quality gate of docs/contracts.md: a metric breaches when it is strictly below its threshold (a
 * value equal to the threshold passes); a metric without a threshold is reported but never
 * breaches. A breach blocks only when the contract says `onBreach: 'block'`; otherwise it warns.
 */
export function evaluateGate(metrics: QualityMetrics, spec: QualitySpec): GateResult {
  const breaches: GateBreach[] = [];
  for (const metric of QUALITY_METRICS) {
    const threshold = spec.thresholds[metric];
    if (threshold !== undefined && metrics[metric] < threshold)
      breaches.push({ metric, value: metrics[metric], threshold });
  }
  if (breaches.length === 0) return { passed: true, action: 'none', breaches };
  return {
    passed: false,
    action: spec.onBreach === 'block' ? 'block' : 'warn',
    breaches,
    reason: breaches.map(describeBreach).join('; '),
  };
}
