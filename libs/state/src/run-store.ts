import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  RUN_ID_PATTERN,
  RUN_STATUS,
  type QualitySummary,
  type RunOutcome,
  type RunStatus,
} from '@lakehouse/contracts';
import { batchPut, mapLimit } from './concurrency';
import { isConditionalCheckFailed } from './dynamo-errors';
import { InvalidRunIdError, InvalidRunTransitionError, RunNotFoundError } from './errors';
import { assertFits, boundedText, MAX_TEXT_CHARS } from './item-size';
import { computeRunId } from './identity';
import { RUNS_RECENT_INDEX, TTL_ATTRIBUTE } from './tables';
import { TableStore, type TableStoreProps } from './table-store';

/**
 * What a run reports for one dataset. Stored as given (the state layer does not interpret it), so
 * producers may add fields such as the per-file list of the run summary.
 */
export interface DatasetRunSummary {
  readonly rowsIn: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly quality?: QualitySummary;
  readonly [extra: string]: unknown;
}

/** A file a run covers; a FileRecord fits as is. */
export interface RunFileRef {
  readonly fileId: string;
  readonly dataset: string;
  readonly bucket?: string;
  readonly key?: string;
}

export type RunStepStatus = 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export interface RunStep {
  readonly name: string;
  readonly status: RunStepStatus;
  readonly at: number;
  readonly detail?: string;
}

export interface RunError {
  readonly name?: string;
  readonly message: string;
  /** Clean-ups that failed while the run was being failed (files not released…), one line each. */
  readonly cleanup?: readonly string[];
}

/** A run as its header item holds it: everything but the list of its files. */
export interface RunHeader {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly attempt: number;
  /** How many files the run covers (the list itself is in the run's file items). */
  readonly fileCount: number;
  readonly datasets: Readonly<Record<string, DatasetRunSummary>>;
  readonly steps: readonly RunStep[];
  /** When the record was created (the store's clock), epoch ms. */
  readonly startedAt: number;
  /**
   * The run's logical time, epoch ms: the run start its rules and quality history read (a given
   * `--run-start`, or the trigger's clock). Absent on runs recorded before it was kept: their startedAt.
   */
  readonly runStart?: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
  readonly error?: RunError;
}

/** A run with its files, in the order it was started with. */
export interface RunRecord extends RunHeader {
  readonly files: readonly RunFileRef[];
}

/** One run as seen from one dataset: the quality-history entry. */
export interface DatasetRunEntry {
  readonly runId: string;
  readonly pipeline: string;
  readonly dataset: string;
  readonly status: RunOutcome;
  readonly startedAt: number;
  /** The run's logical time (see RunHeader.runStart). */
  readonly runStart?: number;
  readonly endedAt: number;
  readonly summary: DatasetRunSummary;
}

export interface StartRunInput {
  readonly pipeline: string;
  /** The claimed files; at least one. */
  readonly files: readonly RunFileRef[];
  /** @default computeRunId(files, { attempt }) */
  readonly runId?: string;
  /** @default 1 */
  readonly attempt?: number;
  /** The run's logical time, epoch ms. @default the store's clock when the record is created */
  readonly runStart?: number;
}

export interface StartRunResult {
  /** false when a run with this id already existed (a retried start): `run` is that run. */
  readonly created: boolean;
  readonly run: RunRecord;
}

export interface FinishRunInput {
  readonly status: RunOutcome;
  /** Dataset summaries to add to those recorded during the run. */
  readonly datasets?: Readonly<Record<string, DatasetRunSummary>>;
  readonly error?: RunError;
}

/** On the runs table. */
export interface RunStoreProps extends TableStoreProps {
  /** Days a finished run (and its dataset entries) is kept before TTL deletes it. @default forever */
  readonly retentionDays?: number;
}

const HEADER = 'RUN';
const FILE_PREFIX = 'FILE#';
const fileSk = (index: number) => `${FILE_PREFIX}${String(index).padStart(7, '0')}`;
const datasetSk = (dataset: string) => `DATASET#${dataset}`;
/**
 * Budgets that keep every item of a run under DynamoDB's 400 KB, whatever the run: the dataset
 * summaries of a run together (the header holds them), and each summary on its own (its history
 * entry). The header's other attributes are small and bounded (steps, an error cut to
 * MAX_TEXT_CHARS); each file is an item of its own.
 */
export const RUN_SUMMARIES_BUDGET = 256 * 1024;
export const DATASET_SUMMARY_BUDGET = 64 * 1024;
const recentSk = (startedAt: number, runId: string) => `${new Date(startedAt).toISOString()}#${runId}`;
const INTERNAL = ['sk', 'recentPk', 'recentSk', TTL_ATTRIBUTE] as const;

function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of INTERNAL) delete copy[attribute];
  return copy as T;
}

/**
 * Runs: a header item per run (status, step history, dataset summaries), one item per file of the
 * run (so a run of any number of files fits: no item grows with them) and, once the run is
 * finished, one item per dataset that a GSI orders by start time for quality history. Summaries
 * over their budget are refused before anything is written (StateItemTooLargeError).
 */
export class RunStore extends TableStore {
  private readonly retentionDays?: number;

  constructor(props: RunStoreProps) {
    super(props);
    this.retentionDays = props.retentionDays;
  }

  /**
   * Creates the run in RUNNING with its files; starting the same run id again returns the existing
   * run. The file items are written before the header, so a header always has all its files (a
   * start interrupted in between is completed by the retry).
   */
  async start(input: StartRunInput): Promise<StartRunResult> {
    const attempt = input.attempt ?? 1;
    const runId =
      input.runId ??
      computeRunId(
        input.files.map((file) => file.fileId),
        { attempt },
      );
    if (!RUN_ID_PATTERN.test(runId)) {
      throw new InvalidRunIdError(`run id "${runId}" is not a valid execution name ([A-Za-z0-9_-], ≤ 80)`);
    }
    const existing = await this.get(runId);
    if (existing) return { created: false, run: existing };
    const now = this.clock();
    const files = input.files.map(({ fileId, dataset, bucket, key }) => ({ fileId, dataset, bucket, key }));
    const header: RunHeader = {
      runId,
      pipeline: input.pipeline,
      status: RUN_STATUS.RUNNING,
      attempt,
      fileCount: files.length,
      datasets: {},
      steps: [],
      startedAt: now,
      runStart: input.runStart ?? now,
      updatedAt: now,
    };
    // Plain puts of the same content: a concurrent or retried start writes the same items.
    await batchPut(
      this.db,
      this.table,
      files.map((file, index) => ({ ...file, runId, sk: fileSk(index) })),
    );
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...header,
            sk: HEADER,
            recentPk: `PIPELINE#${input.pipeline}`,
            recentSk: recentSk(now, runId),
          },
          ConditionExpression: 'attribute_not_exists(runId)',
        }),
      );
      return { created: true, run: { ...header, files } };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { created: false, run: (await this.get(runId))! };
    }
  }

  /** The run with its files (strongly consistent), or undefined. */
  async get(runId: string): Promise<RunRecord | undefined> {
    const header = await this.header(runId);
    return header && { ...header, files: await this.files(runId) };
  }

  private async header(runId: string): Promise<RunHeader | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { runId, sk: HEADER }, ConsistentRead: true }),
    );
    return Item && strip<RunHeader>(Item);
  }

  /** The files of a run, in the order it was started with. */
  async files(runId: string): Promise<RunFileRef[]> {
    const files: RunFileRef[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'runId = :run AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':run': runId, ':prefix': FILE_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const { fileId, dataset, bucket, key } = item as RunFileRef;
        files.push({ fileId, dataset, bucket, key });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return files;
  }

  /** Appends a step event (timestamped by the clock) to a RUNNING run. */
  async recordStep(
    runId: string,
    step: { name: string; status: RunStepStatus; detail?: string },
  ): Promise<RunHeader> {
    const detail = step.detail === undefined ? {} : { detail: boundedText(step.detail, MAX_TEXT_CHARS) };
    const entry: RunStep = { ...step, ...detail, at: this.clock() };
    return this.updateRunning(
      runId,
      `step ${step.name}`,
      'steps = list_append(steps, :step)',
      {},
      {
        ':step': [entry],
      },
    );
  }

  /** Records (or replaces) the summary of one dataset of a RUNNING run. */
  async recordDataset(runId: string, dataset: string, summary: DatasetRunSummary): Promise<RunHeader> {
    assertFits(`the ${dataset} summary of run ${runId}`, summary, DATASET_SUMMARY_BUDGET);
    return this.updateRunning(
      runId,
      `dataset ${dataset}`,
      'datasets.#dataset = :summary',
      { '#dataset': dataset },
      {
        ':summary': summary,
      },
    );
  }

  /**
   * Ends a RUNNING run with a final status and writes its per-dataset history entries.
   * Finishing again with the same status (a retried Lambda) completes any missing entries and
   * returns the run; a different final status is refused: a finished run is immutable. Summaries
   * over their budget are refused before anything is written; the error message is kept up to
   * MAX_TEXT_CHARS characters.
   */
  async finish(runId: string, input: FinishRunInput): Promise<RunHeader> {
    const datasets = input.datasets ?? {};
    for (const [dataset, summary] of Object.entries(datasets))
      assertFits(`the ${dataset} summary of run ${runId}`, summary, DATASET_SUMMARY_BUDGET);
    assertFits(`the dataset summaries of run ${runId}`, datasets, RUN_SUMMARIES_BUDGET);
    const now = this.clock();
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':to': input.status,
      ':running': RUN_STATUS.RUNNING,
      ':now': now,
    };
    const sets = ['#status = :to', 'endedAt = :now', 'updatedAt = :now'];
    Object.entries(datasets).forEach(([dataset, summary], i) => {
      names[`#d${i}`] = dataset;
      values[`:d${i}`] = summary;
      sets.push(`datasets.#d${i} = :d${i}`);
    });
    if (input.error) {
      sets.push('#error = :error');
      names['#error'] = 'error';
      values[':error'] = { ...input.error, message: boundedText(input.error.message, MAX_TEXT_CHARS) };
    }
    const ttl = this.ttl(now);
    if (ttl !== undefined) {
      sets.push('#ttl = :ttl');
      names['#ttl'] = TTL_ATTRIBUTE;
      values[':ttl'] = ttl;
    }
    let run: RunHeader;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { runId, sk: HEADER },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(runId) AND #status = :running',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      run = strip<RunHeader>(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      run = await this.require(runId);
      if (run.status !== input.status) throw new InvalidRunTransitionError(runId, run.status, input.status);
    }
    await this.writeHistory(run);
    return run;
  }

  /** The latest finished runs' summaries of a dataset, newest first. @param limit @default 20 */
  async recentByDataset(dataset: string, options: { limit?: number } = {}): Promise<DatasetRunEntry[]> {
    return (await this.recent(`DATASET#${dataset}`, options.limit ?? 20)).map((item) =>
      strip<DatasetRunEntry>(item),
    );
  }

  /** The latest runs of a pipeline (any status), newest first, without their files. @param limit @default 20 */
  async recentByPipeline(pipeline: string, options: { limit?: number } = {}): Promise<RunHeader[]> {
    return (await this.recent(`PIPELINE#${pipeline}`, options.limit ?? 20)).map((item) =>
      strip<RunHeader>(item),
    );
  }

  private async writeHistory(run: RunHeader): Promise<void> {
    const endedAt = run.endedAt ?? run.updatedAt;
    const ttl = this.ttl(endedAt);
    // Plain puts of derived data: rewriting them on a retried finish is harmless and converges.
    await mapLimit(Object.entries(run.datasets), 8, async ([dataset, summary]) => {
      const entry: DatasetRunEntry = {
        runId: run.runId,
        pipeline: run.pipeline,
        dataset,
        status: run.status as RunOutcome,
        startedAt: run.startedAt,
        ...(run.runStart === undefined ? {} : { runStart: run.runStart }),
        endedAt,
        summary,
      };
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...entry,
            sk: datasetSk(dataset),
            recentPk: `DATASET#${dataset}`,
            recentSk: recentSk(run.startedAt, run.runId),
            [TTL_ATTRIBUTE]: ttl,
          },
        }),
      );
    });
  }

  private async recent(partition: string, limit: number): Promise<Record<string, unknown>[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: RUNS_RECENT_INDEX,
        KeyConditionExpression: 'recentPk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items ?? [];
  }

  private ttl(from: number): number | undefined {
    return this.retentionDays === undefined
      ? undefined
      : Math.floor(from / 1000) + Math.round(this.retentionDays * 86_400);
  }

  private async updateRunning(
    runId: string,
    what: string,
    set: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<RunHeader> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { runId, sk: HEADER },
          UpdateExpression: `SET ${set}, updatedAt = :now`,
          ConditionExpression: 'attribute_exists(runId) AND #status = :running',
          ExpressionAttributeNames: { ...names, '#status': 'status' },
          ExpressionAttributeValues: { ...values, ':running': RUN_STATUS.RUNNING, ':now': this.clock() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<RunHeader>(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const run = await this.require(runId);
      throw new InvalidRunTransitionError(runId, run.status, what);
    }
  }

  private async require(runId: string): Promise<RunHeader> {
    const run = await this.header(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }
}
