import {
  executionNameOf,
  type ExecutionRequest,
  type ExecutionStarted,
  type ExecutionStarter,
} from '@lakehouse/aws';
import type { StateMachineDefinition } from '@lakehouse/orchestration';
import {
  runLocally,
  type ExecutionEvent,
  type LocalExecutionResult,
  type TaskHandler,
} from '@lakehouse/orchestration/local';
import { executionRecord, ObjectNotFoundError, type ObjectStore } from '@lakehouse/storage';
import { readJson } from '../steps';

export const EXECUTION_STATUS = { RUNNING: 'RUNNING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED' } as const;
export type ExecutionStatus = (typeof EXECUTION_STATUS)[keyof typeof EXECUTION_STATUS];

/**
 * A local execution as Step Functions would describe it: its input, status and — what a resume
 * needs — the last top-level state it entered with the state document it entered with.
 */
export interface ExecutionRecord {
  readonly name: string;
  readonly runId: string;
  readonly input: unknown;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly state?: { readonly name: string; readonly input: unknown };
  readonly error?: { readonly Error: string; readonly Cause: string };
  /** How many times the execution was resumed after its process ended mid-run. */
  readonly resumes?: number;
}

export interface LocalExecutionsOptions {
  readonly objects: ObjectStore;
  readonly definition: StateMachineDefinition;
  readonly handlers: Readonly<Record<string, TaskHandler>>;
  /** Receives every event of every execution, after it is recorded. */
  readonly onEvent?: (event: ExecutionEvent, record: ExecutionRecord) => void | Promise<void>;
  readonly clock?: () => Date;
}

/**
 * The ExecutionStarter port on the local interpreter, with the executions kept in the home's
 * executions zone: a start writes the execution's record before it runs (a second start of the
 * same run is `alreadyStarted`), every top-level state entered is recorded with its input, and the
 * end with the status. An execution whose process ended mid-run (killed, crashed) stays RUNNING:
 * `resume` runs it on from its recorded state with the recorded document.
 */
export class LocalExecutions implements ExecutionStarter {
  /** The executions this process runs, by name. */
  readonly running = new Map<string, Promise<LocalExecutionResult>>();
  private readonly clock: () => Date;

  constructor(private readonly options: LocalExecutionsOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async start(request: ExecutionRequest): Promise<ExecutionStarted> {
    const name = executionNameOf(request.runId);
    const executionArn = `arn:aws:states:local:000000000000:execution:lakehouse:${name}`;
    if (this.running.has(name) || (await this.get(name))) return { name, executionArn, alreadyStarted: true };
    const now = this.clock().toISOString();
    const record: ExecutionRecord = {
      name,
      runId: request.runId,
      input: request.input,
      status: EXECUTION_STATUS.RUNNING,
      startedAt: now,
      updatedAt: now,
    };
    await this.put(record);
    this.running.set(name, this.execute(record, undefined));
    return { name, executionArn, alreadyStarted: false };
  }

  /** Runs an execution left RUNNING on from its recorded state (from the start if none was recorded). */
  resume(record: ExecutionRecord, document?: unknown): Promise<LocalExecutionResult> {
    const resumed = { ...record, resumes: (record.resumes ?? 0) + 1 };
    const run = this.put(resumed).then(() =>
      this.execute(resumed, record.state && { ...record.state, input: document ?? record.state.input }),
    );
    this.running.set(record.name, run);
    return run;
  }

  /** Ends an execution left RUNNING as FAILED with an error (an operator gave up on it): it is not resumed. */
  async end(
    record: ExecutionRecord,
    error: { readonly Error: string; readonly Cause: string },
  ): Promise<void> {
    await this.put({
      ...record,
      status: EXECUTION_STATUS.FAILED,
      error,
      updatedAt: this.clock().toISOString(),
    });
  }

  async get(name: string): Promise<ExecutionRecord | undefined> {
    return (await readJson(this.options.objects, executionRecord(name)).catch((error: unknown) => {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    })) as ExecutionRecord | undefined;
  }

  /** Every recorded execution, the oldest first. */
  async list(): Promise<ExecutionRecord[]> {
    const records: ExecutionRecord[] = [];
    for await (const { key } of this.options.objects.list('executions')) {
      if (!key.endsWith('.json')) continue;
      const record = await this.get(key.slice(0, -'.json'.length));
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  private async execute(
    record: ExecutionRecord,
    from: { readonly name: string; readonly input: unknown } | undefined,
  ): Promise<LocalExecutionResult> {
    const { definition } = this.options;
    let current = record;
    const result = await runLocally(definition, from ? from.input : record.input, {
      handlers: this.options.handlers,
      startAt: from?.name,
      onEvent: async (event) => {
        if (
          event.type === 'StateEntered' &&
          event.state.name in definition.States &&
          event.index === undefined
        ) {
          current = {
            ...current,
            state: { name: event.state.name, input: event.state.input },
            updatedAt: this.clock().toISOString(),
          };
          await this.put(current);
        }
        await this.options.onEvent?.(event, current);
      },
    });
    const ended: ExecutionRecord = {
      ...current,
      status: result.status,
      updatedAt: this.clock().toISOString(),
      ...(result.status === 'FAILED' ? { error: result.error } : {}),
    };
    await this.put(ended);
    return result;
  }

  private async put(record: ExecutionRecord): Promise<void> {
    await this.options.objects.put(executionRecord(record.name), JSON.stringify(record, null, 2) + '\n', {
      contentType: 'application/json',
    });
  }
}
