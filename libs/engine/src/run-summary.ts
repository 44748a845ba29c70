import { RUN_STATUS, type FileErrorCode, type FileOutcome, type RunOutcome } from '@lakehouse/contracts';
import type { ColumnProfile, CrossDatasetCheck, QualityCounts, QualitySummary } from '@lakehouse/quality';
import type { QualityReport } from './quality-metrics';

/** The run summary (docs/contracts.md, "The run summary"), as `lakehouse run --json` prints it. */
export interface FileSummary {
  readonly key: string;
  readonly status: FileOutcome;
  readonly rowsIn: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Why the whole file was refused, naming the file (absent for PROCESSED and EMPTY files). */
  readonly error?: { readonly code: FileErrorCode; readonly message: string };
  /** Header columns the contract does not know, and optional contract columns the header lacks (only when any). */
  readonly schemaDrift?: {
    readonly extraColumns: readonly string[];
    readonly missingOptionalColumns: readonly string[];
  };
}

export type { QualitySummary } from '@lakehouse/quality';

export interface DatasetSummary {
  readonly rowsIn: number;
  /** Rows that passed every check (loaded, unless the dataset was blocked: see `published`). */
  readonly accepted: number;
  readonly rejected: number;
  /** Rows having each code, by the code before the colon. Only codes that occurred. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly files: readonly FileSummary[];
  readonly quality: QualitySummary;
  /** False when a quality breach with `onBreach: 'block'` kept this run's table version from being published. */
  readonly published: boolean;
  /** The quality gate's verdict when a metric breached its threshold: which metric, value and threshold. */
  readonly gate?: { readonly action: 'none' | 'warn' | 'block'; readonly reason: string };
  /** The plan's counts behind the quality metrics (for libs/quality; not part of the printed summary). */
  readonly counts?: QualityCounts;
  /** Per-column null and distinct counts over the rows in (for libs/quality). */
  readonly columns?: readonly ColumnProfile[];
}

export interface RunSummary {
  readonly runId: string;
  readonly status: RunOutcome;
  readonly datasets: Readonly<Record<string, DatasetSummary>>;
  /** Cross-dataset consistency checks of the run (warnings; they reject no row). */
  readonly crossChecks?: readonly CrossDatasetCheck[];
  /** Every warning of the run in one line each: gate breaches, anomalies, drift, cross-check violations. */
  readonly warnings?: readonly string[];
}

export function qualitySummary(q: QualityReport): QualitySummary {
  const { completeness, validity, accuracy, consistency, uniqueness, score, passed } = q;
  return { completeness, validity, accuracy, consistency, uniqueness, score, passed };
}

/**
 * The run's status: FAILED when a dataset was blocked by its quality gate, SUCCEEDED_WITH_WARNINGS
 * when a dataset breached a threshold with `onBreach: 'warn'`, NOTHING_TO_DO without files.
 * File-level refusals (MALFORMED_FILE, MISSING_COLUMN, quarantine) show in the files and the
 * metrics; they change the status only through a quality breach, as CONTRACTS.md describes.
 */
export function runStatus(datasets: Readonly<Record<string, DatasetSummary>>): RunOutcome {
  const all = Object.values(datasets);
  if (all.length === 0) return RUN_STATUS.NOTHING_TO_DO;
  if (all.some((d) => !d.published)) return RUN_STATUS.FAILED;
  if (all.some((d) => !d.quality.passed)) return RUN_STATUS.SUCCEEDED_WITH_WARNINGS;
  return RUN_STATUS.SUCCEEDED;
}
