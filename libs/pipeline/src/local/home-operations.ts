import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  datasets as defaultRegistry,
  RUN_STATUS,
  type DatasetRegistry,
  type Logger,
} from '@lakehouse/contracts';
import type { CircuitStatus, FileRecord, StateStore } from '@lakehouse/state';
import { LocalFolderObjectStore, type ObjectStore } from '@lakehouse/storage';
import { HomeInUseError, LocalHomeError } from '../errors';
import { localHome, type LocalHome } from '../home';
import { lockHome } from '../home-lock';
import { openLocalState } from '../local-state';
import { LOCAL_PIPELINE, runLocalPipeline, type LocalRunOptions, type LocalRunResult } from '../local-run';
import { markRunFailed } from '../steps';
import { EXECUTION_STATUS, LocalExecutions, type ExecutionRecord } from './local-executions';
import { definitionOf } from './local-state-machine';

/** An operator command refused what it was asked, for the reason its message gives (exit 1). */
export class OperationRefusedError extends LocalHomeError {}

/** What an operator command works with: the home's state and objects, under the home's lock. */
interface HomeSession {
  readonly home: LocalHome;
  readonly state: StateStore;
  readonly objects: ObjectStore;
  readonly executions: LocalExecutions;
}

function executionsOf(objects: ObjectStore, registry: DatasetRegistry): LocalExecutions {
  // Only read and ended here: nothing is executed, so no task has a handler.
  return new LocalExecutions({ objects, definition: definitionOf(registry), handlers: {} });
}

/**
 * Runs `work` on a home under its lock (no run can start meanwhile), with the state store open.
 * A home a live process holds is refused with HomeInUseError: that process has the state open.
 */
async function withHome<T>(
  root: string,
  registry: DatasetRegistry,
  work: (session: HomeSession) => Promise<T>,
): Promise<T> {
  const home = localHome(root);
  const lock = await lockHome(home.root, [home.state]);
  try {
    const local = await openLocalState(home.state);
    try {
      const objects = new LocalFolderObjectStore({ home: home.root });
      return await work({ home, state: local.store, objects, executions: executionsOf(objects, registry) });
    } finally {
      await local.close();
    }
  } finally {
    await lock.release();
  }
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export interface FileStatusView {
  readonly key: string;
  readonly dataset: string;
  readonly status: string;
  readonly rowsIn?: number;
  readonly accepted?: number;
  readonly rejected?: number;
  readonly reason?: string;
}

export interface RunStatusView {
  readonly runId: string;
  readonly status: string;
  readonly attempt?: number;
  /** The run's logical time (`--run-start`, or when it was claimed): what its data is dated by. */
  readonly runStart?: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly error?: string;
  /** The run's steps as its record holds them (STARTED, SUCCEEDED, FAILED), oldest first. */
  readonly steps: readonly {
    readonly name: string;
    readonly status: string;
    readonly at: string;
    readonly detail?: string;
  }[];
  /** The run's execution (the executions zone): where it stands, and how often it was resumed. */
  readonly execution?: {
    readonly status: string;
    readonly state?: string;
    readonly resumes?: number;
    readonly error?: string;
  };
  readonly files: readonly FileStatusView[];
}

/** `lakehouse status`: what a home's state store says. */
export interface HomeStatus {
  readonly home: string;
  readonly pipeline: string;
  /**
   * A live process holds the home (a run in progress): its state store is open there, so only the
   * executions zone can be read; `runs` then lists the executions.
   */
  readonly inUse?: {
    readonly pid: number;
    readonly host: string;
    readonly since: string;
    readonly runId?: string;
  };
  /** The latest runs, newest first. */
  readonly runs: readonly RunStatusView[];
  /** Files registered and waiting for a run (or given back by a failed one). */
  readonly pending: readonly FileStatusView[];
  /** The pipeline's lease while a run holds it (null: free). */
  readonly lease?: {
    readonly holder: string;
    readonly acquiredAt: string;
    readonly expiresAt: string;
  } | null;
  readonly breaker?: {
    readonly state: string;
    readonly consecutiveFailures: number;
    readonly openedAt?: string;
    readonly halfOpensAt?: string;
    readonly lastFailure?: { readonly runId: string; readonly reason?: string; readonly at: string };
  };
}

const fileView = (f: FileRecord): FileStatusView => ({
  key: f.key,
  dataset: f.dataset,
  status: f.status,
  ...(f.counts ? { rowsIn: f.counts.rowsIn, accepted: f.counts.accepted, rejected: f.counts.rejected } : {}),
  ...(f.reason ? { reason: f.reason } : {}),
});

const executionView = (e: ExecutionRecord): NonNullable<RunStatusView['execution']> => ({
  status: e.status,
  ...(e.state ? { state: e.state.name } : {}),
  ...(e.resumes ? { resumes: e.resumes } : {}),
  ...(e.error ? { error: `${e.error.Error}: ${e.error.Cause}` } : {}),
});

const breakerView = (b: CircuitStatus): NonNullable<HomeStatus['breaker']> => ({
  state: b.state,
  consecutiveFailures: b.consecutiveFailures,
  ...(b.openedAt ? { openedAt: iso(b.openedAt) } : {}),
  ...(b.halfOpensAt ? { halfOpensAt: iso(b.halfOpensAt) } : {}),
  ...(b.lastFailure
    ? {
        lastFailure: { runId: b.lastFailure.runId, reason: b.lastFailure.reason, at: iso(b.lastFailure.at)! },
      }
    : {}),
});

export interface HomeOperationOptions {
  /** @default the platform's datasets */
  readonly registry?: DatasetRegistry;
  /** @default 'local' */
  readonly pipeline?: string;
}

/**
 * A home's status from its state store: the latest runs with their steps, execution and files, the
 * files waiting for a run, the lease and the breaker. While a run holds the home, its executions
 * (with the state each one is in) and the holder instead.
 */
export async function homeStatus(
  root: string,
  options: HomeOperationOptions & { readonly limit?: number } = {},
): Promise<HomeStatus> {
  const registry = options.registry ?? defaultRegistry;
  const pipeline = options.pipeline ?? LOCAL_PIPELINE;
  const limit = options.limit ?? 10;
  try {
    return await withHome(root, registry, async ({ state, executions }) => {
      const byRun = new Map((await executions.list()).map((e) => [e.runId, e]));
      const runs = await state.runs.recentByPipeline(pipeline, { limit });
      const views: RunStatusView[] = [];
      for (const run of runs) {
        const execution = byRun.get(run.runId);
        views.push({
          runId: run.runId,
          status: run.status,
          attempt: run.attempt,
          ...(run.runStart === undefined ? {} : { runStart: iso(run.runStart) }),
          startedAt: iso(run.startedAt)!,
          ...(run.endedAt ? { endedAt: iso(run.endedAt) } : {}),
          ...(run.error ? { error: `${run.error.name ?? 'Error'}: ${run.error.message}` } : {}),
          steps: run.steps.map((s) => ({
            name: s.name,
            status: s.status,
            at: iso(s.at)!,
            ...(s.detail ? { detail: s.detail } : {}),
          })),
          ...(execution ? { execution: executionView(execution) } : {}),
          files: (await state.files.listByRun(run.runId)).map(fileView),
        });
      }
      const pending: FileStatusView[] = [];
      for (const dataset of registry.names)
        for (const f of await state.files.listPending(dataset)) pending.push(fileView(f));
      const lease = await state.leases.current(pipeline);
      return {
        home: root,
        pipeline,
        runs: views,
        pending,
        lease: lease
          ? { holder: lease.holder, acquiredAt: iso(lease.acquiredAt)!, expiresAt: iso(lease.expiresAt)! }
          : null,
        breaker: breakerView(await state.breaker.status(pipeline)),
      };
    });
  } catch (error) {
    if (!(error instanceof HomeInUseError)) throw error;
    const executions = await executionsOf(new LocalFolderObjectStore({ home: root }), registry).list();
    return {
      home: root,
      pipeline,
      inUse: error.holder,
      runs: executions
        .reverse()
        .slice(0, limit)
        .map((e) => ({
          runId: e.runId,
          status: e.status,
          startedAt: e.startedAt,
          steps: [],
          execution: executionView(e),
          files: [],
        })),
      pending: [],
    };
  }
}

export interface FailRunOptions extends HomeOperationOptions {
  readonly reason: string;
  /** Fail the run even though its lease has not expired yet. */
  readonly force?: boolean;
}

export interface FailRunResult {
  readonly runId: string;
  readonly releasedFiles: number;
  readonly leaseReleased: boolean;
}

/**
 * Ends a stuck run: a RUNNING run no process is running any more (a run in progress holds the home
 * and is refused). Its lease must have expired — a run that died a moment ago still has it — unless
 * `force`. The run is marked FAILED with the reason through the pipeline's fail step (its files not
 * yet settled become pending again, the breaker counts the failure, the lease is released), and its
 * execution ends FAILED, so the next `lakehouse run` does not resume it but starts a new attempt.
 */
export async function failRun(root: string, runId: string, options: FailRunOptions): Promise<FailRunResult> {
  const registry = options.registry ?? defaultRegistry;
  const pipeline = options.pipeline ?? LOCAL_PIPELINE;
  return withHome(root, registry, async ({ state, executions }) => {
    const run = await state.runs.get(runId);
    if (!run) throw new OperationRefusedError(`no run ${runId} in ${root}`);
    if (run.status !== RUN_STATUS.RUNNING)
      throw new OperationRefusedError(
        `run ${runId} is ${run.status}, not RUNNING: only a running run can be failed`,
      );
    const lease = await state.leases.current(pipeline);
    if (lease?.holder === runId && !options.force)
      throw new OperationRefusedError(
        `run ${runId} holds the lease until ${iso(lease.expiresAt)} (its process ended moments ago): wait until then, or use --force`,
      );
    const error = { Error: 'RunFailedByOperator', Cause: options.reason };
    const out = await markRunFailed(
      { state },
      { runId, pipeline, fileIds: run.files.map((f) => f.fileId), error },
    );
    const execution = (await executions.list()).find(
      (e) => e.runId === runId && e.status === EXECUTION_STATUS.RUNNING,
    );
    if (execution) await executions.end(execution, error);
    return { runId, releasedFiles: out.releasedFiles, leaseReleased: out.leaseReleased };
  });
}

/** Closes an open (or half-open) circuit breaker; a closed one is refused: there is nothing to reset. */
export async function resetBreaker(root: string, options: HomeOperationOptions = {}): Promise<CircuitStatus> {
  const pipeline = options.pipeline ?? LOCAL_PIPELINE;
  return withHome(root, options.registry ?? defaultRegistry, async ({ state }) => {
    const status = await state.breaker.status(pipeline);
    if (status.state === 'CLOSED')
      throw new OperationRefusedError(`the breaker of pipeline ${pipeline} is CLOSED: nothing to reset`);
    return state.breaker.reset(pipeline);
  });
}

export interface ReplayOptions extends HomeOperationOptions {
  readonly dataset: string;
  /** Only the files archived by this run. @default every archived file of the dataset */
  readonly runId?: string;
  readonly logger: Logger;
  readonly runStart?: Date;
  readonly handlers?: LocalRunOptions['handlers'];
}

/**
 * Replays archived files of a dataset (of one run, or of every run) in a new run: each is offered
 * again under `raw/<dataset>/replay-<yyyymmddhhmmss>/<runId>/<name>` — a new key, so a new file
 * and a new run, never the old run again — and loaded as any file is: its rows upsert, so a row
 * already in the table is replaced by itself, never duplicated, and a row rejected before (an
 * item whose product had not loaded yet) is judged again. Refused while a run holds the lease.
 */
export async function replayArchived(root: string, options: ReplayOptions): Promise<LocalRunResult> {
  const registry = options.registry ?? defaultRegistry;
  const pipeline = options.pipeline ?? LOCAL_PIPELINE;
  const runStart = options.runStart ?? new Date();
  const staging = await mkdtemp(join(tmpdir(), 'lakehouse-replay-'));
  try {
    const folder = join(
      staging,
      options.dataset,
      `replay-${runStart
        .toISOString()
        .replace(/[^0-9]/g, '')
        .slice(0, 14)}`,
    );
    const copied = await withHome(root, registry, async ({ home, state }) => {
      const lease = await state.leases.current(pipeline);
      if (lease)
        throw new OperationRefusedError(
          `run ${lease.holder} holds the lease until ${iso(lease.expiresAt)}: replay when it has ended`,
        );
      const from = join(home.archived, options.dataset, ...(options.runId ? [options.runId] : []));
      await cp(from, options.runId ? join(folder, options.runId) : folder, {
        recursive: true,
        verbatimSymlinks: true,
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
      return (await countFiles(folder)) > 0;
    });
    if (!copied)
      throw new OperationRefusedError(
        `no archived ${options.dataset} files${options.runId ? ` of run ${options.runId}` : ''} in ${root}`,
      );
    return await runLocalPipeline({
      raw: staging,
      home: root,
      runStart,
      logger: options.logger,
      registry,
      pipeline,
      handlers: options.handlers,
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function countFiles(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}
