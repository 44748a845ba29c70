import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSpec } from './data';
import type { Work } from './runner';
import { TYPESCRIPT_ENV, typeScriptCommand, WORKSPACE } from './workspace';

/** Who runs in a case: its label in the table and what it does, given the data path. */
export interface Runner {
  readonly label: string;
  readonly work: (data: string) => Work;
  /** The pandas baseline runs only where Debian's python3-pandas is installed. */
  readonly needsPandas?: boolean;
}

/** A goal of the issue: the subject's median over a baseline's, at most `max`. */
export interface Goal {
  readonly against: string;
  readonly metric: 'time' | 'memory';
  readonly max: number;
}

export interface BenchCase {
  readonly name: string;
  readonly data: DataSpec;
  /** The first runner is the subject; the others are its baselines, run alternately with it. */
  readonly runners: readonly Runner[];
  readonly goals?: readonly Goal[];
  /** Print where the subject's time goes (its step trace). */
  readonly steps?: boolean;
  /** The subject's peak memory must stay within 10 % of its peak in this (smaller) case: flat RSS. */
  readonly flatMemoryAgainst?: string;
  /** An Nx target that builds what the case measures, run once before it (not measured). */
  readonly prepare?: string;
  /** Facts printed with the case once it has run (e.g. a bundle's size). */
  readonly notes?: () => Promise<readonly string[]>;
}

const ENGINE: Runner = { label: 'engine (executeRun)', work: (raw) => ({ task: { kind: 'engine', raw } }) };
const COPY: Runner = { label: 'DuckDB COPY', work: (raw) => ({ task: { kind: 'copy', raw, typed: false } }) };
const TYPED_COPY: Runner = {
  label: 'DuckDB typed COPY',
  work: (raw) => ({ task: { kind: 'copy', raw, typed: true } }),
};
const PANDAS: Runner = { label: 'pandas script', work: (raw) => ({ pandas: raw }), needsPandas: true };
const VALIDATOR: Runner = {
  label: 'validator (validateFile)',
  work: (file) => ({ task: { kind: 'validate', file } }),
};
const CSV_PARSE: Runner = {
  label: 'csv-parse alone',
  work: (file) => ({ task: { kind: 'csv-parse', file } }),
};
const PIPELINE: Runner = {
  label: 'lakehouse run (runLocalPipeline)',
  work: (raw) => ({ task: { kind: 'pipeline', raw } }),
};

/** `1 M`, `100 k`: no commas, which `--only` reads as alternatives. */
const rowCount = (rows: number) => (rows >= 1e6 ? `${rows / 1e6} M` : `${rows / 1e3} k`);

const engineCase = (
  rows: number,
  files: number,
  defectRate: number,
  withGoals: boolean,
  pandas: boolean,
): BenchCase => {
  const dirty = defectRate > 0;
  const floor = dirty ? TYPED_COPY.label : COPY.label;
  return {
    name: `engine, ${rowCount(rows)} order_items + parents, ${dirty ? `${defectRate * 100} % defective rows` : 'clean'}`,
    data: { kind: 'engine', rows, files, defectRate },
    runners: [ENGINE, COPY, TYPED_COPY, ...(pandas ? [PANDAS] : [])],
    goals: [
      ...(withGoals
        ? [
            { against: floor, metric: 'time', max: dirty ? 3 : 2 },
            { against: floor, metric: 'memory', max: 1.5 },
          ]
        : []),
      ...(pandas ? [{ against: PANDAS.label, metric: 'time', max: 1 }] : []),
    ] as Goal[],
    steps: true,
  };
};

const validatorName = (megabytes: number) => `validator, orders file of ${megabytes} MB (3 % defective rows)`;

const validatorCase = (megabytes: number, repeatOf?: number): BenchCase => ({
  name: validatorName(megabytes),
  data: { kind: 'orders-file', megabytes, ...(repeatOf ? { repeatOf } : {}) },
  runners: [VALIDATOR, CSV_PARSE],
  // At least 0.6× csv-parse's throughput: at most 1/0.6 of its time.
  goals: [{ against: CSV_PARSE.label, metric: 'time', max: 1 / 0.6 }],
  ...(repeatOf ? { flatMemoryAgainst: validatorName(repeatOf) } : {}),
});

const pipelineCase = (rows: number, files: number): BenchCase => ({
  name: `lakehouse run end to end, ${rowCount(rows)} order_items + parents, 3 % defective rows`,
  data: { kind: 'engine', rows, files, defectRate: 0.03 },
  runners: [PIPELINE],
  steps: true,
});

const WORKSPACE_DATA: DataSpec = { kind: 'workspace' };
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** `nx run <env>:synth` without Nx: the synth program alone, its bundles already built. */
const synthCase = (env: string): BenchCase => ({
  name: `cdktf synth of the ${env} environment`,
  data: WORKSPACE_DATA,
  prepare: `${env}:synth`,
  runners: [
    {
      label: `synth ${env}`,
      work: () => ({ command: typeScriptCommand(`environments/${env}/main.ts`), env: TYPESCRIPT_ENV }),
    },
  ],
});

/** The Lambda apps: every apps/<name> with a src/handler.ts (what lambda-bundle's Nx plugin builds). */
function lambdaApps(): string[] {
  return readdirSync(join(WORKSPACE, 'apps'))
    .filter((name) => {
      try {
        return statSync(join(WORKSPACE, 'apps', name, 'src', 'handler.ts')).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

/**
 * A cold start of a Lambda bundle as Node sees it: a fresh process that requires the bundle,
 * against a fresh process that requires nothing (the difference is the bundle's loading and
 * top-level code).
 */
const lambdaCase = (app: string): BenchCase => {
  const bundle = join(WORKSPACE, 'dist', 'apps', app, 'index.js');
  return {
    name: `Lambda ${app}: cold require of its bundle`,
    data: WORKSPACE_DATA,
    prepare: `${app}:build`,
    runners: [
      {
        label: 'require the bundle',
        work: () => ({ command: [process.execPath, '-e', `require(${JSON.stringify(bundle)})`] }),
      },
      { label: 'empty Node process', work: () => ({ command: [process.execPath, '-e', ''] }) },
    ],
    notes: async () => [
      `bundle ${(statSync(bundle).size / 1024).toFixed(1)} KiB (dist/apps/${app}/index.js)`,
    ],
  };
};

/** The build artifacts: each environment's synth and each Lambda bundle. */
const artifactCases = (): BenchCase[] => [...ENVIRONMENTS.map(synthCase), ...lambdaApps().map(lambdaCase)];

/** `--full`: the sizes of the issue (5 M rows, a 1 GB file): about an hour on a quiet 2-core machine. */
export const FULL_CASES = (): readonly BenchCase[] => [
  engineCase(1_000_000, 4, 0, false, true),
  engineCase(1_000_000, 4, 0.03, false, true),
  engineCase(5_000_000, 8, 0, true, false),
  engineCase(5_000_000, 8, 0.03, true, false),
  validatorCase(250),
  validatorCase(1000, 250),
  pipelineCase(1_000_000, 4),
  ...artifactCases(),
];

/**
 * The default: modest sizes that finish in minutes (the goals are checked at 1 M rows and a
 * 100 MB file; `--full` checks them at the issue's sizes).
 */
export const DEFAULT_CASES = (): readonly BenchCase[] => [
  engineCase(1_000_000, 4, 0, true, true),
  engineCase(1_000_000, 4, 0.03, true, true),
  validatorCase(25),
  validatorCase(100, 25),
  pipelineCase(1_000_000, 4),
  ...artifactCases(),
];

/** `--quick`: the data cases on small data, to check the bench and see trends in under two minutes. */
export const QUICK_CASES = (): readonly BenchCase[] => [
  engineCase(100_000, 2, 0, true, true),
  engineCase(100_000, 2, 0.03, true, true),
  validatorCase(10),
  validatorCase(40, 10),
  pipelineCase(100_000, 2),
];
