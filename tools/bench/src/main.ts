/**
 * `npm run bench [-- --quick | --full] [--reps n] [--only text] [--out file.json]`: every case side by
 * side with its baselines in the same run, alternating, several repetitions; prints medians,
 * spread and ratios, and writes the figures to a JSON file. See tools/bench/README.md.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, hostname, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import duckdbVersion from '@duckdb/node-api/package.json';
import { DEFAULT_CASES, FULL_CASES, QUICK_CASES, type BenchCase } from './cases';
import { dataName, ensureData, sizeOf } from './data';
import { caseResult, flatMemoryGoal, formatCase, runnerResult, type CaseResult } from './report';
import { LoadMonitor, measure, pandasAvailable, type LoadSummary, type Measurement } from './runner';
import { alternate } from './stats';
import { runNxTarget, WORKSPACE } from './workspace';

interface BenchOptions {
  readonly quick?: boolean;
  readonly full?: boolean;
  readonly reps?: string;
  readonly only?: string;
  readonly out?: string;
  readonly data: string;
  readonly clean?: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<void> {
  const options = new Command('bench')
    .description('Measure the engine and the validator against their baselines, side by side.')
    .option('--quick', 'small data, two repetitions, no build artifacts: under two minutes')
    .option('--full', "the issue's sizes (5 M rows, a 1 GB file): about an hour")
    .option('--reps <n>', 'repetitions of every runner (default 3, quick 2)')
    .option('--only <text>', 'only the cases whose name contains this text (comma-separated alternatives)')
    .option('--out <file>', 'where to write the figures (default tmp/bench/bench-<time>.json)')
    .option('--data <dir>', 'where generated data is cached', join(tmpdir(), 'lakehouse-bench'))
    .option('--clean', 'delete the cached data and exit')
    .parse(argv, { from: 'user' })
    .opts<BenchOptions>();
  if (options.clean) {
    await rm(options.data, { recursive: true, force: true });
    log(`deleted ${options.data}`);
    return;
  }
  const size = options.quick ? 'quick' : options.full ? 'full' : 'default';
  const reps = Number(options.reps ?? (options.quick ? 2 : 3));
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps must be a positive integer, got ${options.reps}`);
  const only = options.only?.split(',').map((s) => s.trim().toLowerCase());
  if (options.quick && options.full) throw new Error('--quick and --full exclude each other');
  const cases = (options.quick ? QUICK_CASES : options.full ? FULL_CASES : DEFAULT_CASES)().filter(
    (c) => !only || only.some((o) => c.name.toLowerCase().includes(o)),
  );
  const pandas = await pandasAvailable();
  if (!pandas)
    log(
      "pandas baseline skipped: Debian's python3-pandas is not installed (apt-get install -y python3-pandas)",
    );

  const started = new Date();
  const out = resolve(
    options.out ??
      join(WORKSPACE, 'tmp', 'bench', `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`),
  );
  await mkdir(dirname(out), { recursive: true });
  const load = new LoadMonitor();
  const results: CaseResult[] = [];
  for (const spec of cases) {
    const result = await runCase(spec, options.data, reps, pandas);
    const smaller = spec.flatMemoryAgainst && results.find((r) => r.name === spec.flatMemoryAgainst);
    const withFlat = smaller
      ? { ...result, goals: [...result.goals, flatMemoryGoal(result, smaller)] }
      : result;
    results.push(withFlat);
    process.stdout.write(`\n${formatCase(withFlat)}\n`);
    // Written after every case: a long run stopped half-way keeps what it measured.
    await writeFigures(out, { started, load: load.sample(), reps, size }, results);
  }
  const machineLoad = load.stop();
  process.stdout.write(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB; ` +
      `load average (1 min) ${machineLoad.mean.toFixed(2)} mean, ${machineLoad.max.toFixed(2)} max during the bench\n`,
  );
  await writeFigures(out, { started, load: machineLoad, reps, size }, results);
  log(`figures written to ${out}`);
}

interface RunInfo {
  readonly started: Date;
  readonly load: LoadSummary;
  readonly reps: number;
  readonly size: 'quick' | 'default' | 'full';
}

async function writeFigures(out: string, run: RunInfo, cases: readonly CaseResult[]): Promise<void> {
  const figures = {
    date: run.started.toISOString(),
    durationS: (Date.now() - run.started.getTime()) / 1000,
    machine: {
      host: hostname(),
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: totalmem() / 2 ** 30,
      os: release(),
      node: process.version,
      duckdb: duckdbVersion.version,
      loadAverage: run.load,
    },
    options: { size: run.size, reps: run.reps },
    cases,
  };
  await writeFile(out, JSON.stringify(figures, null, 2) + '\n');
}

async function runCase(spec: BenchCase, root: string, reps: number, pandas: boolean): Promise<CaseResult> {
  const data = await ensureData(root, spec.data, log);
  if (spec.prepare) {
    log(`${spec.name}: nx run ${spec.prepare} (not measured)`);
    await runNxTarget(spec.prepare);
  }
  const runners = spec.runners.filter((r) => pandas || !r.needsPandas);
  const notes = spec.runners
    .filter((r) => !runners.includes(r))
    .map((r) => `${r.label} skipped: Debian's python3-pandas is not installed`);
  const runs = new Map<string, Measurement[]>(runners.map((r) => [r.label, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const runner of alternate(runners, rep)) {
      const m = await measure(runner.work(data));
      runs.get(runner.label)!.push(m);
      log(
        `${spec.name} | ${runner.label} | rep ${rep + 1}: ${(m.ms / 1000).toFixed(2)} s, ${Math.round(m.peakRssMb)} MB`,
      );
    }
  }
  return caseResult(
    spec,
    { name: dataName(spec.data), megabytes: (await sizeOf(spec.data, data)) / 1e6 },
    runners.map((r) => runnerResult(r.label, runs.get(r.label)!)),
    [...notes, ...((await spec.notes?.()) ?? [])],
  );
}

main(process.argv.slice(2)).catch((err: Error) => {
  log(`bench: ${err.stack ?? err}`);
  process.exitCode = 1;
});
