import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join, posix, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  datasets as defaultRegistry,
  FILE_READ_STATUS,
  parseDocument,
  REJECT,
  ROW_REJECT_CODES,
  RUN_STATUS,
  type CrossDatasetCheck,
  type DatasetContract,
  type DatasetRegistry,
  type FileOutcome,
  type FileRejectCode,
  type FileSummary,
  type RunManifest,
  type RunManifestFile,
} from '@lakehouse/contracts';
import { missingColumnsMessage, quarantineMessage } from '@lakehouse/validation';
import { compilePlan } from './compile-plan';
import { compileCuratedPlan, DAILY_SALES, DAILY_SALES_COLUMNS } from './curated';
import { duckdbDialect } from './dialects';
import { openDuckDb } from './duckdb-session';
import { PlanStatementError, UnknownDatasetError, UnsafeKeyError } from './errors';
import { defineTableView, writeTableVersion } from './parquet-tables';
import { PathLinks } from './path-links';
import type { Plan, PlanColumn } from './plan';
import { TableStore } from './publish';
import { columnProfile } from '@lakehouse/quality';
import { compileCrossChecksPlan, runKeysOf } from './cross-checks-plan';
import { crossCheckRelationNames, resolveCrossChecks } from './cross-checks-sql';
import { readProfileRow } from './profile-sql';
import { auditDataset, qualityCountsOf } from './quality-metrics';
import { writeRejected } from './rejected-records';
import { reasonCountColumn, relationNames, RUN_PARAMETERS, tableColumns, type CountName } from './relations';
import { qualitySummary, runStatus, type ExecutedDataset, type ExecutedRun } from './run-summary';
import { dropStaging, stageDataset, type ManifestFile, type StagedFile, type StagingMode } from './stage';

/** Crash injection for tests: a hook that throws simulates a crash at that point. */
export interface RunFaults {
  /** Called after a table's new version is fully written and before it is published. */
  readonly beforePublish?: (table: string) => void | Promise<void>;
}

export interface ExecuteRunOptions {
  /** The local home folder: lakehouse/, rejected/ and the hidden .versions/ and .tmp/ live here. */
  readonly home: string;
  /**
   * The run: its id, its start (bounds such as "≤ run start + 1 day" read it) and its files per
   * dataset in key order — the run manifest document of libs/contracts, checked on entry.
   */
  readonly manifest: RunManifest;
  /** Where a file of the manifest is on disk. @default `<home>/<key>`, refusing keys that leave the home */
  readonly pathOf?: (file: RunManifestFile) => string;
  /** @default the platform registry (products, orders, order_items) */
  readonly registry?: DatasetRegistry;
  readonly faults?: RunFaults;
  /**
   * Called after a table's new version is written and before it is published; throwing keeps the
   * previous version. The pipeline checks its lease here, so a run that lost it cannot publish.
   */
  readonly beforePublish?: (table: string) => void | Promise<void>;
  /** DuckDB threads. @default all cores */
  readonly threads?: number;
  /**
   * DuckDB memory limit, e.g. '4GB': past it, the run's staged, typed and verdict tables spill to
   * its temporary folder instead of growing with the input. @default RUN_MEMORY_LIMIT
   */
  readonly memoryLimit?: string;
  /** How files are read into staging (see StagingMode). @default 'auto' */
  readonly staging?: StagingMode;
  /**
   * Receives the duration of every step of the run, for benchmarks: opening the session, each
   * table's recovery and view, staging, every plan statement, every read of a computed view,
   * rejected rows and files, writing, publishing, the cross-checks, closing. The steps follow one
   * another, so their durations add up to the run's (up to the JavaScript between them).
   */
  readonly trace?: (step: { readonly table: string; readonly step: string; readonly ms: number }) => void;
}

/**
 * The DuckDB memory limit of a run unless `memoryLimit` says otherwise. Measured at 5 M
 * order_items rows with 3 % defects: peak RSS 1.26 GB instead of 2.12 GB with DuckDB's default
 * (80 % of RAM), for 17 % more CPU time; at 1 M rows a run stays under it (docs/performance.md).
 */
export const RUN_MEMORY_LIMIT = '1GB';

/**
 * Runs the contracts end to end (docs/contracts.md) on DuckDB for one run: stages each dataset's files, executes the
 * compiled duckdb plans parents first, writes rejected rows, audits quality, and publishes each
 * table version atomically (write–audit–publish), then rebuilds the curated daily_sales.
 * Returns the run summary. A dataset whose quality gate blocks is not published (run FAILED);
 * other datasets still are.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<ExecutedRun> {
  const { home } = options;
  const manifest = parseDocument('run-manifest', options.manifest, 'executeRun');
  const { runId } = manifest;
  const registry = options.registry ?? defaultRegistry;
  for (const name of Object.keys(manifest.datasets)) {
    if (!registry.has(name)) throw new UnknownDatasetError(name, registry.names);
  }
  const pathOf = options.pathOf ?? ((file: RunManifestFile) => pathInHome(home, file.key));
  const todo = registry.ordered.filter((c) => (manifest.datasets[c.name]?.length ?? 0) > 0);
  if (todo.length === 0) return { runId, status: RUN_STATUS.NOTHING_TO_DO, datasets: {}, crossChecks: [] };

  const store = new TableStore(home);
  const tmp = join(home, '.tmp', runId.replace(/[^A-Za-z0-9._-]/g, '_'));
  await mkdir(tmp, { recursive: true });
  const links = await PathLinks.create();
  const timed = timer(options, 'run');
  const session = await timed('open', () =>
    openDuckDb({
      tempDirectory: tmp,
      threads: options.threads,
      memoryLimit: options.memoryLimit ?? RUN_MEMORY_LIMIT,
    }),
  ).catch(async (error: unknown) => {
    await links.close();
    throw error;
  });
  try {
    const conn = session.connection;
    const micros = BigInt(Date.parse(manifest.runStart)) * 1000n;
    await timed('run_parameters', () =>
      conn.run(
        `CREATE OR REPLACE TEMPORARY TABLE ${RUN_PARAMETERS} AS SELECT ${duckdbDialect.fromEpochMicros(`${micros}`)} AS run_start`,
      ),
    );
    // DuckDB reads a table through a link to its public path (which follows each publish).
    const tableLinks = new Map<string, string>();
    for (const c of registry.ordered) {
      await timer(options, c.name)('stored_table', async () => {
        await store.recover(c.name);
        tableLinks.set(c.name, await links.link(store.tablePath(c.name), 'table'));
        const current = (await store.current(c.name)) && tableLinks.get(c.name);
        await defineTableView(conn, c.name, tableColumns(c), current);
      });
    }

    const summaries: Record<string, ExecutedDataset> = {};
    const changed = new Set<string>();
    for (const contract of todo) {
      const files = manifest.datasets[contract.name]!.map((f) => ({ key: f.key, path: pathOf(f) }));
      summaries[contract.name] = await runDataset(conn, contract, files, {
        ...options,
        runId,
        registry,
        store,
        changed,
        links,
        tableLinks,
      });
    }
    // The curated zone is rebuilt when one of its sources got a new version in this run.
    if (
      registry.has('orders') &&
      registry.has('order_items') &&
      (changed.has('orders') || changed.has('order_items'))
    ) {
      await publishPlan(conn, compileCuratedPlan('duckdb'), `${DAILY_SALES}__next`, DAILY_SALES_COLUMNS, [], {
        ...options,
        runId,
        store,
        table: DAILY_SALES,
      });
    }
    // The run keys of the datasets that published, as on Glue, where a job writes them only then.
    const published = todo.filter((c) => summaries[c.name].published).map((c) => c.name);
    const crossChecks = await runCrossChecks(conn, registry, new Set(published), options);
    return { runId, status: runStatus(summaries), datasets: summaries, crossChecks };
  } finally {
    await timed('close', async () => {
      session.close();
      await links.close();
      await rm(tmp, { recursive: true, force: true });
    });
  }
}

interface RunContext extends ExecuteRunOptions {
  readonly runId: string;
  readonly registry: DatasetRegistry;
  readonly store: TableStore;
  /** Tables that got a new version in this run. */
  readonly changed: Set<string>;
  /** Where DuckDB reads the run's files and tables from (see PathLinks). */
  readonly links: PathLinks;
  /** The link to each table's public path. */
  readonly tableLinks: ReadonlyMap<string, string>;
}

async function runDataset(
  conn: DuckDBConnection,
  contract: DatasetContract,
  files: readonly ManifestFile[],
  ctx: RunContext,
): Promise<ExecutedDataset> {
  const n = relationNames(contract.name);
  const timed = timer(ctx, contract.name);
  const staged = await timed('stage', () =>
    stageDataset(conn, contract, files, { mode: ctx.staging, links: ctx.links }),
  );
  const plan = compilePlan(contract, 'duckdb', { registry: ctx.registry });
  for (const s of plan.statements)
    if (s.phase !== 'publish') await timed(s.name, () => run(conn, s.name, s.sql));

  // The views compute when they are read: each read is its own step.
  const counts = await timed('read_counts', () => readCounts(conn, n.counts));
  const [profileRow] = await timed('read_column_profile', async () =>
    (await conn.runAndReadAll(`SELECT * FROM ${n.columnProfile}`)).getRowObjectsJS(),
  );
  const columns = readProfileRow(contract, profileRow).map((c) =>
    columnProfile(c.column, c.rows, c.nulls, c.distinct),
  );
  const fileRows = await timed('read_file_counts', async () =>
    (await conn.runAndReadAll(`SELECT * FROM ${n.fileCounts} ORDER BY _file_seq`)).getRowObjectsJS(),
  );
  await timed('rejected', () =>
    writeRejected(conn, contract, staged, join(ctx.home, 'rejected', contract.name, `${ctx.runId}.jsonl`)),
  );
  await timed('rejected_files', async () => {
    const malformed = staged.filter((s) => s.readStatus === FILE_READ_STATUS.MALFORMED_FILE);
    for (const [f, name] of malformedCopyNames(malformed)) {
      const target = join(ctx.home, 'rejected', contract.name, ctx.runId, name);
      await mkdir(join(target, '..'), { recursive: true });
      await copyFile(f.path, target);
    }
  });

  const qualityCounts = qualityCountsOf(counts);
  const quality = auditDataset(qualityCounts, contract.quality);
  const blocked = !quality.passed && contract.quality.onBreach === 'block';
  // Nothing accepted and a version already published: the table would not change.
  const unchanged = counts.accepted === 0 && (await ctx.store.current(contract.name)) !== undefined;
  if (!blocked && !unchanged) {
    await publishPlan(conn, plan, n.next, tableColumns(contract), contract.partitionBy, {
      ...ctx,
      table: contract.name,
    });
    // Children read this table after this run's merge: the view now follows the published path.
    await timed('stored_table', () =>
      defineTableView(conn, contract.name, tableColumns(contract), ctx.tableLinks.get(contract.name)),
    );
    ctx.changed.add(contract.name);
  }
  // Free the run's intermediate relations before the next dataset.
  await timed('drop', async () => {
    for (const view of [n.next, n.accepted, n.counts, n.fileCounts, n.rejected])
      await conn.run(`DROP VIEW IF EXISTS ${view}`);
    for (const table of [n.verdicts, n.contestedKeys, n.fileVerdicts, n.typed])
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
    await dropStaging(conn, contract, staged);
  });

  const stagedBySeq = new Map(staged.map((s) => [s.seq, s]));
  return {
    rowsIn: counts.rows_in,
    accepted: counts.accepted,
    rejected: counts.rejected,
    reasons: reasonsOf(counts),
    files: fileRows.map((row) => fileSummary(row, stagedBySeq.get(Number(row._file_seq))!, contract)),
    quality: qualitySummary(quality),
    published: !blocked,
    ...(quality.gate.reason ? { gate: { action: quality.gate.action, reason: quality.gate.reason } } : {}),
    counts: qualityCounts,
    columns,
  };
}

/**
 * The names MALFORMED_FILE files are kept under in `rejected/<dataset>/<runId>/`: the file name of
 * the key, or `<seq>-<name>` when files in different sub-folders share it (none overwrites
 * another). The Glue runner names its copies the same way (main.py malformed_copy_uris).
 */
function malformedCopyNames(files: readonly StagedFile[]): Map<StagedFile, string> {
  const names = files.map((f) => posix.basename(f.key));
  return new Map(
    files.map((f, i) => [
      f,
      names.filter((n) => n === names[i]).length === 1 ? names[i] : `${f.seq}-${names[i]}`,
    ]),
  );
}

/** Runs a plan's publish statements, writes the new version and makes it current. */
async function publishPlan(
  conn: DuckDBConnection,
  plan: Plan,
  relation: string,
  columns: readonly PlanColumn[],
  partitionBy: readonly string[],
  ctx: ExecuteRunOptions & { readonly runId: string; readonly store: TableStore; readonly table: string },
): Promise<void> {
  const timed = timer(ctx, ctx.table);
  for (const s of plan.statements) {
    if (s.phase === 'publish' || (plan.kind === 'curated' && s.phase === 'setup'))
      await timed(s.name, () => run(conn, s.name, s.sql));
  }
  const version = await ctx.store.newVersion(ctx.table, ctx.runId);
  await timed('write', () => writeTableVersion(conn, relation, columns, partitionBy, version));
  await timed('before_publish', async () => {
    await ctx.beforePublish?.(ctx.table);
    await ctx.faults?.beforePublish?.(ctx.table);
  });
  await timed('publish', () => ctx.store.publish(ctx.table, version));
}

function timer(ctx: ExecuteRunOptions, table: string) {
  return async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    ctx.trace?.({ table, step, ms: Math.round((performance.now() - start) * 10) / 10 });
    return result;
  };
}

async function run(conn: DuckDBConnection, name: string, sql: string): Promise<void> {
  try {
    await conn.run(sql);
  } catch (err) {
    throw new PlanStatementError(name, err);
  }
}

/** `<home>/<key>`, for a key that names a file below the home (a key is data: `..` is refused). */
function pathInHome(home: string, key: string): string {
  const path = resolve(home, key);
  if (!path.startsWith(resolve(home) + sep)) throw new UnsafeKeyError(key, home);
  return path;
}

/**
 * The cross-checks plan over the run-key relations the dataset plans kept (then dropped here):
 * each statement whose run keys all come from datasets that took part in the run and published.
 */
async function runCrossChecks(
  conn: DuckDBConnection,
  registry: DatasetRegistry,
  published: ReadonlySet<string>,
  options: ExecuteRunOptions,
): Promise<CrossDatasetCheck[]> {
  const timed = timer(options, 'cross_checks');
  const plan = compileCrossChecksPlan('duckdb', { registry });
  const runKeys = new Set(plan.inputs.filter((r) => r.role === 'runKeys').map((r) => r.name));
  const provided = runKeysOf(published);
  const computed = new Set<string>();
  for (const s of plan.statements) {
    if (s.inputs.some((input) => runKeys.has(input) && !provided.has(input))) continue;
    await timed(s.name, () => run(conn, s.name, s.sql));
    s.outputs.forEach((o) => computed.add(o));
  }
  const results: CrossDatasetCheck[] = [];
  for (const { check } of resolveCrossChecks(registry)) {
    const n = crossCheckRelationNames(check.name);
    if (!computed.has(n.counts)) continue;
    const [row] = (await conn.runAndReadAll(`SELECT * FROM ${n.counts}`)).getRowObjectsJS();
    const examples = (await conn.runAndReadAll(`SELECT * FROM ${n.examples}`)).getRowObjectsJson();
    results.push({
      name: check.name,
      description: check.description,
      checked: Number(row.checked),
      violations: Number(row.violations),
      examples: examples as Record<string, unknown>[],
    });
  }
  await timed('drop', async () => {
    for (const c of registry.ordered) await conn.run(`DROP TABLE IF EXISTS ${relationNames(c.name).runKeys}`);
  });
  return results;
}

type Counts = Record<CountName, number>;

async function readCounts(conn: DuckDBConnection, relation: string): Promise<Counts> {
  const [row] = (await conn.runAndReadAll(`SELECT * FROM ${relation}`)).getRowObjectsJS();
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Counts;
}

/** Rows having each code, by the code before the colon; only the codes that occurred. */
function reasonsOf(c: Counts): Record<string, number> {
  return Object.fromEntries(
    ROW_REJECT_CODES.map((code) => [code, c[reasonCountColumn(code)]] as const).filter(([, n]) => n > 0),
  );
}

function fileSummary(
  row: Record<string, unknown>,
  staged: StagedFile,
  contract: DatasetContract,
): FileSummary {
  const [rowsIn, accepted, rejected, step1] = [
    row.rows_in,
    row.accepted,
    row.rejected,
    row.step1_rejected,
  ].map(Number);
  const key = staged.key;
  const code = row.error_code as FileRejectCode | null;
  const message = code && fileErrorMessage(code, staged, { step1, rowsIn }, contract);
  const drift = staged.drift;
  const hasDrift = drift.extraColumns.length > 0 || drift.missingOptionalColumns.length > 0;
  return {
    key,
    status: row.status as FileOutcome,
    rowsIn,
    accepted,
    rejected,
    ...(code && message ? { error: { code, message } } : {}),
    ...(hasDrift ? { schemaDrift: drift } : {}),
  };
}

/** Why a file was refused whole, in the validator's words. */
function fileErrorMessage(
  code: FileRejectCode,
  staged: StagedFile,
  rows: { readonly step1: number; readonly rowsIn: number },
  contract: DatasetContract,
): string | undefined {
  switch (code) {
    case REJECT.MALFORMED_FILE:
      return staged.error;
    case REJECT.MISSING_COLUMN:
      return missingColumnsMessage(staged.key, staged.missingRequired);
    case REJECT.FILE_QUARANTINED:
      return quarantineMessage(staged.key, rows.step1, rows.rowsIn, contract.maxRejectRatio);
  }
}
