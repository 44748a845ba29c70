import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  RUN_ID_PATTERN,
  RUN_STATUS,
  type QualitySummary,
  type RunOutcome,
  type RunStatus,
} from '@lakehouse/contracts';
import { documentClient } from './client';
import { systemClock, type Clock } from './clock';
import { mapLimit } from './concurrency';
import { isConditionalCheckFailed } from './dynamo-errors';
import { InvalidRunIdError, InvalidRunTransitionError, RunNotFoundError } from './errors';
import { computeRunId } from './identity';
import { RUNS_RECENT_INDEX, TTL_ATTRIBUTE } from './tables';

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

export interface RunRecord {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly attempt: number;
  readonly files: readonly RunFileRef[];
  readonly datasets: Readonly<Record<string, DatasetRunSummary>>;
  readonly steps: readonly RunStep[];
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
  readonly error?: RunError;
}

/** One run as seen from one dataset: the quality-history entry. */
export interface DatasetRunEntry {
  readonly runId: string;
  readonly pipeline: string;
  readonly dataset: string;
  readonly status: RunOutcome;
  readonly startedAt: number;
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

export interface RunStoreProps {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** @default Date.now */
  readonly clock?: Clock;
  /** Days a finished run (and its dataset entries) is kept before TTL deletes it. @default forever */
  readonly retentionDays?: number;
}

const HEADER = 'RUN';
const datasetSk = (dataset: string) => `DATASET#${dataset}`;
const recentSk = (startedAt: number, runId: string) => `${new Date(startedAt).toISOString()}#${runId}`;
const INTERNAL = ['sk', 'recentPk', 'recentSk', TTL_ATTRIBUTE] as const;

function strip<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of INTERNAL) delete copy[attribute];
  return copy as T;
}

/**
 * Runs: a header item per run (status, files, step history, dataset summaries) and, once the run
 * is finished, one item per dataset that a GSI orders by start time for quality history.
 */
export class RunStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly clock: Clock;
  private readonly retentionDays?: number;

  constructor(props: RunStoreProps) {
    this.db = documentClient(props.client);
    this.table = props.tableName;
    this.clock = props.clock ?? systemClock;
    this.retentionDays = props.retentionDays;
  }

  /** Creates the run in RUNNING; starting the same run id again returns the existing run. */
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
    const now = this.clock();
    const run: RunRecord = {
      runId,
      pipeline: input.pipeline,
      status: RUN_STATUS.RUNNING,
      attempt,
      files: input.files.map(({ fileId, dataset, bucket, key }) => ({ fileId, dataset, bucket, key })),
      datasets: {},
      steps: [],
      startedAt: now,
      updatedAt: now,
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...run,
            sk: HEADER,
            recentPk: `PIPELINE#${input.pipeline}`,
            recentSk: recentSk(now, runId),
          },
          ConditionExpression: 'attribute_not_exists(runId)',
        }),
      );
      return { created: true, run };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { created: false, run: await this.require(runId) };
    }
  }

  /** The run (strongly consistent), or undefined. */
  async get(runId: string): Promise<RunRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { runId, sk: HEADER }, ConsistentRead: true }),
    );
    return Item ? strip<RunRecord>(Item) : undefined;
  }

  /** Appends a step event (timestamped by the clock) to a RUNNING run. */
  async recordStep(
    runId: string,
    step: { name: string; status: RunStepStatus; detail?: string },
  ): Promise<RunRecord> {
    const entry: RunStep = { ...step, at: this.clock() };
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
  async recordDataset(runId: string, dataset: string, summary: DatasetRunSummary): Promise<RunRecord> {
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
   * returns the run; a different final status is refused: a finished run is immutable.
   */
  async finish(runId: string, input: FinishRunInput): Promise<RunRecord> {
    const now = this.clock();
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':to': input.status,
      ':running': RUN_STATUS.RUNNING,
      ':now': now,
    };
    const sets = ['#status = :to', 'endedAt = :now', 'updatedAt = :now'];
    Object.entries(input.datasets ?? {}).forEach(([dataset, summary], i) => {
      names[`#d${i}`] = dataset;
      values[`:d${i}`] = summary;
      sets.push(`datasets.#d${i} = :d${i}`);
    });
    if (input.error) {
      sets.push('#error = :error');
      names['#error'] = 'error';
      values[':error'] = input.error;
    }
    const ttl = this.ttl(now);
    if (ttl !== undefined) {
      sets.push('#ttl = :ttl');
      names['#ttl'] = TTL_ATTRIBUTE;
      values[':ttl'] = ttl;
    }
    let run: RunRecord;
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
      run = strip<RunRecord>(Attributes ?? {});
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

  /** The latest runs of a pipeline (any status), newest first. @param limit @default 20 */
  async recentByPipeline(pipeline: string, options: { limit?: number } = {}): Promise<RunRecord[]> {
    return (await this.recent(`PIPELINE#${pipeline}`, options.limit ?? 20)).map((item) =>
      strip<RunRecord>(item),
    );
  }

  private async writeHistory(run: RunRecord): Promise<void> {
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
  ): Promise<RunRecord> {
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
      return strip<RunRecord>(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const run = await this.require(runId);
      throw new InvalidRunTransitionError(runId, run.status, what);
    }
  }

  private async require(runId: string): Promise<RunRecord> {
    const run = await this.get(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }
}
