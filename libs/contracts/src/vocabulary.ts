/**
 * The platform's vocabularies, declared once. Every TypeScript module imports them from here, the
 * SQL the plan compiler emits takes its literals from here, and the Python Glue runner reads the
 * generated JSON copy (see docs/contracts.md). Types are derived from the `as const` arrays.
 */

/** Where a code is decided, in verdict order (docs/contracts.md, "Verdict order for each row"). */
export type VerdictStep = 'file' | 'row' | 'foreignKey' | 'deduplication' | 'quarantine';

export interface RejectCodeSpec {
  readonly code: string;
  readonly step: VerdictStep;
  /** What follows the colon in a row's code, if anything (`TYPE:<column>`, `RULE:<rule>`). */
  readonly qualifier: 'column' | 'rule' | null;
  readonly meaning: string;
}

/** Every reject code, in verdict order. A row's code is `<CODE>` or `<CODE>:<qualifier>`. */
export const REJECT_CODES = [
  {
    code: 'MALFORMED_FILE',
    step: 'file',
    qualifier: null,
    meaning: 'the file cannot be read at all (not UTF-8, broken quoting, a column twice in the header)',
  },
  {
    code: 'MISSING_COLUMN',
    step: 'file',
    qualifier: 'column',
    meaning: 'a required column is missing from the header: every row of the file gets it',
  },
  {
    code: 'MALFORMED_ROW',
    step: 'row',
    qualifier: null,
    meaning: 'the row has another number of fields than the header',
  },
  { code: 'NOT_NULL', step: 'row', qualifier: 'column', meaning: 'a required column is empty' },
  { code: 'TYPE', step: 'row', qualifier: 'column', meaning: "a cell is not text of the column's type" },
  { code: 'RULE', step: 'row', qualifier: 'rule', meaning: 'a business rule of the contract does not hold' },
  {
    code: 'FK',
    step: 'foreignKey',
    qualifier: 'column',
    meaning: 'the referenced parent row does not exist',
  },
  {
    code: 'DUPLICATE',
    step: 'deduplication',
    qualifier: null,
    meaning: 'another row (of the run or the stored table) wins for the same primary key',
  },
  {
    code: 'FILE_QUARANTINED',
    step: 'quarantine',
    qualifier: null,
    meaning: "more than the contract's maxRejectRatio of the file's rows were rejected at the row step",
  },
] as const satisfies readonly RejectCodeSpec[];

export type RejectCode = (typeof REJECT_CODES)[number]['code'];

/** The reject codes by name, for code that names one: `REJECT.TYPE` rather than `'TYPE'`. */
export const REJECT = Object.fromEntries(REJECT_CODES.map((c) => [c.code, c.code])) as {
  readonly [C in RejectCode]: C;
};

/** A row's code with its qualifier: `TYPE:order_id`, `RULE:total_amount_positive`, `DUPLICATE`. */
export function rejectCode(code: RejectCode, qualifier?: string): string {
  return qualifier === undefined ? code : `${code}:${qualifier}`;
}

/** The code class of a row's code (`TYPE` for `TYPE:order_id`). */
export function rejectCodeClass(code: string): RejectCode {
  const cls = code.split(':', 1)[0];
  if (!REJECT_CODES.some((c) => c.code === cls)) throw new Error(`unknown reject code "${code}"`);
  return cls as RejectCode;
}

/**
 * A file's outcome in a run summary. PROCESSED: its rows took part (each accepted or rejected);
 * QUARANTINED: too many rows rejected, none loaded; REJECTED: rejected whole (MALFORMED_FILE,
 * MISSING_COLUMN); EMPTY: no data row; ALREADY_PROCESSED: loaded by an earlier run, unchanged.
 */
export const FILE_OUTCOMES = ['PROCESSED', 'QUARANTINED', 'REJECTED', 'EMPTY', 'ALREADY_PROCESSED'] as const;
export type FileOutcome = (typeof FILE_OUTCOMES)[number];

/**
 * A file's status in the file registry (its lifecycle): RECEIVED on arrival, VALIDATED after the
 * file-level checks, then one of the outcomes, ARCHIVED when it has left the raw zone.
 */
export const FILE_STATUSES = [
  'RECEIVED',
  'VALIDATED',
  'QUARANTINED',
  'REJECTED',
  'EMPTY',
  'PROCESSED',
  'ARCHIVED',
] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** The final status of a run, as the run summary reports it. */
export const RUN_OUTCOMES = ['SUCCEEDED', 'SUCCEEDED_WITH_WARNINGS', 'FAILED', 'NOTHING_TO_DO'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** A run's status in the state store: RUNNING until it ends with an outcome. */
export const RUN_STATUSES = ['RUNNING', ...RUN_OUTCOMES] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * The steps of a run, in order. Each is one exported function of libs/pipeline, one task state of
 * the state machine (the same name), and one step record of the run in the state store.
 */
export const PIPELINE_STEPS = [
  {
    name: 'register',
    meaning:
      'record arrived files in the file registry; start a run when every required dataset has pending files',
  },
  {
    name: 'claim',
    meaning: "claim the run: the run record, the files' claims, the lease, the run manifest",
  },
  { name: 'validate', meaning: 'file-level checks and quarantine of one file, streamed' },
  {
    name: 'load',
    meaning: 'run the dataset DAG: type, check, deduplicate and merge each dataset, parents first',
  },
  { name: 'settle', meaning: "record each file's outcome and move it from the raw zone to the archive" },
  { name: 'catalog', meaning: 'update the table catalog (the Glue crawler in the cloud)' },
  { name: 'verify', meaning: 'query the published tables: each loaded table can be read and is not empty' },
  {
    name: 'quality',
    meaning: 'metrics, gates, anomalies against the history, cross-dataset checks, the report',
  },
  {
    name: 'notify',
    meaning: "announce the run's outcome (SNS in the cloud, a notifications folder locally)",
  },
  { name: 'fail', meaning: 'mark the run FAILED with its cause, release its files and lease' },
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number]['name'];
export const PIPELINE_STEP_NAMES: readonly PipelineStep[] = PIPELINE_STEPS.map((s) => s.name);
