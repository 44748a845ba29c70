import * as z from 'zod';
import { FILE_REJECT_CODES, FILE_STATUS, RUN_ID_PATTERN, RUN_OUTCOMES } from '@lakehouse/contracts';

/**
 * The state document of a run's execution: what the trigger starts it with, and what each task
 * state receives and returns. It is the one contract between the state-machine definition (which
 * picks each task's fields with `Parameters` and stores its result under `ResultPath: $.<step>`)
 * and the handlers (which parse their input and output with these schemas).
 */

const runId = z.string().regex(RUN_ID_PATTERN, 'a run id is 1–80 characters of [A-Za-z0-9_-]');
const fileId = z.string().regex(/^f-[0-9a-f]{32}$/, 'a file id is f- and 32 hex digits');
const datasetName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a dataset name is a lower-case identifier');
const instant = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

/** A file of the run as the file registry knows it. */
export const RunFile = z.object({
  fileId,
  dataset: datasetName,
  bucket: z.string().min(1),
  key: z.string().min(1),
  versionId: z.string().min(1).optional(),
  eTag: z.string().min(1).optional(),
  size: count.optional(),
});
export type RunFile = z.infer<typeof RunFile>;

/** The pipeline lease the run holds from `claim` until it ends (fencing token included). */
export const RunLease = z.object({
  pipeline: z.string().min(1),
  holder: z.string().min(1),
  token: z.number().int(),
  acquiredAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type RunLease = z.infer<typeof RunLease>;

/** What a Catch writes under `$.error`: Step Functions' error name and cause. */
export const StatesError = z.object({ Error: z.string(), Cause: z.string().optional() });
export type StatesError = z.infer<typeof StatesError>;

/** The execution's input: the trigger starts one execution per run, named by the run id. */
export const ExecutionInput = z.object({
  runId,
  pipeline: z.string().min(1),
  /** The run's start: rules bounded by "run start + 1 day" use it, in every engine. */
  runStart: instant,
  /** The files the run was started for; the run id is derived from them. */
  fileIds: z.array(fileId).min(1),
});
export type ExecutionInput = z.infer<typeof ExecutionInput>;

export const ClaimInput = ExecutionInput;
export type ClaimInput = ExecutionInput;

export const ClaimOutput = z.object({
  runId,
  /** Where the run manifest was written (an s3:// URI in the cloud); the Glue jobs read it. */
  manifestUri: z.string().min(1),
  lease: RunLease,
  /** The claimed files per dataset, every dataset of the registry present (empty when it has none). */
  files: z.record(datasetName, z.array(RunFile)),
});
export type ClaimOutput = z.infer<typeof ClaimOutput>;

export const ValidateInput = z.object({ runId, runStart: instant, file: RunFile });
export type ValidateInput = z.infer<typeof ValidateInput>;

/** The file-level verdict of one file (kept small: a Map's results share the 256 KB state). */
export const FileVerdict = z.object({
  fileId,
  dataset: datasetName,
  status: z.enum([FILE_STATUS.VALIDATED, FILE_STATUS.QUARANTINED, FILE_STATUS.REJECTED, FILE_STATUS.EMPTY]),
  rowsIn: count,
  rejectedRows: count,
  /** Why the whole file was refused (a file-level reject code). */
  code: z.enum(FILE_REJECT_CODES).optional(),
});
export type FileVerdict = z.infer<typeof FileVerdict>;
export const ValidateOutput = FileVerdict;
export type ValidateOutput = FileVerdict;

/** `$.validate`: one entry per dataset (a branch of the validate Parallel state). */
export const ValidatedDatasets = z.array(z.object({ dataset: datasetName, files: z.array(FileVerdict) }));
export type ValidatedDatasets = z.infer<typeof ValidatedDatasets>;

/** `$.load`: the Glue workflow run, as the definition's ResultSelectors and poll counter shape it. */
export const LoadState = z.object({
  workflowRunId: z.string().min(1),
  polls: count,
  run: z.object({ status: z.string(), statistics: z.record(z.string(), z.number()).optional() }).optional(),
});
export type LoadState = z.infer<typeof LoadState>;

export const SettleInput = z.object({
  runId,
  pipeline: z.string().min(1),
  manifestUri: z.string().min(1),
  lease: RunLease,
  validated: ValidatedDatasets,
});
export type SettleInput = z.infer<typeof SettleInput>;

export const SettleOutput = z.object({
  /** The tables that got a new version in the run (dataset tables and the curated ones). */
  tables: z.array(z.string().min(1)),
  files: z.object({
    processed: count,
    quarantined: count,
    rejected: count,
    empty: count,
    /** Files of a dataset whose quality gate blocked the publish: back to VALIDATED, still in raw/. */
    returned: count,
  }),
});
export type SettleOutput = z.infer<typeof SettleOutput>;

/** One function runs both catalog tasks: `action` says which. */
export const CatalogInput = z.object({
  action: z.literal('start'),
  runId,
  tables: z.array(z.string().min(1)),
});
export type CatalogInput = z.infer<typeof CatalogInput>;

/**
 * `$.catalog`: the crawl the run asked for and where it stands (a crawl not started yet counts as
 * RUNNING); the definition adds the poll counter.
 */
export const CatalogOutput = z.object({
  crawler: z.string().min(1),
  state: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
  /** When the crawl was asked for: polls tell it from an earlier crawl by it. */
  requestedAt: instant,
});
export type CatalogOutput = z.infer<typeof CatalogOutput>;

export const CatalogPollInput = z.object({
  action: z.literal('poll'),
  runId,
  crawler: z.string().min(1),
  requestedAt: instant,
});
export type CatalogPollInput = z.infer<typeof CatalogPollInput>;

export const VerifyInput = z.object({ runId, tables: z.array(z.string().min(1)) });
export type VerifyInput = z.infer<typeof VerifyInput>;

export const VerifyOutput = z.object({
  tables: z.array(z.object({ table: z.string().min(1), rows: count })),
});
export type VerifyOutput = z.infer<typeof VerifyOutput>;

export const QualityInput = z.object({ runId, pipeline: z.string().min(1), lease: RunLease });
export type QualityInput = z.infer<typeof QualityInput>;

export const QualityOutput = z.object({
  status: z.enum(RUN_OUTCOMES),
  warnings: count,
  summaryUri: z.string().min(1),
  qualityReportUri: z.string().min(1),
});
export type QualityOutput = z.infer<typeof QualityOutput>;

export const NotifyInput = z.object({
  runId,
  pipeline: z.string().min(1),
  status: z.enum(RUN_OUTCOMES),
  /** Why the run failed (the failure path only). */
  error: StatesError.optional(),
});
export type NotifyInput = z.infer<typeof NotifyInput>;

export const NotifyOutput = z.object({ messageId: z.string().min(1) });
export type NotifyOutput = z.infer<typeof NotifyOutput>;

export const FailInput = z.object({
  runId,
  pipeline: z.string().min(1),
  fileIds: z.array(fileId),
  error: StatesError,
});
export type FailInput = z.infer<typeof FailInput>;

export const FailOutput = z.object({
  /** False when the run had already ended (or was never created) and kept its status. */
  runMarkedFailed: z.boolean(),
  releasedFiles: count,
  leaseReleased: z.boolean(),
});
export type FailOutput = z.infer<typeof FailOutput>;

/**
 * Each Lambda task of the definition: the step it runs, its input and output schemas. The
 * definition's `Parameters` of a task must name exactly the input's fields (checked by the type
 * of `lambdaTask`), and its `ResultPath` is `$.<result>`.
 */
export const LAMBDA_TASKS = {
  claim: { step: 'claim', input: ClaimInput, output: ClaimOutput },
  validate: { step: 'validate', input: ValidateInput, output: ValidateOutput },
  settle: { step: 'settle', input: SettleInput, output: SettleOutput },
  catalog: { step: 'catalog', input: CatalogInput, output: CatalogOutput },
  'catalog-poll': { step: 'catalog', input: CatalogPollInput, output: CatalogOutput },
  verify: { step: 'verify', input: VerifyInput, output: VerifyOutput },
  quality: { step: 'quality', input: QualityInput, output: QualityOutput },
  notify: { step: 'notify', input: NotifyInput, output: NotifyOutput },
  fail: { step: 'fail', input: FailInput, output: FailOutput },
} as const;
export type LambdaTask = keyof typeof LAMBDA_TASKS;
export type TaskInput<T extends LambdaTask> = z.infer<(typeof LAMBDA_TASKS)[T]['input']>;
export type TaskOutput<T extends LambdaTask> = z.infer<(typeof LAMBDA_TASKS)[T]['output']>;

/**
 * The state document between states: the execution input plus each step's result. Every field
 * after the input is optional, because the failure path may be entered from any state.
 */
export const RunState = ExecutionInput.extend({
  claim: ClaimOutput.optional(),
  validate: ValidatedDatasets.optional(),
  load: LoadState.optional(),
  settle: SettleOutput.optional(),
  catalog: CatalogOutput.extend({ polls: count }).optional(),
  verify: VerifyOutput.optional(),
  quality: QualityOutput.optional(),
  notify: NotifyOutput.optional(),
  error: StatesError.optional(),
  fail: z.union([FailOutput, StatesError]).optional(),
});
export type RunState = z.infer<typeof RunState>;
