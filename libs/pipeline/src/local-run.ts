import { createReadStream } from 'node:fs';
import { CreateTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  datasets as defaultRegistry,
  ENTRY_REFUSED,
  FILE_OUTCOME,
  FILE_STATUS,
  parseDocument,
  RUN_STATUS,
  type DatasetRegistry,
  type DatasetSummary,
  type FileStatus,
  type FileSummary,
  type Logger,
  type RunSummary,
} from '@lakehouse/contracts';
import { LocalFolderNotifier } from '@lakehouse/aws';
import { DuckDbSqlQuery, type ExecuteRunOptions } from '@lakehouse/engine';
import { computeMetrics, fileOutcomeWarnings } from '@lakehouse/quality';
import { fileIdOf, PROCESSED_STATUSES, type StateStore } from '@lakehouse/state';
import {
  LOCAL_CATALOG_DATABASE,
  LocalFolderObjectStore,
  rawFile,
  runSummary,
  ZONES,
  type ObjectStore,
} from '@lakehouse/storage';
import { join } from 'node:path';
import { discoverFiles, type IncomingFile, type RefusedEntry } from './discover';
import { localHome, LOCAL_BUCKET, type LocalHome } from './home';
import { lockHome } from './home-lock';
import { openLocalState } from './local-state';
import { s3ArrivalsEvent } from './local/s3-events';
import { stepHandlers, type LocalHandlerFactory } from './local/local-handlers';
import { LocalStateMachine, type ExecutionFaults, type RunProgress } from './local/local-state-machine';
import { compareKeys, readJson } from './steps';

export interface LocalRunOptions {
  /** A folder holding `products/`, `orders/`, `order_items/` with the files to load. */
  readonly raw: string;
  /** The local home: raw/, lakehouse/, rejected/, archived/, reports/, state/… */
  readonly home: string;
  /** @default now */
  readonly runStart?: Date;
  /** The lease and circuit-breaker scope. @default 'local' */
  readonly pipeline?: string;
  /** @default the platform's datasets */
  readonly registry?: DatasetRegistry;
  /** How long the run's lease lasts between two heartbeats; a run past it may not publish. @default 60 s */
  readonly leaseTtlMs?: number;
  /** Receives the engine's step trace (see executeRun), for benchmarks. */
  readonly trace?: ExecuteRunOptions['trace'];
  /** Where the run reports what it does and what went wrong, with the run id, file and step. */
  readonly logger: Logger;
  /** The handlers of the trigger and of every task. @default the steps themselves (stepHandlers) */
  readonly handlers?: LocalHandlerFactory;
  /** Receives each state the execution enters, leaves or fails in (the progress display). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Crash injection for tests. */
  readonly faults?: ExecutionFaults;
}

export interface LocalRunResult {
  readonly summary: RunSummary;
  /** Where the run summary was written. */
  readonly reportPath: string;
  /** The quality report of the run (absent when there was nothing to do). */
  readonly qualityReport?: { readonly json: string; readonly html: string };
  readonly home: LocalHome;
  /** Runs an earlier process left unfinished that this one completed (same run ids). */
  readonly resumed: readonly string[];
}

/** The pipeline a local home runs by default. */
export const LOCAL_PIPELINE = 'local';

/** A local lease is short and renewed by a heartbeat: a run that dies loses it within a minute. */
export const LOCAL_LEASE_TTL_MS = 60_000;

/** The quality block of a dataset that took no rows in this run: every metric over nothing is 1. */
const NO_ROWS_QUALITY = {
  ...computeMetrics({
    rowsIn: 0,
    requiredColumns: 0,
    notNullViolations: 0,
    missingColumnViolations: 0,
    invalidRows: 0,
    typedRows: 0,
    typedRowsWithRule: 0,
    fkCheckedRows: 0,
    fkRows: 0,
    dedupCheckedRows: 0,
    duplicateRows: 0,
  }),
  passed: true,
};

/** The execution of a local run failed before the run had a summary: the error of the failed state. */
export class LocalRunFailedError extends Error {
  override readonly name = 'LocalRunFailedError';
  constructor(
    readonly runId: string,
    readonly error: { readonly Error: string; readonly Cause: string },
  ) {
    super(`run ${runId} FAILED: ${error.Error}: ${error.Cause}`);
  }
}

/**
 * The local pipeline, run as in the cloud: the offered files are put into the home's raw zone as
 * uploads, their S3 notifications go to the trigger, and the trigger's execution runs the state
 * machine's definition in the local interpreter — every task state calls its handler, the Glue
 * workflow runs the dataset DAG on DuckDB, the notification is a file. A run an earlier process
 * left unfinished (killed, crashed) is first completed from its recorded state, with the same run
 * id. Files recognised as already processed are reported ALREADY_PROCESSED and change nothing;
 * with no file left the run is NOTHING_TO_DO.
 */
export async function runLocalPipeline(options: LocalRunOptions): Promise<LocalRunResult> {
  const home = localHome(options.home);
  // One run per home, and a home that can be written, before anything is read or written.
  const lock = await lockHome(home.root, [
    home.raw,
    home.archived,
    home.reports,
    home.lakehouse,
    home.rejected,
    home.state,
  ]);
  try {
    const registry = options.registry ?? defaultRegistry;
    const { files: offered, refused } = await discoverFiles(options.raw, registry);
    const local = await openLocalPorts(home, { ...options, registry });
    try {
      return await runInHome(options, local, offered, refused, (runId) => lock.recordRun(runId));
    } finally {
      await local.close();
    }
  } finally {
    await lock.release();
  }
}

/** Everything a local run works with, over one home. */
export interface LocalPorts {
  readonly home: LocalHome;
  readonly registry: DatasetRegistry;
  readonly pipeline: string;
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly machine: LocalStateMachine;
  close(): Promise<void>;
}

/** The Powertools idempotency table of the notify handler, on the embedded server. */
export const LOCAL_IDEMPOTENCY_TABLE = 'lakehouse-idempotency';

/**
 * Opens a home's ports: the folder object store, the state on the embedded DynamoDB-API server
 * (with the idempotency table), the notifications folder, DuckDB over the tables, and the state
 * machine on the local interpreter with the handlers.
 */
export async function openLocalPorts(
  home: LocalHome,
  options: Pick<
    LocalRunOptions,
    'pipeline' | 'leaseTtlMs' | 'handlers' | 'trace' | 'onProgress' | 'faults'
  > & {
    readonly registry: DatasetRegistry;
  },
): Promise<LocalPorts> {
  const leaseTtlMs = options.leaseTtlMs ?? LOCAL_LEASE_TTL_MS;
  const pipeline = options.pipeline ?? LOCAL_PIPELINE;
  const state = await openLocalState(home.state, { leaseTtlMs });
  try {
    await state.client
      .send(
        new CreateTableCommand({
          TableName: LOCAL_IDEMPOTENCY_TABLE,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ResourceInUseException)) throw error;
      });
    const objects = new LocalFolderObjectStore({ home: home.root });
    const machine = new LocalStateMachine({
      home: home.root,
      registry: options.registry,
      pipeline,
      objects,
      state: state.store,
      leaseTtlMs,
      handlers: options.handlers ?? stepHandlers,
      notifier: new LocalFolderNotifier({ folder: join(home.root, ZONES.notifications.localFolder) }),
      sql: new DuckDbSqlQuery({ home: home.root, database: LOCAL_CATALOG_DATABASE }),
      database: LOCAL_CATALOG_DATABASE,
      idempotency: { client: state.client, tableName: LOCAL_IDEMPOTENCY_TABLE },
      trace: options.trace,
      onProgress: options.onProgress,
      faults: options.faults,
    });
    return {
      home,
      registry: options.registry,
      pipeline,
      objects,
      state: state.store,
      machine,
      close: () => state.close(),
    };
  } catch (error) {
    await state.close();
    throw error;
  }
}

async function runInHome(
  options: LocalRunOptions,
  local: LocalPorts,
  offered: readonly IncomingFile[],
  refused: readonly RefusedEntry[],
  recordRun: (runId: string) => Promise<void>,
): Promise<LocalRunResult> {
  const { home, state, objects, machine } = local;
  const runStart = options.runStart ?? new Date();

  // What an earlier process left unfinished is completed first, with its run id.
  const resumed: string[] = [];
  let last: { runId: string; error?: { Error: string; Cause: string } } | undefined;
  for (const execution of await machine.unfinished()) {
    await recordRun(execution.runId);
    options.logger.info('resuming the run an earlier process left unfinished', {
      runId: execution.runId,
      state: execution.state?.name ?? '(start)',
    });
    last = await machine.resume(execution);
    resumed.push(execution.runId);
  }

  // Files of earlier runs are recognised by their identity (key and content hash) before any upload.
  const records = await state.files.lookup(
    offered.map((f) => fileIdOf({ bucket: LOCAL_BUCKET, key: f.key, eTag: f.eTag })),
  );
  const statusOf = (f: IncomingFile) =>
    records.get(fileIdOf({ bucket: LOCAL_BUCKET, key: f.key, eTag: f.eTag }))?.status;
  const done = offered.filter((f) => isDone(statusOf(f)));
  const todo = offered.filter((f) => !done.includes(f));

  if (todo.length > 0) {
    // The uploads, then their S3 notifications to the trigger, which starts the run's execution.
    for (const f of todo) {
      const ref = rawFile(f.dataset, f.name);
      if (!(await objects.exists(ref)))
        await objects.put(ref, createReadStream(f.path), { contentType: 'text/csv' });
    }
    const event = s3ArrivalsEvent(
      todo.map((f, i) => ({
        bucket: LOCAL_BUCKET,
        key: f.key,
        eTag: f.eTag,
        size: f.size,
        sequencer: i.toString(16).padStart(16, '0'),
      })),
      runStart,
    );
    const started = await machine.trigger(event, runStart, recordRun);
    if (started) last = started;
  }

  const extras = [...alreadyProcessed(done), ...refusedFiles(refused)];
  if (!last) {
    const runId = `nothing-${runStart
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 14)}`;
    const datasets = withFiles({}, extras);
    const warnings = fileOutcomeWarnings(datasets);
    const summary: RunSummary = {
      runId,
      status: RUN_STATUS.NOTHING_TO_DO,
      datasets,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    return { summary, reportPath: await writeSummary(objects, summary), home, resumed };
  }

  const summaryRef = runSummary(last.runId);
  if (!(await objects.exists(summaryRef))) {
    throw (
      machine.errorOf(last) ??
      new LocalRunFailedError(last.runId, last.error ?? { Error: 'Unknown', Cause: '' })
    );
  }
  const run = parseDocument(
    'run-summary',
    await readJson(objects, summaryRef),
    objects.locationOf(summaryRef),
  );
  const summary = extras.length > 0 ? withOffered(run, extras) : run;
  const reportPath =
    extras.length > 0 ? await writeSummary(objects, summary) : objects.locationOf(summaryRef);
  return {
    summary,
    reportPath,
    qualityReport: {
      json: join(home.reports, `${summary.runId}.quality.json`),
      html: join(home.reports, `${summary.runId}.quality.html`),
    },
    home,
    resumed,
  };
}

/** Statuses after which a file is never loaded again. */
const isDone = (status: FileStatus | undefined) =>
  status !== undefined &&
  (PROCESSED_STATUSES.includes(status) ||
    status === FILE_STATUS.QUARANTINED ||
    status === FILE_STATUS.REJECTED ||
    status === FILE_STATUS.EMPTY);

/**
 * The run's summary with what `lakehouse run` was offered besides the run's files: the files
 * already processed and the entries not loaded. A refused entry is a warning, as in a run.
 */
function withOffered(run: RunSummary, extras: readonly DatasetFile[]): RunSummary {
  const datasets = withFiles(run.datasets, extras);
  const runFileWarnings = new Set(fileOutcomeWarnings(run.datasets));
  const warnings = [
    ...fileOutcomeWarnings(datasets),
    ...(run.warnings ?? []).filter((w) => !runFileWarnings.has(w)),
  ];
  const status =
    run.status === RUN_STATUS.SUCCEEDED && warnings.length > 0
      ? RUN_STATUS.SUCCEEDED_WITH_WARNINGS
      : run.status;
  return { ...run, status, datasets, warnings };
}

/** A file of the run summary that the run did not take, with its dataset. */
interface DatasetFile {
  readonly dataset: string;
  readonly file: FileSummary;
}

const noRows = { rowsIn: 0, accepted: 0, rejected: 0 } as const;

/** The files recognised as already processed: they change nothing. */
const alreadyProcessed = (done: readonly IncomingFile[]): DatasetFile[] =>
  done.map((f) => ({
    dataset: f.dataset,
    file: { key: f.key, status: FILE_OUTCOME.ALREADY_PROCESSED, ...noRows },
  }));

/** The entries the discovery did not load: each a REJECTED file with its reason. */
const refusedFiles = (refused: readonly RefusedEntry[]): DatasetFile[] =>
  refused.map((r) => ({
    dataset: r.dataset,
    file: {
      key: r.key,
      status: FILE_OUTCOME.REJECTED,
      ...noRows,
      error: { code: ENTRY_REFUSED, message: `${r.key}: ${r.reason}` },
    },
  }));

/** Adds files to the datasets of a summary (each list in key order), so every offered entry is accounted for. */
function withFiles(
  datasets: Readonly<Record<string, DatasetSummary>>,
  files: readonly DatasetFile[],
): Record<string, DatasetSummary> {
  const out: Record<string, DatasetSummary> = { ...datasets };
  for (const { dataset, file } of files) {
    const current = out[dataset] ?? {
      ...noRows,
      reasons: {},
      files: [],
      quality: NO_ROWS_QUALITY,
      published: true,
    };
    out[dataset] = { ...current, files: [...current.files, file] };
  }
  for (const [name, d] of Object.entries(out))
    out[name] = { ...d, files: [...d.files].sort((a, b) => compareKeys(a.key, b.key)) };
  return out;
}

/** Writes `reports/<runId>.json`, checked first against the run summary's schema. */
async function writeSummary(objects: ObjectStore, summary: RunSummary): Promise<string> {
  const ref = runSummary(summary.runId);
  parseDocument('run-summary', summary, objects.locationOf(ref));
  await objects.put(ref, JSON.stringify(summary, null, 2) + '\n', { contentType: 'application/json' });
  return objects.locationOf(ref);
}
