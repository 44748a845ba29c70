import type { DataSpec } from './data';
import type { Work } from './runner';

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
}

/** Cases that belong here but whose subject has not landed yet. */
export interface PendingCase {
  readonly name: string;
  readonly reason: string;
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
    name: `engine, ${rows.toLocaleString('en')} order_items + parents, ${dirty ? `${defectRate * 100} % defective rows` : 'clean'}`,
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
  name: `lakehouse run end to end, ${rows.toLocaleString('en')} order_items + parents, 3 % defective rows`,
  data: { kind: 'engine', rows, files, defectRate: 0.03 },
  runners: [PIPELINE],
  steps: true,
});

/** The full bench: the sizes of the issue. */
export const FULL_CASES: readonly BenchCase[] = [
  engineCase(1_000_000, 4, 0, false, true),
  engineCase(1_000_000, 4, 0.03, false, true),
  engineCase(5_000_000, 8, 0, true, false),
  engineCase(5_000_000, 8, 0.03, true, false),
  validatorCase(250),
  validatorCase(1000, 250),
  pipelineCase(1_000_000, 4),
];

/** `--quick`: the same cases on small data, to check the bench and see trends in under two minutes. */
export const QUICK_CASES: readonly BenchCase[] = [
  engineCase(100_000, 2, 0, true, true),
  engineCase(100_000, 2, 0.03, true, true),
  validatorCase(10),
  validatorCase(40, 10),
  pipelineCase(100_000, 2),
];

export const PENDING_CASES: readonly PendingCase[] = [
  {
    name: 'cdktf synth of the dev, staging and prod environments',
    reason: 'the stacks land with the infrastructure work (a case: time `nx run <env>:synth`)',
  },
  {
    name: 'Lambda bundle sizes and cold require time',
    reason:
      'the Lambda apps land with the orchestration work (a case: esbuild each handler, size it, time a cold require)',
  },
];
