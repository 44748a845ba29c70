import { z } from 'zod';
import { QUALITY_METRICS, RUN_OUTCOMES } from '../vocabulary';
import { count, list, nonEmpty, recordOf, share, strictObject } from './shapes';

/** The five metrics of docs/contracts.md "Quality metrics" (each 0–1) and the 0–100 score. */
export const qualityMetricsSchema = strictObject({
  completeness: share,
  validity: share,
  accuracy: share,
  consistency: share,
  uniqueness: share,
  score: z.number().min(0).max(100).describe('The mean of the five × 100, rounded to two decimals.'),
});
export type QualityMetrics = z.infer<typeof qualityMetricsSchema>;

/** The quality block of a run summary: the metrics and whether every threshold held. */
export const qualitySummarySchema = strictObject({
  ...qualityMetricsSchema.unwrap().shape,
  passed: z.boolean().describe('No metric is below its threshold.'),
});
export type QualitySummary = z.infer<typeof qualitySummarySchema>;

const metricName = z.enum(QUALITY_METRICS);
const onBreach = z
  .enum(['warn', 'block'])
  .describe(
    'warn: the run is SUCCEEDED_WITH_WARNINGS; block: nothing of the dataset is published and the run fails.',
  );
const thresholds = z
  .partialRecord(metricName, share)
  .readonly()
  .describe('Minimum value per metric; a metric without one is reported but never breaches.');

/** The quality gate of a dataset, as its contract declares it. */
export const qualitySpecSchema = strictObject({ thresholds, onBreach });
export type QualitySpec = z.infer<typeof qualitySpecSchema>;

export const gateBreachSchema = strictObject({ metric: metricName, value: share, threshold: share });
export type GateBreach = z.infer<typeof gateBreachSchema>;

/** The quality gate's verdict on a dataset. */
export const gateResultSchema = strictObject({
  passed: z.boolean(),
  action: z.enum(['none', 'warn', 'block']).describe("'none' when passed, else the contract's onBreach."),
  breaches: list(gateBreachSchema).describe('The metrics below their threshold, in metric order.'),
  reason: z.string().optional().describe('Each breach as `metric value < threshold`, joined by "; ".'),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/** A column's profile over the rows read in a run. */
export const columnProfileSchema = strictObject({
  column: nonEmpty,
  rows: count.describe('Rows profiled (the rows read this run).'),
  nulls: count.describe('Null (empty) cells.'),
  nullRate: share.describe('nulls ÷ rows; 0 when there are no rows.'),
  distinct: count.describe('Distinct non-null values (an estimate, at most rows).'),
});
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

/** Header columns a file had beyond the contract, and optional contract columns it lacked. */
export const schemaDriftSchema = strictObject({
  extraColumns: list(z.string()),
  missingOptionalColumns: list(z.string()),
});

export const schemaDriftRecordSchema = strictObject({ file: nonEmpty, ...schemaDriftSchema.unwrap().shape });
export type SchemaDriftRecord = z.infer<typeof schemaDriftRecordSchema>;

/** A check spanning a dataset and its parent (declared on the contract), over the run's accepted rows. */
export const crossDatasetCheckSchema = strictObject({
  name: nonEmpty.describe("The check's name on the contract."),
  description: z.string().describe('What holds when there is no violation.'),
  checked: count.describe('Rows the check looked at.'),
  violations: count,
  examples: list(recordOf(z.unknown())).describe('Up to five offending rows (key columns).'),
});
export type CrossDatasetCheck = z.infer<typeof crossDatasetCheckSchema>;

export const anomalySchema = strictObject({
  metric: z.union([z.literal('rowCount'), z.templateLiteral(['nullRate:', z.string()])]),
  value: z.number(),
  mean: z.number().describe('Mean of the prior values.'),
  stddev: z.number().describe('Sample standard deviation of the prior values.'),
  lowerBound: z.number(),
  upperBound: z.number(),
  rule: z
    .enum(['sigma', 'relative-change'])
    .describe("'sigma': outside mean ± k·σ; 'relative-change': a flat history and a jump."),
  message: z.string(),
});
export type Anomaly = z.infer<typeof anomalySchema>;
export type AnomalyMetric = Anomaly['metric'];

export const anomalyResultSchema = strictObject({
  verdict: z.enum(['ok', 'anomalies', 'insufficient-history']),
  checked: count.describe('Prior runs used.'),
  message: z.string().optional().describe('What was concluded, e.g. why there is no verdict.'),
  anomalies: list(anomalySchema),
});
export type AnomalyResult = z.infer<typeof anomalyResultSchema>;

/** One run of one dataset in a report's history: enough for trends and the next anomaly check. */
export const qualityHistoryEntrySchema = strictObject({
  runId: nonEmpty,
  at: z
    .string()
    .describe(
      "The run's start, ISO 8601: its logical time (the run manifest's runStart), where the trend charts place the run; not when its report was generated.",
    ),
  metrics: qualityMetricsSchema,
  rowsIn: count,
  nullRates: recordOf(share).describe('Null rate per column.'),
});
export type QualityHistoryEntry = z.infer<typeof qualityHistoryEntrySchema>;

export const datasetQualitySchema = strictObject({
  metrics: qualityMetricsSchema,
  thresholds,
  onBreach,
  gate: gateResultSchema,
  rowsIn: count,
  accepted: count,
  rejected: count,
  rejectsByCode: recordOf(count).describe('Rows having each code, by the code before the colon.'),
  columns: list(columnProfileSchema),
  drift: list(schemaDriftRecordSchema),
  anomalies: anomalyResultSchema,
});
export type DatasetQuality = z.infer<typeof datasetQualitySchema>;

/** The per-run quality report (`reports/<runId>.quality.json`). */
export const qualityReportSchema = strictObject({
  runId: nonEmpty,
  generatedAt: z
    .string()
    .describe(
      "When this report was generated, ISO 8601 (the quality step's clock); the run's start is its history entry's `at`.",
    ),
  runStatus: z.enum(RUN_OUTCOMES),
  datasets: recordOf(datasetQualitySchema),
  crossChecks: list(crossDatasetCheckSchema),
  history: recordOf(list(qualityHistoryEntrySchema)).describe(
    'Per dataset, oldest to newest, including this run.',
  ),
  warnings: list(z.string()).describe(
    'Every breach, anomaly, drift and cross-check violation, one line each.',
  ),
}).meta({ title: 'Quality report', description: 'The quality report of one run.' });
export type QualityReport = z.infer<typeof qualityReportSchema>;
