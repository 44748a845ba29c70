import {
  parseDocument,
  RUN_STATUS,
  type CrossDatasetCheck,
  type DatasetRegistry,
  type DatasetReport,
  type DatasetSummary,
  type FileSummary,
  type QualityHistoryEntry,
  type QualityReport,
  type RunOutcome,
  type RunSummary,
} from '@lakehouse/contracts';
import type { QualityInput, QualityOutput, RunLease } from '@lakehouse/orchestration';
import {
  buildQualityReport,
  computeMetrics,
  evaluateGate,
  fileOutcomeWarnings,
  renderQualityHtml,
  summariseDrift,
  type QualityCounts,
} from '@lakehouse/quality';
import { LeaseLostError, type StateStore } from '@lakehouse/state';
import {
  crossChecksReport,
  datasetReport,
  ObjectNotFoundError,
  qualityReport,
  runSummary,
  type ObjectStore,
} from '@lakehouse/storage';
import { compareKeys } from './claim-run';
import { readJson, readRunManifest } from './run-documents';

export interface AssessRunQualityPorts {
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** Runs of history read back per dataset: the report's trend length and the anomaly baseline. */
export const HISTORY_RUNS = 60;

/**
 * The names of the plan's counts row (what a dataset job reports under `counts`) behind each
 * quality count: the one mapping between the SQL plan and libs/quality.
 */
export const PLAN_COUNT_NAMES: Readonly<Record<keyof QualityCounts, string>> = {
  rowsIn: 'rows_in',
  requiredColumns: 'required_columns',
  notNullViolations: 'not_null_violations',
  missingColumnViolations: 'missing_column_violations',
  invalidRows: 'invalid_rows',
  typedRows: 'typed_rows',
  typedRowsWithRule: 'typed_rows_with_rule',
  fkCheckedRows: 'fk_checked_rows',
  fkRows: 'rows_fk',
  dedupCheckedRows: 'dedup_checked_rows',
  duplicateRows: 'rows_duplicate',
};

const countNames = Object.keys(PLAN_COUNT_NAMES) as (keyof QualityCounts)[];

/** The quality counts of a dataset report's plan counts (a missing count is 0). */
export const qualityCountsOf = (counts: Readonly<Record<string, number>>): QualityCounts =>
  Object.fromEntries(
    countNames.map((name) => [name, counts[PLAN_COUNT_NAMES[name]] ?? 0]),
  ) as unknown as QualityCounts;

/** The plan counts row of quality counts (what a local dataset job reports). */
export const planCountsOf = (counts: QualityCounts): Record<string, number> =>
  Object.fromEntries(countNames.map((name) => [PLAN_COUNT_NAMES[name], counts[name]]));

/**
 * The quality step, which ends a run: reads each dataset job's report, computes the metrics and
 * gates (libs/quality) from its counts, finds anomalies against each dataset's history in the run
 * store, adds the cross-dataset checks, and writes the run summary (`<runId>.json`) and the quality
 * report (`.quality.json`, `.quality.html`) to the reports zone. Then it finishes the run with its
 * status and history entries, tells the circuit breaker and releases the lease. Every write is a
 * replace or an idempotent state change, so a retried (or resumed) step repeats nothing.
 * A file of the run summary is named by its raw key (`raw/<dataset>/<file>`), not by where the
 * job read it.
 */
export async function assessRunQuality(
  ports: AssessRunQualityPorts,
  input: QualityInput,
): Promise<QualityOutput> {
  const { objects, state, registry } = ports;
  const { runId, pipeline } = input;
  const now = (ports.clock ?? (() => new Date()))();
  const manifest = await readRunManifest(objects, runId);
  const records = await state.files.lookup(
    Object.values(manifest.datasets).flatMap((files) => files.map((f) => f.fileId)),
  );
  const rawKeyOf = new Map(
    Object.values(manifest.datasets).flatMap((files) =>
      files.map((f) => [f.key, records.get(f.fileId)?.key ?? f.key] as const),
    ),
  );

  const reports: Record<string, DatasetReport> = {};
  for (const contract of registry.ordered) {
    if ((manifest.datasets[contract.name]?.length ?? 0) === 0) continue;
    const ref = datasetReport(runId, contract.name);
    reports[contract.name] = parseDocument(
      'dataset-report',
      await readJson(objects, ref),
      objects.locationOf(ref),
    );
  }
  const crossChecks = await readCrossChecks(objects, runId);

  const datasets: Record<string, DatasetSummary> = {};
  for (const [name, report] of Object.entries(reports)) {
    datasets[name] = datasetSummaryOf(report, registry, rawKeyOf);
  }
  const history = await readHistory(state, Object.keys(reports), runId);
  const quality = buildQualityReport({
    runId,
    generatedAt: now.toISOString(),
    runStatus: runStatusOf(datasets),
    history,
    crossChecks,
    datasets: Object.fromEntries(
      Object.entries(reports).map(([name, report]) => [
        name,
        {
          counts: qualityCountsOf(report.counts),
          spec: registry.get(name).quality,
          accepted: report.accepted,
          rejected: report.rejected,
          rejectsByCode: report.reasons,
          columns: report.columns,
          drift: datasets[name].files
            .filter((f) => f.schemaDrift)
            .map((f) => ({
              file: f.key,
              extraColumns: f.schemaDrift!.extraColumns,
              missingOptionalColumns: f.schemaDrift!.missingOptionalColumns,
            })),
        },
      ]),
    ),
  });
  // Files that were not loaded, anomalies, drift and cross-dataset violations are warnings too.
  const warnings = [...fileOutcomeWarnings(datasets), ...quality.warnings];
  const computed = runStatusOf(datasets);
  const status =
    computed === RUN_STATUS.SUCCEEDED && warnings.length > 0 ? RUN_STATUS.SUCCEEDED_WITH_WARNINGS : computed;
  const summary: RunSummary = { runId, status, datasets, warnings };
  const report: QualityReport = { ...quality, runStatus: status, warnings };

  const summaryRef = runSummary(runId);
  const jsonRef = qualityReport(runId, 'json');
  const htmlRef = qualityReport(runId, 'html');
  parseDocument('quality-report', report, objects.locationOf(jsonRef));
  await objects.put(jsonRef, JSON.stringify(report, null, 2) + '\n', { contentType: 'application/json' });
  await objects.put(htmlRef, renderQualityHtml(report), { contentType: 'text/html; charset=utf-8' });
  parseDocument('run-summary', summary, objects.locationOf(summaryRef));
  await objects.put(summaryRef, JSON.stringify(summary, null, 2) + '\n', { contentType: 'application/json' });

  await state.runs.finish(runId, { status, datasets: historyEntries(reports, datasets, report) });
  if (status === RUN_STATUS.FAILED)
    await state.breaker.recordFailure(pipeline, runId, blockedReason(datasets));
  else await state.breaker.recordSuccess(pipeline, runId);
  await state.leases.release(input.lease as RunLease).catch((error: unknown) => {
    // Released by an earlier attempt of this step: the run's outcome is decided either way.
    if (!(error instanceof LeaseLostError)) throw error;
  });
  return {
    status,
    warnings: warnings.length,
    summaryUri: objects.locationOf(summaryRef),
    qualityReportUri: objects.locationOf(jsonRef),
  };
}

/** The run's status from its datasets: FAILED when one was blocked, with warnings on a breach. */
function runStatusOf(datasets: Readonly<Record<string, DatasetSummary>>): RunOutcome {
  const all = Object.values(datasets);
  if (all.some((d) => !d.published)) return RUN_STATUS.FAILED;
  if (all.some((d) => !d.quality.passed)) return RUN_STATUS.SUCCEEDED_WITH_WARNINGS;
  return RUN_STATUS.SUCCEEDED;
}

/** A dataset of the run summary from its job's report: metrics and gate from the plan's counts. */
function datasetSummaryOf(
  report: DatasetReport,
  registry: DatasetRegistry,
  rawKeyOf: ReadonlyMap<string, string>,
): DatasetSummary {
  const metrics = computeMetrics(qualityCountsOf(report.counts));
  const gate = evaluateGate(metrics, registry.get(report.dataset).quality);
  const files: FileSummary[] = report.files
    .map((f) => ({ ...f, key: rawKeyOf.get(f.key) ?? f.key }))
    .sort((a, b) => compareKeys(a.key, b.key));
  return {
    rowsIn: report.rowsIn,
    accepted: report.accepted,
    rejected: report.rejected,
    reasons: report.reasons,
    files,
    quality: { ...metrics, passed: gate.passed },
    published: report.published,
    ...(gate.reason ? { gate: { action: gate.action, reason: gate.reason } } : {}),
  };
}

async function readCrossChecks(objects: ObjectStore, runId: string): Promise<CrossDatasetCheck[]> {
  try {
    return (await readJson(objects, crossChecksReport(runId))) as CrossDatasetCheck[];
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return [];
    throw error;
  }
}

/**
 * The quality history of each dataset from the run store (newest first there), oldest first,
 * without the current run: metrics, row counts and null rates as the earlier runs stored them.
 */
async function readHistory(state: StateStore, datasets: readonly string[], runId: string) {
  const history: Record<string, QualityHistoryEntry[]> = {};
  for (const dataset of datasets) {
    const entries = await state.runs.recentByDataset(dataset, { limit: HISTORY_RUNS });
    history[dataset] = entries
      .filter((e) => e.runId !== runId && e.summary.quality && typeof e.summary.rowsIn === 'number')
      .reverse()
      .map((e) => {
        // The stored summary's quality block also says whether the gate passed; history keeps the metrics.
        const { passed: _passed, ...metrics } = e.summary.quality!;
        return {
          runId: e.runId,
          at: new Date(e.startedAt).toISOString(),
          metrics,
          rowsIn: e.summary.rowsIn,
          nullRates: (e.summary.nullRates as Record<string, number> | undefined) ?? {},
        };
      });
  }
  return history;
}

/**
 * What the run store keeps per dataset and run: the quality history (metrics, rows, null rates,
 * drift). Bounded whatever the files: drift is a summary (counts and a few shortened names).
 */
function historyEntries(
  reports: Readonly<Record<string, DatasetReport>>,
  datasets: Readonly<Record<string, DatasetSummary>>,
  quality: QualityReport,
) {
  return Object.fromEntries(
    Object.keys(reports).map((name) => {
      const d = datasets[name];
      return [
        name,
        {
          rowsIn: d.rowsIn,
          accepted: d.accepted,
          rejected: d.rejected,
          reasons: d.reasons,
          quality: d.quality,
          nullRates: Object.fromEntries(
            (quality.datasets[name]?.columns ?? []).map((c) => [c.column, c.nullRate]),
          ),
          schemaDrift: summariseDrift(quality.datasets[name]?.drift ?? []),
        },
      ];
    }),
  );
}

function blockedReason(datasets: Readonly<Record<string, DatasetSummary>>): string {
  return Object.entries(datasets)
    .filter(([, d]) => !d.published)
    .map(([name, d]) => `${name}: quality gate blocked (${d.gate?.reason ?? 'threshold breached'})`)
    .join('; ');
}
