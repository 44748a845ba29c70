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

/** Names each value of a vocabulary: `{ TYPE: 'TYPE', … }`, so code writes `REJECT.TYPE`, never `'TYPE'`. */
function byName<const V extends string>(values: readonly V[]): { readonly [K in V]: K } {
  return Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { readonly [K in V]: K };
}

/** The reject codes by name, for code that names one: `REJECT.TYPE` rather than `'TYPE'`. */
export const REJECT = byName(REJECT_CODES.map((c) => c.code));

/** A row's code with its qualifier: `TYPE:order_id`, `RULE:total_amount_positive`, `DUPLICATE`. */
export function rejectCode(code: RejectCode, qualifier?: string): string {
  return qualifier === undefined ? code : `${code}:${qualifier}`;
}

/** Joins the codes of one row in a code-list column (SQL, staged files); codes never contain it. */
export const CODE_SEPARATOR = ',';

/**
 * The codes a rejected row can carry — every code but MALFORMED_FILE, which rejects a file and
 * counts no row — in the order a run summary lists its `reasons`: the codes of a row's own cells,
 * then MISSING_COLUMN (given to every row of the file), then steps 2 to 4.
 */
export const ROW_REJECT_CODES = [
  REJECT.MALFORMED_ROW,
  REJECT.NOT_NULL,
  REJECT.TYPE,
  REJECT.RULE,
  REJECT.MISSING_COLUMN,
  REJECT.FK,
  REJECT.DUPLICATE,
  REJECT.FILE_QUARANTINED,
] as const;

/** The codes that refuse a whole file (the `error.code` of a file in the run summary). */
export const FILE_REJECT_CODES = [
  REJECT.MALFORMED_FILE,
  REJECT.MISSING_COLUMN,
  REJECT.FILE_QUARANTINED,
] as const;
export type FileRejectCode = (typeof FILE_REJECT_CODES)[number];

/**
 * The `error.code` of an entry under a dataset folder that the arrival policy does not load (a
 * folder, a link, a FIFO, a hidden or non-.csv file, an unreadable file, a name that is no key):
 * it is a REJECTED file of the run summary with the reason, but it never reaches an engine, so it
 * is no reject code of rows or plans.
 */
export const ENTRY_REFUSED = 'ENTRY_REFUSED';
/** Why a file of a run summary was refused whole. */
export const FILE_ERROR_CODES = [...FILE_REJECT_CODES, ENTRY_REFUSED] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** How reading a file ended: READ (its rows are staged), or MALFORMED_FILE (no row counts). */
export const FILE_READ_STATUSES = ['READ', REJECT.MALFORMED_FILE] as const;
export type FileReadStatus = (typeof FILE_READ_STATUSES)[number];
export const FILE_READ_STATUS = byName(FILE_READ_STATUSES);

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
/** The file outcomes by name: `FILE_OUTCOME.REJECTED`. */
export const FILE_OUTCOME = byName(FILE_OUTCOMES);

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
export const FILE_STATUS = byName(FILE_STATUSES);

/** The final status of a run, as the run summary reports it. */
export const RUN_OUTCOMES = ['SUCCEEDED', 'SUCCEEDED_WITH_WARNINGS', 'FAILED', 'NOTHING_TO_DO'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** A run's status in the state store: RUNNING until it ends with an outcome. */
export const RUN_STATUSES = ['RUNNING', ...RUN_OUTCOMES] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS = byName(RUN_STATUSES);

/**
 * How a Glue dataset job ended, in its dataset report. PUBLISHED: merged; BLOCKED: the quality
 * gate kept the table as it was; AUDITED: verdicts only (publishing was turned off); NOTHING_TO_DO:
 * no file of the dataset in the run; REBUILT: a curated table was rebuilt.
 */
export const DATASET_JOB_OUTCOMES = ['PUBLISHED', 'BLOCKED', 'AUDITED', 'NOTHING_TO_DO', 'REBUILT'] as const;
export type DatasetJobOutcome = (typeof DATASET_JOB_OUTCOMES)[number];
export const DATASET_JOB_OUTCOME = byName(DATASET_JOB_OUTCOMES);

/** The quality metrics of a dataset and run, in the order every report shows them (docs/contracts.md, "Quality metrics"). */
export const QUALITY_METRICS = ['completeness', 'validity', 'accuracy', 'consistency', 'uniqueness'] as const;
export type QualityMetricName = (typeof QUALITY_METRICS)[number];

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
/** The pipeline steps by name: `STEP.load`. */
export const STEP = byName(PIPELINE_STEP_NAMES);
