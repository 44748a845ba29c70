import type { QualityMetricName, QualitySpec } from '@lakehouse/contracts';

/**
 * What the quality metrics are computed from: counts the SQL plan produces (`<dataset>__counts`).
 * Pure data, so that the same function serves the DuckDB executor and, later, libs/quality.
 */
export interface QualityCounts {
  readonly rowsIn: number;
  readonly requiredColumns: number;
  readonly notNullViolations: number;
  readonly missingColumnViolations: number;
  /** Rows having TYPE or MALFORMED_ROW. */
  readonly invalidRows: number;
  /** Rows that typed: no MALFORMED_ROW, MISSING_COLUMN or TYPE. */
  readonly typedRows: number;
  readonly typedRowsWithRule: number;
  /** Rows with no step-1 code in a file that was not quarantined. */
  readonly fkCheckedRows: number;
  readonly fkRows: number;
  /** FK-checked rows without an FK code. */
  readonly dedupCheckedRows: number;
  readonly duplicateRows: number;
}

export interface QualityReport {
  readonly completeness: number;
  readonly validity: number;
  readonly accuracy: number;
  readonly consistency: number;
  readonly uniqueness: number;
  /** 0–100: the mean of the five × 100, rounded to two decimals. */
  readonly score: number;
  readonly passed: boolean;
  /** The metrics below their threshold (empty when passed). */
  readonly breaches: readonly QualityMetricName[];
}

/** good ÷ total, and 1 when there is nothing to measure. */
const share = (good: number, total: number) => (total === 0 ? 1 : good / total);

/**
 * CONTRACTS.md "Quality metrics", per dataset and run, over the rows read:
 * - completeness: 1 − missing required values ÷ (rows × required columns). Missing values are the
 *   NOT_NULL codes plus the MISSING_COLUMN codes (a required column absent from a file's header
 *   is missing in every row of that file — the contract is silent; a data engineer would count it).
 * - validity: rows without TYPE or MALFORMED_ROW ÷ rows.
 * - accuracy: typed rows without RULE ÷ typed rows (rows with no MALFORMED_ROW, MISSING_COLUMN, TYPE).
 * - consistency: rows without FK ÷ rows checked for FK (step-1-clean rows of non-quarantined files).
 * - uniqueness: rows not DUPLICATE ÷ rows that took part in deduplication.
 * Shares are computed as good ÷ total (not 1 − bad ÷ total) so that 97 of 100 is exactly 0.97.
 * A metric breaches when it is below its threshold; a metric without a threshold never does.
 */
export function qualityMetrics(counts: QualityCounts, spec: QualitySpec): QualityReport {
  const cells = counts.rowsIn * counts.requiredColumns;
  const metrics: Record<QualityMetricName, number> = {
    completeness: share(cells - counts.notNullViolations - counts.missingColumnViolations, cells),
    validity: share(counts.rowsIn - counts.invalidRows, counts.rowsIn),
    accuracy: share(counts.typedRows - counts.typedRowsWithRule, counts.typedRows),
    consistency: share(counts.fkCheckedRows - counts.fkRows, counts.fkCheckedRows),
    uniqueness: share(counts.dedupCheckedRows - counts.duplicateRows, counts.dedupCheckedRows),
  };
  const names = Object.keys(metrics) as QualityMetricName[];
  const breaches = names.filter((m) => spec.thresholds[m] !== undefined && metrics[m] < spec.thresholds[m]!);
  const mean = names.reduce((sum, m) => sum + metrics[m], 0) / names.length;
  return { ...metrics, score: Math.round(mean * 10_000) / 100, passed: breaches.length === 0, breaches };
}
