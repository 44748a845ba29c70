import {
  RUN_STATUS,
  type ColumnProfile,
  type CrossDatasetCheck,
  type DatasetSummary,
  type QualitySummary,
  type RunOutcome,
} from '@lakehouse/contracts';
import type { QualityCounts } from '@lakehouse/quality';
import type { DatasetAudit } from './quality-metrics';

/**
 * What the engine knows about a dataset after a run: its entry of the run summary (a document of
 * libs/contracts) plus the inputs of the quality report, which the summary does not print.
 */
export interface ExecutedDataset extends DatasetSummary {
  /** The plan's counts behind the quality metrics. */
  readonly counts: QualityCounts;
  /** Per-column null and distinct counts over the rows in. */
  readonly columns: readonly ColumnProfile[];
}

/** What `executeRun` returns: the datasets of the run and the cross-dataset checks. */
export interface ExecutedRun {
  readonly runId: string;
  readonly status: RunOutcome;
  readonly datasets: Readonly<Record<string, ExecutedDataset>>;
  /** Cross-dataset consistency checks of the run (warnings; they reject no row). */
  readonly crossChecks: readonly CrossDatasetCheck[];
}

export function qualitySummary(audit: DatasetAudit): QualitySummary {
  const { completeness, validity, accuracy, consistency, uniqueness, score, passed } = audit;
  return { completeness, validity, accuracy, consistency, uniqueness, score, passed };
}

/**
 * The run's status: FAILED when a dataset was blocked by its quality gate, SUCCEEDED_WITH_WARNINGS
 * when a dataset breached a threshold with `onBreach: 'warn'`, NOTHING_TO_DO without files.
 * File-level refusals (MALFORMED_FILE, MISSING_COLUMN, quarantine) show in the files and the
 * metrics; they change the status only through a quality breach.
 */
export function runStatus(datasets: Readonly<Record<string, DatasetSummary>>): RunOutcome {
  const all = Object.values(datasets);
  if (all.length === 0) return RUN_STATUS.NOTHING_TO_DO;
  if (all.some((d) => !d.published)) return RUN_STATUS.FAILED;
  if (all.some((d) => !d.quality.passed)) return RUN_STATUS.SUCCEEDED_WITH_WARNINGS;
  return RUN_STATUS.SUCCEEDED;
}
