import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse';
import { createLogger, datasets, type RunManifest } from '@lakehouse/contracts';
import { duckdbDialect as d, executeRun, SQL_TYPE_OF } from '@lakehouse/engine';
import { runLocalPipeline } from '@lakehouse/pipeline';
import { validateFile } from '@lakehouse/validation';
import { RUN_START } from './data';

/** One measured piece of work, run in a fresh process by child.ts. */
export type Task =
  | { readonly kind: 'engine'; readonly raw: string; readonly memoryLimit?: string }
  | { readonly kind: 'copy'; readonly raw: string; readonly typed: boolean }
  | { readonly kind: 'pipeline'; readonly raw: string }
  | { readonly kind: 'validate'; readonly file: string }
  | { readonly kind: 'csv-parse'; readonly file: string };

/** A step of the engine's trace, summed over the datasets. */
export interface StepTime {
  readonly step: string;
  readonly ms: number;
}

export interface TaskResult {
  /** Rows the work read (rows in for the engine and the validator, records for csv-parse). */
  readonly rows: number;
  readonly steps?: readonly StepTime[];
}

const DATASETS = ['products', 'orders', 'order_items'] as const;

/** The files of a generated raw folder, per dataset, in key order (as the pipeline offers them). */
async function rawFiles(raw: string): Promise<Record<string, { key: string; path: string }[]>> {
  const files: Record<string, { key: string; path: string }[]> = {};
  for (const name of DATASETS) {
    const entries = (await readdir(join(raw, name))).filter((f) => f.endsWith('.csv')).sort();
    files[name] = entries.map((f) => ({ key: `raw/${name}/${f}`, path: join(raw, name, f) }));
  }
  return files;
}

/** Runs a task; `time` wraps exactly the part that is measured (set-up and clean-up are not). */
export async function runTask(
  task: Task,
  time: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<TaskResult> {
  switch (task.kind) {
    case 'engine':
      return engine(task.raw, task.memoryLimit, time);
    case 'copy':
      return copy(task.raw, task.typed, time);
    case 'pipeline':
      return pipeline(task.raw, time);
    case 'validate':
      return validate(task.file, time);
    case 'csv-parse':
      return csvParse(task.file, time);
  }
}

async function withTempFolder<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehouse-bench-run-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const stepName = (step: string) => step.replace(/^[a-z_]+\./, '');

async function engine(
  raw: string,
  memoryLimit: string | undefined,
  time: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<TaskResult> {
  const files = await rawFiles(raw);
  const paths = new Map(Object.values(files).flatMap((list) => list.map((f) => [f.key, f.path] as const)));
  const manifest: RunManifest = {
    runId: 'bench',
    runStart: new Date(RUN_START).toISOString(),
    datasets: Object.fromEntries(
      Object.entries(files).map(([name, list]) => [
        name,
        list.map((f, i) => ({
          bucket: 'local',
          key: f.key,
          fileId: f.key,
          eTag: 'bench',
          size: 0,
          fileSeq: i + 1,
        })),
      ]),
    ),
  };
  return withTempFolder(async (home) => {
    const steps: StepTime[] = [];
    const summary = await time(() =>
      executeRun({
        home,
        manifest,
        pathOf: (file) => paths.get(file.key)!,
        memoryLimit,
        trace: (s) => steps.push({ step: `${s.table}.${stepName(s.step)}`, ms: s.ms }),
      }),
    );
    const rows = Object.values(summary.datasets).reduce((n, ds) => n + ds.rowsIn, 0);
    return { rows, steps };
  });
}

/** Warnings and errors only, on stderr (the bench shows a failed run's stderr). */
const quietLogger = createLogger(({ level, message, fields }) => {
  if (level === 'warn' || level === 'error')
    process.stderr.write(`${level}: ${message} ${JSON.stringify(fields)}\n`);
});

async function pipeline(raw: string, time: <T>(work: () => Promise<T>) => Promise<T>): Promise<TaskResult> {
  return withTempFolder(async (home) => {
    const steps: StepTime[] = [];
    const result = await time(() =>
      runLocalPipeline({
        raw,
        home,
        runStart: new Date(RUN_START),
        trace: (s) => steps.push({ step: `${s.table}.${stepName(s.step)}`, ms: s.ms }),
        logger: quietLogger,
      }),
    );
    const rows = Object.values(result.summary.datasets).reduce((n, ds) => n + ds.rowsIn, 0);
    return { rows, steps };
  });
}

/**
 * DuckDB alone: each dataset's CSV files to one Parquet file. Bare: `read_csv` detects the
 * dialect and the types. Typed: the contract's columns and types are given (no detection), and
 * rows that do not fit are kept in DuckDB's rejects table (`store_rejects`) instead of failing.
 */
async function copy(
  raw: string,
  typed: boolean,
  time: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<TaskResult> {
  const files = await rawFiles(raw);
  return withTempFolder(async (dir) => {
    const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'spill') });
    const conn = await instance.connect();
    try {
      let rows = 0;
      await time(async () => {
        for (const name of DATASETS) {
          const paths = `[${files[name].map((f) => d.string(f.path)).join(', ')}]`;
          const columns = datasets
            .get(name)
            .columns.map((c) => `${d.string(c.name)}: ${d.string(d.type(SQL_TYPE_OF[c.type]))}`);
          const options = typed
            ? `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns.join(', ')}}, store_rejects = true`
            : 'header = true';
          const out = d.string(join(dir, `${name}.parquet`));
          const result = await conn.run(
            `COPY (SELECT * FROM read_csv(${paths}, ${options})) TO ${out} (FORMAT parquet)`,
          );
          rows += Number(result.rowsChanged);
        }
      });
      return { rows };
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
}

async function validate(file: string, time: <T>(work: () => Promise<T>) => Promise<T>): Promise<TaskResult> {
  const report = await time(() =>
    validateFile(
      () => createReadStream(file),
      datasets.get('orders'),
      { key: file, runStart: new Date(RUN_START) },
      { accepted: () => undefined, rejected: () => undefined, discard: () => undefined },
    ),
  );
  return { rows: report.rowsIn };
}

/** csv-parse alone, consumed as a plain stream, with the options a dirty file needs to be read at all. */
async function csvParse(file: string, time: <T>(work: () => Promise<T>) => Promise<T>): Promise<TaskResult> {
  let records = 0;
  await time(
    () =>
      new Promise<void>((resolve, reject) => {
        const parser = parse({
          bom: true,
          delimiter: ',',
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
        });
        parser.on('data', () => (records += 1));
        parser.on('end', resolve);
        parser.on('error', reject);
        createReadStream(file).on('error', reject).pipe(parser);
      }),
  );
  return { rows: records - 1 };
}
