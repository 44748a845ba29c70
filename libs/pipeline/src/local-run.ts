import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  datasets as defaultRegistry,
  ENTRY_REFUSED,
  errorFields,
  FILE_OUTCOME,
  FILE_STATUS,
  messageOf,
  parseDocument,
  RUN_STATUS,
  STEP,
  type DatasetRegistry,
  type DatasetSummary,
  type FileStatus,
  type FileSummary,
  type Logger,
  type PipelineStep,
  type QualityReport,
  type RunManifest,
  type RunSummary,
} from '@lakehouse/contracts';
import { executeRun, type ExecutedRun, type ExecuteRunOptions } from '@lakehouse/engine';
import { computeMetrics, fileOutcomeWarnings, summariseDrift } from '@lakehouse/quality';
import { computeRunId, PROCESSED_STATUSES, type FileRecord, type StateStore } from '@lakehouse/state';
import { discoverFiles, type IncomingFile, type RefusedEntry } from './discover';
import { failRun } from './fail-run';
import { MissingFileOutcomeError } from './errors';
import { localHome, LOCAL_BUCKET, type LocalHome } from './home';
import { lockHome, type HomeLock } from './home-lock';
import { openLocalState } from './local-state';
import { assessQuality, writeQualityReport } from './quality-report';
import { compareKeys } from './steps';

export interface LocalRunOptions {
  /** A folder holding `products/`, `orders/`, `order_items/` with the files to load. */
  readonly raw: string;
  /** The local home: raw/, lakehouse/, rejected/, archived/, reports/, state/. */
  readonly home: string;
  /** @default now */
  readonly runStart?: Date;
  /** The lease and circuit-breaker scope. @default 'local' */
  readonly pipeline?: string;
  /** @default the platform's datasets */
  readonly registry?: DatasetRegistry;
  /** How long the run's lease lasts; a run past it may not publish. @default 15 minutes */
  readonly leaseTtlMs?: number;
  /** Receives the engine's step trace (see executeRun), for benchmarks. */
  readonly trace?: ExecuteRunOptions['trace'];
  /** Where the run reports what it does and what went wrong, with the run id, file and step. */
  readonly logger: Logger;
}

export interface LocalRunResult {
  readonly summary: RunSummary;
  /** Where the run summary was written. */
  readonly reportPath: string;
  /** The quality report of the run (absent when there was nothing to do). */
  readonly qualityReport?: { readonly json: string; readonly html: string };
  readonly home: LocalHome;
}

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

/**
 * The local pipeline, run directly (no state machine): lands the offered files in the home's raw
 * zone, registers them in the file registry, runs the engine on the files not processed before,
 * records file statuses and the run in the state store, archives the files, and writes
 * `reports/<runId>.json`. Files recognised as already processed are reported ALREADY_PROCESSED
 * and change nothing; with none left the run is NOTHING_TO_DO.
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
    return await runInHome(options, home, lock);
  } finally {
    await lock.release();
  }
}

async function runInHome(options: LocalRunOptions, home: LocalHome, lock: HomeLock): Promise<LocalRunResult> {
  const registry = options.registry ?? defaultRegistry;
  const pipeline = options.pipeline ?? 'local';
  const runStart = options.runStart ?? new Date();
  const { files: offered, refused } = await discoverFiles(options.raw, registry);

  const state = await openLocalState(home.state, { leaseTtlMs: options.leaseTtlMs });
  try {
    const { store } = state;
    const records = await registerAll(store, offered);
    const done = offered.filter(
      (f) => PROCESSED_STATUSES.includes(records.get(f.key)!.status) || isFinal(records.get(f.key)!.status),
    );
    const todo = offered.filter((f) => !done.includes(f));
    if (todo.length === 0) {
      const runId = `nothing-${runStart
        .toISOString()
        .replace(/[^0-9]/g, '')
        .slice(0, 14)}`;
      const datasets = withFiles({}, [...alreadyProcessed(done), ...refusedFiles(refused)]);
      const warnings = fileOutcomeWarnings(datasets);
      const summary: RunSummary = {
        runId,
        status: RUN_STATUS.NOTHING_TO_DO,
        datasets,
        ...(warnings.length > 0 ? { warnings } : {}),
      };
      return { summary, reportPath: await writeReport(home, summary), home };
    }

    const fileIds = todo.map((f) => records.get(f.key)!.fileId);
    const runId = await nextRunId(store, fileIds);
    const log = options.logger.child({ runId, pipeline });
    await lock.recordRun(runId);
    await store.breaker.admit(pipeline, runId);
    const lease = await store.leases.acquire(pipeline, runId);
    log.debug('run started', { files: todo.length });
    try {
      await store.runs.start({
        pipeline,
        runId,
        files: todo.map((f) => ({
          fileId: records.get(f.key)!.fileId,
          dataset: f.dataset,
          bucket: LOCAL_BUCKET,
          key: f.key,
        })),
      });
      const claim = await store.files.claim(fileIds, runId);
      if (claim.refused.length > 0) throw claim.refused[0].error;

      const step = stepRunner(store, runId, log);
      const landed = await land(home, todo);
      const summary = await step(STEP.load, () =>
        executeRun({
          home: home.root,
          registry,
          manifest: manifestOf(runId, runStart, todo, records),
          // Fencing: a run whose lease expired or was taken over must not publish a table version.
          beforePublish: () => store.leases.assertHeld(lease),
          trace: options.trace,
        }),
      );
      await step(STEP.settle, () => settleFiles(store, home, runId, summary, todo, landed, records));

      const quality = await step(STEP.quality, () => assessQuality(store, registry, summary, new Date()));
      const datasets = publicDatasets(summary, [...alreadyProcessed(done), ...refusedFiles(refused)]);
      // Files that were not loaded, anomalies, drift and cross-dataset violations are warnings
      // too, not only threshold breaches.
      const warnings = [...fileOutcomeWarnings(datasets), ...quality.warnings];
      const status =
        summary.status === RUN_STATUS.SUCCEEDED && warnings.length > 0
          ? RUN_STATUS.SUCCEEDED_WITH_WARNINGS
          : summary.status;
      const full: RunSummary = { runId: summary.runId, status, datasets, warnings };
      await store.runs.finish(runId, { status, datasets: historyEntries(summary, quality) });
      if (status === RUN_STATUS.FAILED)
        await store.breaker.recordFailure(pipeline, runId, blockedReason(summary));
      else await store.breaker.recordSuccess(pipeline, runId);
      const qualityReport = await writeQualityReport(home, { ...quality, runStatus: status, warnings });
      log.debug('run finished', { status });
      return { summary: full, reportPath: await writeReport(home, full), qualityReport, home };
    } catch (error) {
      await failRun(store, { pipeline, runId, fileIds }, error, log);
      throw error;
    } finally {
      // The run's outcome is decided; a lease left behind only delays the next run until it expires.
      await store.leases.release(lease).catch((error: unknown) =>
        log.error('could not release the lease; the next run waits for it to expire', {
          step: STEP.fail,
          expiresAt: new Date(lease.expiresAt).toISOString(),
          error: errorFields(error),
        }),
      );
    }
  } finally {
    await state.close();
  }
}

/**
 * The deterministic id of a run over these files; when an earlier attempt over the same files
 * ended (it failed, or a quality gate sent its files back), the next attempt number.
 */
async function nextRunId(store: StateStore, fileIds: readonly string[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const runId = computeRunId(fileIds, { attempt });
    const previous = await store.runs.get(runId);
    if (!previous || previous.status === 'RUNNING') return runId;
  }
}

/** Statuses after which a file is never loaded again (ARCHIVED and PROCESSED are in PROCESSED_STATUSES). */
const isFinal = (status: FileStatus) =>
  status === FILE_STATUS.QUARANTINED || status === FILE_STATUS.REJECTED || status === FILE_STATUS.EMPTY;

async function registerAll(
  store: StateStore,
  files: readonly IncomingFile[],
): Promise<Map<string, FileRecord>> {
  const records = new Map<string, FileRecord>();
  for (const f of files) {
    const { file } = await store.files.register({
      bucket: LOCAL_BUCKET,
      key: f.key,
      eTag: f.eTag,
      dataset: f.dataset,
      size: f.size,
    });
    records.set(f.key, file);
  }
  return records;
}

/** Copies the files into the home's raw zone, as an upload to the raw S3 prefix would. */
async function land(home: LocalHome, files: readonly IncomingFile[]): Promise<Map<string, string>> {
  const landed = new Map<string, string>();
  for (const f of files) {
    const target = join(home.root, f.key);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(f.path, target);
    landed.set(f.key, target);
  }
  return landed;
}

/** The run manifest: the run's files per dataset, in key order, as landed in the home's raw zone. */
function manifestOf(
  runId: string,
  runStart: Date,
  files: readonly IncomingFile[],
  records: Map<string, FileRecord>,
): RunManifest {
  const datasets: Record<string, RunManifest['datasets'][string][number][]> = {};
  for (const f of files) {
    const list = (datasets[f.dataset] ??= []);
    const { fileId } = records.get(f.key)!;
    list.push({
      bucket: LOCAL_BUCKET,
      key: f.key,
      fileId,
      eTag: f.eTag,
      size: f.size,
      fileSeq: list.length + 1,
    });
  }
  return { runId, runStart: runStart.toISOString(), datasets };
}

/**
 * Runs the steps of one run, each recorded in the run's record: STARTED, then SUCCEEDED, or FAILED
 * with the error (the error still propagates; a failure to record the failure is logged).
 */
function stepRunner(store: StateStore, runId: string, log: Logger) {
  return async <T>(name: PipelineStep, work: () => Promise<T>): Promise<T> => {
    await store.runs.recordStep(runId, { name, status: 'STARTED' });
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await store.runs
        .recordStep(runId, { name, status: 'FAILED', detail: messageOf(error) })
        .catch((recording: unknown) =>
          log.error('could not record a failed step in the run', {
            step: name,
            error: errorFields(recording),
            stepError: errorFields(error),
          }),
        );
      throw error;
    }
    await store.runs.recordStep(runId, { name, status: 'SUCCEEDED' });
    return result;
  };
}

/**
 * Records each file's outcome and archives it. Files of a dataset whose quality gate blocked the
 * publish were not loaded: they go back to VALIDATED (claimable again) and stay in the raw zone.
 */
async function settleFiles(
  store: StateStore,
  home: LocalHome,
  runId: string,
  summary: ExecutedRun,
  files: readonly IncomingFile[],
  landed: Map<string, string>,
  records: Map<string, FileRecord>,
): Promise<void> {
  for (const f of files) {
    const dataset = summary.datasets[f.dataset];
    const result = dataset?.files.find((s) => s.key === f.key);
    if (!dataset || !result) throw new MissingFileOutcomeError(f.key);
    const fileId = records.get(f.key)!.fileId;
    const counts = { rowsIn: result.rowsIn, accepted: result.accepted, rejected: result.rejected };
    const reason = result.error?.message;
    if (result.status === FILE_OUTCOME.PROCESSED && !dataset.published) {
      await store.files.transition(fileId, FILE_STATUS.VALIDATED, { runId, counts });
      await store.files.release([fileId], runId);
      continue;
    }
    if (result.status === FILE_OUTCOME.PROCESSED) {
      await store.files.transition(fileId, FILE_STATUS.VALIDATED, { runId, counts });
      await store.files.transition(fileId, FILE_STATUS.PROCESSED, { runId, counts });
    } else if (result.status !== FILE_OUTCOME.ALREADY_PROCESSED) {
      await store.files.transition(fileId, result.status, { runId, counts, reason });
    }
    const target = join(home.archived, f.dataset, runId, f.name);
    await mkdir(dirname(target), { recursive: true });
    await rename(landed.get(f.key)!, target);
    await store.files.transition(fileId, FILE_STATUS.ARCHIVED, { runId });
  }
}

/**
 * The datasets of the run summary as printed and written: the documented shape, with every offered
 * file — the engine's, those already processed and the entries not loaded; the engine's quality
 * inputs (plan counts, column profiles) live in the quality report instead.
 */
function publicDatasets(summary: ExecutedRun, others: readonly DatasetFile[]): Record<string, DatasetSummary> {
  const datasets = Object.fromEntries(
    Object.entries(summary.datasets).map(([name, d]) => {
      const { counts: _counts, columns: _columns, ...rest } = d;
      return [name, rest];
    }),
  );
  return withFiles(datasets, others);
}

/**
 * What the state store keeps per dataset and run: the quality history (metrics, rows, null rates,
 * drift). Bounded whatever the files: drift is a summary (counts and a few shortened names), so a
 * megabyte-wide header cannot overflow the record after the tables were published.
 */
function historyEntries(summary: ExecutedRun, quality: QualityReport) {
  return Object.fromEntries(
    Object.entries(summary.datasets).map(([name, d]) => [
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
    ]),
  );
}

function blockedReason(summary: ExecutedRun): string {
  const blocked = Object.entries(summary.datasets).filter(([, d]) => !d.published);
  return blocked
    .map(([name, d]) => `${name}: quality gate blocked (${d.gate?.reason ?? 'threshold breached'})`)
    .join('; ');
}

/** A file of the run summary that the engine did not report, with its dataset. */
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
async function writeReport(home: LocalHome, summary: RunSummary): Promise<string> {
  const path = join(home.reports, `${summary.runId}.json`);
  parseDocument('run-summary', summary, path);
  await mkdir(home.reports, { recursive: true });
  await writeFile(path, JSON.stringify(summary, null, 2) + '\n');
  return path;
}
