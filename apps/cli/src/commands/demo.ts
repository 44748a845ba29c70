import { access, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ifMissing } from '@lakehouse/contracts';
import { assertHomeFree, createFolder, HomeNotUsableError, runLocalPipeline } from '@lakehouse/pipeline';
import { writeSampleData } from '@lakehouse/sample-data';
import { UsageError, type CliIO } from '../io';
import { terminalLogger } from '../logger';
import { describeRun, exitCodeOf } from './run';

export interface DemoCommandOptions {
  readonly home: string;
  readonly seed: string;
  readonly orders: string;
  readonly defectRate: string;
  readonly json?: boolean;
}

/** Marks a folder as a demo home, so that `demo` may wipe it and never anything else. */
const MARKER = '.lakehouse-demo-home';

async function freshHome(home: string): Promise<void> {
  const entries = await readdir(home).catch(ifMissing(() => undefined));
  if (entries && entries.length > 0) {
    const ours = await access(join(home, MARKER)).then(
      () => true,
      ifMissing(() => false),
    );
    if (!ours) throw new UsageError(`${home} exists and is not a demo home: choose another --home`);
    await assertHomeFree(home); // never wipe a home a run is using
    await rm(home, { recursive: true, force: true });
  }
  try {
    await createFolder(home);
    await writeFile(
      join(home, MARKER),
      'Created by `lakehouse demo`; the next demo run may delete this folder.\n',
    );
  } catch (error) {
    throw new HomeNotUsableError(
      home,
      `it cannot be created (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

/** A whole number option within 0–max, written in plain digits (no `0x10`, `1e3` or empty text). */
function wholeNumber(option: string, text: string, max: number): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(n <= max)) throw new UsageError(`--${option} must be a whole number from 0 to ${max}, got "${text}"`);
  return n;
}

/** A rate option within 0–1 in decimal notation. */
function rate(option: string, text: string): number {
  const n = /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${option} must be a number from 0 to 1, got "${text}"`);
  return n;
}

/** A path as one POSIX shell word. */
const shellQuoted = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/** Orders a demo generates at most: about ten items each, so the demo finishes on a laptop. */
const MAX_DEMO_ORDERS = 1_000_000;

/** `lakehouse demo`: generates a sample set with defects into a fresh home, runs it, shows the outputs. */
export async function demoCommand(options: DemoCommandOptions, io: CliIO): Promise<number> {
  const home = resolve(options.home);
  const seed = wholeNumber('seed', options.seed, 2 ** 32 - 1);
  const orders = wholeNumber('orders', options.orders, MAX_DEMO_ORDERS);
  const defectRate = rate('defect-rate', options.defectRate);

  await freshHome(home);
  const incoming = join(home, 'incoming');
  // The generator's "now" is the run start, so its out-of-range timestamps are out of range here too.
  const runStart = new Date();
  const sample = await writeSampleData(incoming, {
    seed,
    orders,
    defectRate,
    now: runStart,
    files: 2,
    fileDefects: true,
    manifest: false,
  });
  const result = await runLocalPipeline({ raw: incoming, home, runStart, logger: terminalLogger(io) });
  if (options.json) {
    io.out(JSON.stringify(result.summary, null, 2) + '\n');
  } else {
    io.out(`generated ${sample.files.length} files with defects (seed ${seed}) into ${incoming}\n\n`);
    io.out(describeRun(result));
    // DuckDB reads a path as a glob pattern: a path relative to the home keeps the home's own
    // characters (`[1]`, `*`…) out of the pattern.
    io.out(
      `\nquery the tables with any Parquet reader with Hive partitioning, e.g. DuckDB from the home folder:\n  cd ${shellQuoted(home)}\n  duckdb -c "SELECT * FROM read_parquet('lakehouse/orders/**/*.parquet', hive_partitioning = true)"\n`,
    );
  }
  return exitCodeOf(result.summary);
}
