import {
  type ColumnProfile,
  type DatasetRegistry,
  type FileSummary,
  type QualityHistoryEntry,
  type QualityReport,
} from '@lakehouse/contracts';
import type { ExecutedRun } from '@lakehouse/engine';
import { buildQualityReport, type QualityCounts } from '@lakehouse/quality';
import type { StateStore } from '@lakehouse/state';

/** Runs of history read back per dataset: the report's trend length and the anomaly baseline. */
export const HISTORY_RUNS = 60;

/**
 * The quality history of each dataset from the state store, without the current run: metrics, row
 * counts and null rates as the earlier runs stored them, each at its run start (buildQualityReport
 * orders them by it).
 */
async function readHistory(store: StateStore, datasets: readonly string[], runId: string) {
  const history: Record<string, QualityHistoryEntry[]> = {};
  for (const dataset of datasets) {
    const entries = await store.runs.recentByDataset(dataset, { limit: HISTORY_RUNS });
    history[dataset] = entries
      .filter((e) => e.runId !== runId && e.summary.quality && typeof e.summary.rowsIn === 'number')
      .reverse()
      .map((e) => {
        // The stored summary's quality block also says whether the gate passed; history keeps the metrics.
        const { passed: _passed, ...metrics } = e.summary.quality!;
        return {
          runId: e.runId,
          at: new Date(e.runStart ?? e.startedAt).toISOString(),
          metrics,
          rowsIn: e.summary.rowsIn,
          nullRates: (e.summary.nullRates as Record<string, number> | undefined) ?? {},
        };
      });
  }
  return history;
}

/** What the quality report needs of a dataset's run: the engine's result locally, the Glue job's report in the cloud. */
export interface AssessedDataset {
  readonly counts: QualityCounts;
  readonly accepted: number;
  readonly rejected: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly columns: readonly ColumnProfile[];
  readonly files: readonly Pick<FileSummary, 'key' | 'schemaDrift'>[];
}

/**
 * Builds the run's quality report: metrics and gates from the engine's SQL counts, column
 * profiles, drift, cross-dataset checks, and anomalies against the history kept in the state store.
 */
export async function assessQuality(
  store: StateStore,
  registry: DatasetRegistry,
  summary: Pick<ExecutedRun, 'runId' | 'status' | 'crossChecks'> & {
    /** The run's start, ISO 8601 (the run manifest's): where the run sits in the history. */
    readonly runStart: string;
    readonly datasets: Readonly<Record<string, AssessedDataset>>;
  },
  generatedAt: Date,
): Promise<QualityReport> {
  const names = Object.keys(summary.datasets);
  const history = await readHistory(store, names, summary.runId);
  return buildQualityReport({
    runId: summary.runId,
    runStart: summary.runStart,
    generatedAt: generatedAt.toISOString(),
    runStatus: summary.status,
    history,
    crossChecks: summary.crossChecks,
    datasets: Object.fromEntries(
      names.map((name) => {
        const d = summary.datasets[name];
        const drift = d.files
          .filter((f) => f.schemaDrift)
          .map((f) => ({
            file: f.key,
            extraColumns: f.schemaDrift!.extraColumns,
            missingOptionalColumns: f.schemaDrift!.missingOptionalColumns,
          }));
        return [
          name,
          {
            counts: d.counts,
            spec: registry.get(name).quality,
            accepted: d.accepted,
            rejected: d.rejected,
            rejectsByCode: d.reasons,
            columns: d.columns,
            drift,
          },
        ];
      }),
    ),
  });
}
