import type {
  ColumnProfile,
  CrossDatasetCheck,
  DatasetQuality,
  QualityHistoryEntry,
  QualityReport,
  QualitySpec,
  RunOutcome,
  SchemaDriftRecord,
} from '@lakehouse/contracts';
import { detectAnomalies, type AnomalyOptions, type HistoryPoint } from './anomalies';
import { describeCrossCheck } from './cross-checks';
import { describeBreach, evaluateGate } from './gate';
import { nameList } from './drift';
import { computeMetrics, type QualityCounts } from './metrics';

/** What the engine knows about one dataset at the end of a run. */
export interface DatasetQualityInput {
  /** The SQL counts; the metrics are computed from them. */
  readonly counts: QualityCounts;
  /** The contract's `quality` block. */
  readonly spec: QualitySpec;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectsByCode?: Readonly<Record<string, number>>;
  readonly columns?: readonly ColumnProfile[];
  readonly drift?: readonly SchemaDriftRecord[];
}

export interface QualityReportInput {
  readonly runId: string;
  /** ISO 8601: the run's start (its logical time), this run's `at` in the history. */
  readonly runStart: string;
  /** ISO 8601: when the report is generated (passed in to keep the function pure). */
  readonly generatedAt: string;
  readonly runStatus: RunOutcome;
  readonly datasets: Readonly<Record<string, DatasetQualityInput>>;
  readonly crossChecks?: readonly CrossDatasetCheck[];
  /**
   * Prior runs per dataset, oldest → newest (e.g. read back from the state store): they seed the
   * trends and the anomaly detection. @default the previous report's history
   */
  readonly history?: Readonly<Record<string, readonly QualityHistoryEntry[]>>;
  /** The previous run's quality report: its history is used when `history` is not given. */
  readonly previous?: QualityReport;
  readonly anomalyOptions?: AnomalyOptions;
  /** Runs kept per dataset in `history` (this run included). @default DEFAULT_HISTORY_LIMIT */
  readonly historyLimit?: number;
}

/** Enough runs for a readable trend and a stable σ, small enough to keep the JSON and the page light. */
export const DEFAULT_HISTORY_LIMIT = 60;

/** Runs in the order of their run starts (a backfilled run takes its place among the others). */
const byRunStart = (a: QualityHistoryEntry, b: QualityHistoryEntry) => Date.parse(a.at) - Date.parse(b.at);

function toPoint(e: QualityHistoryEntry): HistoryPoint {
  return { runId: e.runId, at: e.at, rowCount: e.rowsIn, nullRates: e.nullRates ?? {} };
}

function datasetWarnings(name: string, d: DatasetQuality): string[] {
  const lines = d.gate.breaches.map(
    (b) => `${name}: quality gate ${d.gate.action === 'block' ? 'blocked' : 'warned'}: ${describeBreach(b)}`,
  );
  for (const a of d.anomalies.anomalies) lines.push(`${name}: anomaly: ${a.message}`);
  for (const f of d.drift) {
    const parts = [
      f.extraColumns.length > 0 ? `extra columns ${nameList(f.extraColumns)}` : '',
      f.missingOptionalColumns.length > 0
        ? `missing optional columns ${nameList(f.missingOptionalColumns)}`
        : '',
    ].filter(Boolean);
    if (parts.length > 0) lines.push(`${name}: schema drift in ${f.file}: ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * Assembles the report: metrics from the counts, the gate from the contract's spec, anomalies
 * from the previous report's history, this run added to the history (ordered by run start, the
 * latest `historyLimit` kept), and the warnings
 * derived from all of it (so they can never disagree with the data they summarise).
 */
export function buildQualityReport(input: QualityReportInput): QualityReport {
  const limit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`buildQualityReport: historyLimit must be an integer ≥ 1, got ${limit}`);
  const previousHistory = input.history ?? input.previous?.history ?? {};
  const history: Record<string, readonly QualityHistoryEntry[]> = { ...previousHistory };
  const datasets: Record<string, DatasetQuality> = {};
  const warnings: string[] = [];

  for (const [name, d] of Object.entries(input.datasets)) {
    const metrics = computeMetrics(d.counts);
    const columns = d.columns ?? [];
    const nullRates = Object.fromEntries(columns.map((c) => [c.column, c.nullRate]));
    // A re-built report for the same run id must not count that run as its own history.
    const prior = (previousHistory[name] ?? []).filter((e) => e.runId !== input.runId);
    const current: QualityHistoryEntry = {
      runId: input.runId,
      at: input.runStart,
      metrics,
      rowsIn: d.counts.rowsIn,
      nullRates,
    };
    const dataset: DatasetQuality = {
      metrics,
      thresholds: { ...d.spec.thresholds },
      onBreach: d.spec.onBreach,
      gate: evaluateGate(metrics, d.spec),
      rowsIn: d.counts.rowsIn,
      accepted: d.accepted,
      rejected: d.rejected,
      rejectsByCode: { ...(d.rejectsByCode ?? {}) },
      columns,
      drift: d.drift ?? [],
      anomalies: detectAnomalies(prior.map(toPoint), toPoint(current), input.anomalyOptions),
    };
    datasets[name] = dataset;
    history[name] = [...prior, current].sort(byRunStart).slice(-limit);
    warnings.push(...datasetWarnings(name, dataset));
  }
  const crossChecks = input.crossChecks ?? [];
  for (const c of crossChecks) if (c.violations > 0) warnings.push(`cross-check ${describeCrossCheck(c)}`);

  return {
    runId: input.runId,
    generatedAt: input.generatedAt,
    runStatus: input.runStatus,
    datasets,
    crossChecks,
    history,
    warnings,
  };
}
