import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DATASET_JOB_OUTCOME,
  parseDocument,
  type DatasetRegistry,
  type DatasetReport,
  type RunManifest,
  type RunManifestFile,
} from '@lakehouse/contracts';
import {
  DAILY_SALES,
  executeRun,
  planCountsOf,
  resolveCrossChecks,
  type ExecutedDataset,
  type ExecutedRun,
  type ExecuteRunOptions,
} from '@lakehouse/engine';
import { RUN_PROPERTIES, type RunLease } from '@lakehouse/orchestration';
import { evaluateGate } from '@lakehouse/quality';
import type { StateStore } from '@lakehouse/state';
import { datasetReport, type ObjectStore } from '@lakehouse/storage';
import type { RunManifestDocument } from '../steps';

export interface LocalWorkflowPorts {
  /** The local home (the engine's tables, rejected rows and temporary folders). */
  readonly home: string;
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  /** The run's lease as the run holds it now (the heartbeat renews it): every publish is fenced by it. */
  readonly lease: () => RunLease | undefined;
  readonly trace?: ExecuteRunOptions['trace'];
}

/** The name of a local Glue workflow run: one per run. */
const workflowRunId = (runId: string) => `wr_${runId}`;

/**
 * The Glue workflow's two API calls on the local home. `startWorkflowRun` runs the dataset DAG with
 * the DuckDB engine (parents first, then the curated tables: the order of the workflow's
 * triggers) on the run manifest named by the `manifest-s3-uri` run property, and writes what the
 * Glue jobs write: each dataset's report in the reports zone, a child dataset's carrying the
 * cross-dataset checks that belong to it (as its Glue job runs them). It
 * completes before it returns, so a job's error is the `load` state's error under its own name (a
 * lost lease is a LeaseLostError, as the run record then says); `getWorkflowRun` reports the run
 * COMPLETED. A started run whose reports are all written is not run again (a retried or resumed
 * `load`): the Glue jobs are idempotent per run id in the same way.
 */
export function localWorkflowHandlers(ports: LocalWorkflowPorts) {
  return {
    async start(request: { Name: string; RunProperties: Record<string, string> }) {
      const location = request.RunProperties[RUN_PROPERTIES.manifest];
      const document = JSON.parse(await readFile(location, 'utf8')) as RunManifestDocument;
      const { runId } = document;
      if (!(await reported(ports, document))) await runDag(ports, document);
      return { RunId: workflowRunId(runId) };
    },
    async poll(_request: { Name: string; RunId: string; IncludeGraph: boolean }) {
      const jobs = ports.registry.names.length + 1; // one job per dataset and the curated table
      return {
        Run: {
          Status: 'COMPLETED',
          Statistics: {
            TotalActions: jobs,
            SucceededActions: jobs,
            FailedActions: 0,
            TimeoutActions: 0,
            StoppedActions: 0,
            ErroredActions: 0,
            RunningActions: 0,
            WaitingActions: 0,
          },
        },
      };
    },
  };
}

/** Whether every dataset job of the run has written its report. */
async function reported(ports: LocalWorkflowPorts, document: RunManifestDocument): Promise<boolean> {
  for (const [dataset, files] of Object.entries(document.datasets)) {
    if (files.length > 0 && !(await ports.objects.exists(datasetReport(document.runId, dataset))))
      return false;
  }
  return true;
}

async function runDag(ports: LocalWorkflowPorts, document: RunManifestDocument): Promise<void> {
  const { runId } = document;
  const records = await ports.state.files.lookup(
    Object.values(document.datasets).flatMap((files) => files.map((f) => f.fileId)),
  );
  // The engine reads each file where the manifest says it is, and names it by its raw key (the
  // rows' `_source_file` and the summary's key); the reports name it as the manifest does.
  const locations = new Map<string, string>();
  const manifest: RunManifest = {
    runId,
    runStart: document.runStart,
    datasets: Object.fromEntries(
      Object.entries(document.datasets).map(([dataset, files]) => [
        dataset,
        files.map((f): RunManifestFile => {
          const record = records.get(f.fileId);
          if (!record) throw new Error(`run ${runId}: file ${f.fileId} of the manifest is not registered`);
          locations.set(record.key, f.key);
          return {
            bucket: record.bucket,
            key: record.key,
            fileId: f.fileId,
            eTag: f.eTag ?? record.eTag ?? '',
            size: record.size ?? 0,
            fileSeq: f.fileSeq,
          };
        }),
      ]),
    ),
  };
  await replaceEarlierAttempts(ports, runId, Object.keys(document.datasets));
  const executed = await executeRun({
    home: ports.home,
    registry: ports.registry,
    manifest,
    pathOf: (file) => locations.get(file.key)!,
    // Fencing: a run whose lease expired or was taken over must not publish a table version.
    beforePublish: async () => {
      const lease = ports.lease();
      if (!lease) throw new Error(`run ${runId} publishes without a lease`);
      await ports.state.leases.assertHeld(lease);
    },
    trace: ports.trace,
  });
  // The curated table is rebuilt when one of its sources took part in the run and published.
  const sources = ['orders', 'order_items'].map((name) => executed.datasets[name]);
  if (sources.some((d) => d?.published) && (await exists(join(ports.home, 'lakehouse', DAILY_SALES)))) {
    await putReport(ports, {
      ...emptyReport(runId, DAILY_SALES),
      status: DATASET_JOB_OUTCOME.REBUILT,
      published: true,
    });
  }
  // The dataset reports last: they say the job is done.
  for (const [dataset, d] of Object.entries(executed.datasets)) {
    await putReport(ports, {
      ...datasetReportOf(runId, dataset, d, ports.registry, locations),
      crossChecks: crossChecksOf(executed, dataset, ports.registry),
    });
  }
}

/**
 * A retry of a failed run is a new attempt (`run-…-a2`) over the same files: its rejected rows
 * replace the earlier attempts', so no row is counted twice under rejected/.
 */
async function replaceEarlierAttempts(ports: LocalWorkflowPorts, runId: string, datasets: readonly string[]) {
  const base = runId.replace(/-a\d+$/, '');
  const attempt = Number(/-a(\d+)$/.exec(runId)?.[1] ?? 1);
  for (let earlier = 1; earlier < attempt; earlier++) {
    const id = earlier === 1 ? base : `${base}-a${earlier}`;
    for (const dataset of datasets) {
      await rm(join(ports.home, 'rejected', dataset, `${id}.jsonl`), { force: true });
      await rm(join(ports.home, 'rejected', dataset, id), { recursive: true, force: true });
    }
  }
}

const emptyReport = (runId: string, dataset: string): DatasetReport => ({
  runId,
  dataset,
  job: dataset,
  status: DATASET_JOB_OUTCOME.NOTHING_TO_DO,
  rowsIn: 0,
  accepted: 0,
  rejected: 0,
  reasons: {},
  files: [],
  quality: null,
  published: false,
  gate: null,
  counts: {},
  rejectedRecords: { uri: null, rows: 0 },
  malformedFiles: [],
  bookmarkVersion: null,
  columns: [],
  crossChecks: [],
});

/** The run's cross-dataset checks that belong to a dataset: those of its contract (it is their child). */
function crossChecksOf(executed: ExecutedRun, dataset: string, registry: DatasetRegistry) {
  const own = new Set(
    resolveCrossChecks(registry)
      .filter((c) => c.child.name === dataset)
      .map((c) => c.check.name),
  );
  return executed.crossChecks.filter((c) => own.has(c.name));
}

/** A dataset job's report, as the Glue runner writes it, from what the engine did to the dataset. */
function datasetReportOf(
  runId: string,
  dataset: string,
  d: ExecutedDataset,
  registry: DatasetRegistry,
  locations: ReadonlyMap<string, string>,
): DatasetReport {
  const { quality } = d;
  const spec = registry.get(dataset).quality;
  const breaches = evaluateGate(quality, spec).breaches.map((b) => b.metric);
  return {
    ...emptyReport(runId, dataset),
    status: d.published ? DATASET_JOB_OUTCOME.PUBLISHED : DATASET_JOB_OUTCOME.BLOCKED,
    rowsIn: d.rowsIn,
    accepted: d.accepted,
    rejected: d.rejected,
    reasons: d.reasons,
    files: d.files.map((f) => ({ ...f, key: locations.get(f.key) ?? f.key })),
    quality: { ...quality, breaches },
    published: d.published,
    gate: {
      publish: d.published,
      source: 'plan',
      reason: d.gate?.reason ?? 'every threshold met',
      onBreach: spec.onBreach ?? null,
    },
    counts: planCountsOf(d.counts),
    rejectedRecords: {
      uri: d.rejected > 0 ? join('rejected', dataset, `${runId}.jsonl`) : null,
      rows: d.rejected,
    },
    columns: [...d.columns],
  };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function putReport(ports: LocalWorkflowPorts, report: DatasetReport): Promise<void> {
  const ref = datasetReport(report.runId, report.dataset);
  parseDocument('dataset-report', report, ports.objects.locationOf(ref));
  await ports.objects.put(ref, JSON.stringify(report, null, 2) + '\n', { contentType: 'application/json' });
}
