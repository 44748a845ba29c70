import {
  parseDocument,
  RUN_STATUS,
  type DatasetRegistry,
  type DatasetReport,
  type DatasetSummary,
  type QualityReport,
  type RunSummary,
} from '@lakehouse/contracts';
import type { QualityInput, QualityOutput, RunLease } from '@lakehouse/orchestration';
import { fileOutcomeWarnings, qualityCountsOf, renderQualityHtml, summariseDrift } from '@lakehouse/quality';
import type { StateStore } from '@lakehouse/state';
import { datasetReport, qualityReport, runSummary, type ObjectStore } from '@lakehouse/storage';
import { assessQuality } from '../quality-report';
import { compareKeys } from './claim-run';
import { readJson, readRunManifest } from './run-documents';

export interface AssessRunQualityPorts {
  /** The reports zone: the run manifest and the jobs' dataset reports in, the run's reports out. */
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  /** @default the system clock */
  readonly now?: () => Date;
}

/** What the quality step found and wrote, with each dataset's report (for the function's metrics). */
export interface AssessedRun {
  readonly output: QualityOutput;
  readonly quality: QualityReport;
  readonly summary: RunSummary;
}

/**
 * Finishes a run after its tables are verified: the quality report from the dataset jobs'
 * reports (metrics, gates, drift, anomalies against the history in the state store), the run
 * summary, the run record FAILED when a quality gate blocked a dataset, SUCCEEDED_WITH_WARNINGS
 * when the report has warnings or a file was not loaded, SUCCEEDED otherwise (the engine's rule, then the report's
 * warnings, as the local run decides), with each dataset's history entry; the breaker counts the
 * outcome and the lease is released. A retry after the run was finished writes nothing again and
 * returns what the written summary says.
 */
export async function assessRunQuality(
  ports: AssessRunQualityPorts,
  input: QualityInput,
): Promise<AssessedRun> {
  const { objects, state, registry } = ports;
  const { runId, pipeline } = input;
  const { lease } = input;
  const refs = {
    summary: runSummary(runId),
    json: qualityReport(runId, 'json'),
    html: qualityReport(runId, 'html'),
  };
  const uris = {
    summaryUri: objects.locationOf(refs.summary),
    qualityReportUri: objects.locationOf(refs.json),
  };

  const run = await state.runs.get(runId);
  if (run && run.status !== RUN_STATUS.RUNNING) {
    const summary = parseDocument('run-summary', await readJson(objects, refs.summary), uris.summaryUri);
    const quality = parseDocument(
      'quality-report',
      await readJson(objects, refs.json),
      uris.qualityReportUri,
    );
    await releaseIfHeld(state, lease);
    return {
      output: { status: summary.status, warnings: quality.warnings.length, ...uris },
      quality,
      summary,
    };
  }

  await state.leases.assertHeld(lease);
  const manifest = await readRunManifest(objects, runId);
  // A file of the run summary is named by its raw key (`raw/<dataset>/<file>`), not where the job read it.
  const records = await state.files.lookup(
    Object.values(manifest.datasets).flatMap((files) => files.map((f) => f.fileId)),
  );
  const rawKeyOf = new Map(
    Object.values(manifest.datasets).flatMap((files) =>
      files.map((f) => [f.key, records.get(f.fileId)?.key ?? f.key] as const),
    ),
  );
  const reports: Record<string, DatasetReport> = {};
  for (const [dataset, files] of Object.entries(manifest.datasets)) {
    if (files.length === 0) continue;
    const ref = datasetReport(runId, dataset);
    const report = parseDocument('dataset-report', await readJson(objects, ref), objects.locationOf(ref));
    const rawFiles = report.files
      .map((f) => ({ ...f, key: rawKeyOf.get(f.key) ?? f.key }))
      .sort((a, b) => compareKeys(a.key, b.key));
    reports[dataset] = { ...report, files: rawFiles };
  }
  const blocked = Object.values(reports).some((r) => !r.published);
  const quality = await assessQuality(
    state,
    registry,
    {
      runId,
      runStart: manifest.runStart,
      status: blocked ? RUN_STATUS.FAILED : RUN_STATUS.SUCCEEDED,
      // Each child dataset's job ran its own checks; in registry order, as one run's checks.
      crossChecks: registry.ordered.flatMap((c) => reports[c.name]?.crossChecks ?? []),
      datasets: Object.fromEntries(
        Object.entries(reports).map(([name, r]) => [name, { ...r, counts: qualityCountsOf(r.counts) }]),
      ),
    },
    (ports.now ?? (() => new Date()))(),
  );
  const datasets = Object.fromEntries(
    Object.entries(reports).map(([name, r]) => [name, datasetSummary(r, quality.datasets[name])]),
  );
  // Files that were not loaded are warnings too, beside the report's breaches, anomalies and drift.
  const warnings = [...fileOutcomeWarnings(datasets), ...quality.warnings];
  const status = blocked
    ? RUN_STATUS.FAILED
    : warnings.length > 0
      ? RUN_STATUS.SUCCEEDED_WITH_WARNINGS
      : RUN_STATUS.SUCCEEDED;
  const finished: QualityReport = { ...quality, runStatus: status, warnings };
  const summary: RunSummary = { runId, status, datasets, warnings };

  await putJson(objects, refs.json, parseDocument('quality-report', finished, uris.qualityReportUri));
  await objects.put(refs.html, Buffer.from(renderQualityHtml(finished)), {
    contentType: 'text/html; charset=utf-8',
  });
  await putJson(objects, refs.summary, parseDocument('run-summary', summary, uris.summaryUri));

  await state.runs.finish(runId, { status, datasets: historyEntries(datasets, finished) });
  if (blocked) {
    const reasons = Object.entries(datasets)
      .filter(([, d]) => !d.published)
      .map(([name, d]) => `${name}: quality gate blocked (${d.gate?.reason ?? 'threshold breached'})`);
    await state.breaker.recordFailure(pipeline, runId, reasons.join('; '));
  } else {
    await state.breaker.recordSuccess(pipeline, runId);
  }
  await releaseIfHeld(state, lease);
  return { output: { status, warnings: finished.warnings.length, ...uris }, quality: finished, summary };
}

/** A dataset's entry of the run summary, from its job's report and its part of the quality report. */
function datasetSummary(report: DatasetReport, quality: QualityReport['datasets'][string]): DatasetSummary {
  const { gate } = quality;
  return {
    rowsIn: report.rowsIn,
    accepted: report.accepted,
    rejected: report.rejected,
    reasons: report.reasons,
    files: report.files,
    quality: { ...quality.metrics, passed: gate.passed },
    published: report.published,
    ...(gate.action === 'none' ? {} : { gate: { action: gate.action, reason: gate.reason ?? '' } }),
  };
}

/**
 * What the run record keeps per dataset: the history the next runs' anomaly detection reads.
 * Bounded whatever the files: drift is a summary (counts and a few shortened names).
 */
function historyEntries(datasets: Readonly<Record<string, DatasetSummary>>, quality: QualityReport) {
  return Object.fromEntries(
    Object.entries(datasets).map(([name, d]) => [
      name,
      {
        rowsIn: d.rowsIn,
        accepted: d.accepted,
        rejected: d.rejected,
        reasons: d.reasons,
        quality: d.quality,
        nullRates: Object.fromEntries(quality.datasets[name].columns.map((c) => [c.column, c.nullRate])),
        schemaDrift: summariseDrift(quality.datasets[name].drift),
      },
    ]),
  );
}

async function putJson(objects: ObjectStore, ref: Parameters<ObjectStore['put']>[0], value: unknown) {
  await objects.put(ref, Buffer.from(`${JSON.stringify(value, null, 2)}\n`), {
    contentType: 'application/json',
  });
}

async function releaseIfHeld(state: StateStore, lease: RunLease): Promise<void> {
  const current = await state.leases.current(lease.pipeline);
  if (current?.holder === lease.holder) await state.leases.release(current);
}
