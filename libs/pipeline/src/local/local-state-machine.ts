import {
  PIPELINE_STEP_NAMES,
  RUN_STATUS,
  type DatasetRegistry,
  type PipelineStep,
} from '@lakehouse/contracts';
import {
  buildStateMachine,
  ClaimOutput,
  STATES,
  taskStates,
  type HandlerStep,
  type RunLease,
  type StateMachineDefinition,
} from '@lakehouse/orchestration';
import type { ExecutionEvent, TaskHandler } from '@lakehouse/orchestration/local';
import { LeaseLostError } from '@lakehouse/state';
import type { SQSEvent } from 'aws-lambda';
import type { ExecuteRunOptions } from '@lakehouse/engine';
import type { LocalHandlerFactory, LocalHandlerPorts, LocalHandlers } from './local-handlers';
import { EXECUTION_STATUS, LocalExecutions, type ExecutionRecord } from './local-executions';
import { localWorkflowHandlers } from './local-workflow';

/** One state of a local execution entered, left, failed or retried: what the progress display shows. */
export interface RunProgress {
  readonly runId: string;
  readonly state: string;
  readonly phase: 'entered' | 'exited' | 'failed' | 'retried';
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** The state's output (exited) or error (failed). */
  readonly output?: unknown;
}

export interface LocalStateMachineOptions extends Omit<LocalHandlerPorts, 'starter' | 'run' | 'leaseTtlMs'> {
  readonly home: string;
  readonly pipeline: string;
  readonly leaseTtlMs: number;
  readonly handlers: LocalHandlerFactory;
  readonly trace?: ExecuteRunOptions['trace'];
  readonly onProgress?: (progress: RunProgress) => void;
  readonly faults?: ExecutionFaults;
}

/** Crash injection for tests: a hook that kills the process simulates a crash at that point. */
export interface ExecutionFaults {
  /** A top-level state was entered (recorded as the execution's state). */
  readonly stateEntered?: (state: string) => void;
  /** A task's handler has done its work and is about to return its result. */
  readonly taskDone?: (state: string) => void;
}

/** How a local run ended: its id, and the execution's error when it failed. */
export interface LocalRunEnd {
  readonly runId: string;
  readonly error?: { readonly Error: string; readonly Cause: string };
}

/** The steps that run as a Lambda handler: the function ARNs of the local definition. */
const HANDLER_STEPS = PIPELINE_STEP_NAMES.filter((s): s is HandlerStep => s !== 'register' && s !== 'load');

const definitions = new WeakMap<DatasetRegistry, StateMachineDefinition>();

/** The run's definition for a registry, built once (the interpreter validates each definition it gets). */
export function definitionOf(registry: DatasetRegistry): StateMachineDefinition {
  let definition = definitions.get(registry);
  if (!definition) {
    definition = buildStateMachine({
      registry: registry,
      functions: Object.fromEntries(
        HANDLER_STEPS.map((step) => [step, `arn:aws:lambda:local:000000000000:function:lakehouse-${step}`]),
      ) as Record<HandlerStep, string>,
      glueWorkflowName: 'lakehouse-local',
      // The local workflow and catalog answer at once: a poll never waits.
      loadPolling: { intervalSeconds: 1, maxPolls: 3 },
      catalogPolling: { intervalSeconds: 1, maxPolls: 3 },
    });
    definitions.set(registry, definition);
  }
  return definition;
}

/**
 * The local stand-in for Step Functions and the Glue workflow: the run's definition (built by
 * libs/orchestration from the contracts, as infra deploys it) in the local interpreter, every task
 * state calling its handler, the Glue workflow's states running the DAG on DuckDB, the executions
 * recorded in the home. While a run holds the lease a heartbeat renews it; each top-level step is
 * recorded in the run's record (STARTED, SUCCEEDED, FAILED), as the execution history would show it.
 */
export class LocalStateMachine {
  readonly definition: StateMachineDefinition;
  readonly executions: LocalExecutions;
  private readonly handlers: LocalHandlers;
  private lease: RunLease | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** The last error each task threw, by name: a failed execution rethrows it as the handler threw it. */
  private readonly thrown = new Map<string, Error>();
  /** Top-level states that failed and whose exit (after the Catch) is still to come. */
  private readonly failed = new Set<string>();
  /** Top-level step states whose entry is recorded, each waiting for its task to start. */
  private readonly entered = new Map<string, () => void>();
  private readonly entries = new Map<string, Promise<void>>();
  /** While the trigger runs: the time it reads as now, the run start of the run it starts. */
  private triggeredAt: Date | undefined;

  constructor(private readonly options: LocalStateMachineOptions) {
    this.definition = definitionOf(options.registry);
    this.handlers = options.handlers({
      ...options,
      leaseTtlMs: options.leaseTtlMs,
      starter: { start: (request) => this.executions.start(request) },
      // Locally a run starts on any pending file: `lakehouse run` offers what it has.
      run: { pipeline: options.pipeline, requiredDatasets: [] },
      clock: () => (this.triggeredAt ?? new Date()).getTime(),
    });
    const workflow = localWorkflowHandlers({
      home: options.home,
      objects: options.objects,
      state: options.state,
      registry: options.registry,
      lease: () => this.lease,
      trace: options.trace,
    });
    const handlerOf = (state: string, step: PipelineStep): TaskHandler => {
      if (state === STATES.load) return workflow.start as TaskHandler;
      if (state === STATES.loop('load').poll) return workflow.poll as TaskHandler;
      if (state === STATES.loop('catalog').poll) return this.handlers.tasks['catalog-poll'];
      return this.handlers.tasks[step as HandlerStep];
    };
    this.executions = new LocalExecutions({
      objects: options.objects,
      definition: this.definition,
      handlers: Object.fromEntries(
        taskStates(this.definition).map(({ state, step }) => [
          state,
          this.remembered(state, handlerOf(state, step)),
        ]),
      ),
      onEvent: (event, record) => this.observe(event, record),
    });
  }

  /** Executions an earlier process left RUNNING. */
  async unfinished(): Promise<ExecutionRecord[]> {
    return (await this.executions.list()).filter((e) => e.status === EXECUTION_STATUS.RUNNING);
  }

  /**
   * Completes an execution an earlier process left RUNNING, from the state it last entered. The
   * lease is taken again first (a dead run's has expired, so the token may be new) and put in the
   * state document, so the steps that check it find the lease the run holds now.
   */
  async resume(record: ExecutionRecord): Promise<LocalRunEnd> {
    let document = record.state?.input as { claim?: unknown } | undefined;
    // A run that has ended (its quality step ran) holds no lease any more: only notify is left.
    const running = (await this.options.state.runs.get(record.runId))?.status === RUN_STATUS.RUNNING;
    if (document?.claim && running) {
      const lease = await this.options.state.leases.acquire(this.options.pipeline, record.runId);
      const claim = ClaimOutput.parse(document.claim);
      document = { ...document, claim: { ...claim, lease: { ...lease } } };
      this.hold(lease);
    }
    try {
      const result = await this.executions.resume(record, document);
      return { runId: record.runId, ...(result.status === 'FAILED' ? { error: result.error } : {}) };
    } finally {
      this.release();
    }
  }

  /** Sends S3 notifications to the trigger; waits for the execution it started, if it started one. */
  async trigger(
    event: SQSEvent,
    runStart: Date,
    onStart: (runId: string) => Promise<void>,
  ): Promise<LocalRunEnd | undefined> {
    const before = new Set(this.executions.running.keys());
    this.triggeredAt = runStart;
    try {
      await this.handlers.trigger(event);
    } finally {
      this.triggeredAt = undefined;
    }
    let end: LocalRunEnd | undefined;
    for (const [name, execution] of this.executions.running) {
      if (before.has(name)) continue;
      const record = await this.executions.get(name);
      const runId = record?.runId ?? name;
      await onStart(runId);
      try {
        const result = await execution;
        end = { runId, ...(result.status === 'FAILED' ? { error: result.error } : {}) };
      } finally {
        this.release();
      }
    }
    return end;
  }

  /** The error a task threw that failed this execution, as the handler threw it. */
  errorOf(end: LocalRunEnd): Error | undefined {
    return end.error ? this.thrown.get(end.error.Error) : undefined;
  }

  private remembered(state: string, handler: TaskHandler): TaskHandler {
    const recorded = this.isRecordedStep(state);
    return async (input: never) => {
      if (recorded) await this.entryRecorded(state);
      try {
        const output = await (handler as (i: unknown) => unknown)(input);
        this.options.faults?.taskDone?.(state);
        return output;
      } catch (error) {
        if (error instanceof Error) this.thrown.set(error.name, error);
        throw error;
      }
    };
  }

  /** A top-level task state named after a pipeline step: its steps are recorded in the run. */
  private isRecordedStep(state: string): boolean {
    return (
      this.definition.States[state]?.Type === 'Task' &&
      (PIPELINE_STEP_NAMES as readonly string[]).includes(state)
    );
  }

  /**
   * Waits until the step's entry (and so every earlier event) is recorded in the run before its
   * task runs. The interpreter reports events apart from running the tasks: without this, a step
   * that ends the run (quality, fail) could finish it before the steps before it were recorded,
   * and a finished run takes no step. A retry of the task finds the entry recorded. Bounded, so a
   * lost event slows a task and never stops it.
   */
  private async entryRecorded(state: string): Promise<void> {
    let entry = this.entries.get(state);
    if (!entry) {
      entry = new Promise<void>((resolve) => this.entered.set(state, resolve));
      this.entries.set(state, entry);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([entry, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
  }

  /** Where the observer stands in a step state: entered (recorded), or left. */
  private stepObserved(state: string, phase: RunProgress['phase']): void {
    if (phase === 'entered') {
      const resolve = this.entered.get(state);
      if (resolve) resolve();
      else this.entries.set(state, Promise.resolve());
    } else if (phase === 'exited' || phase === 'failed') {
      this.entries.delete(state);
      this.entered.delete(state);
    }
  }

  private async observe(event: ExecutionEvent, record: ExecutionRecord): Promise<void> {
    if (!('state' in event) || event.index !== undefined || !(event.state.name in this.definition.States))
      return;
    const { name } = event.state;
    const phases: Partial<Record<string, RunProgress['phase']>> = {
      StateEntered: 'entered',
      StateExited: 'exited',
      StateFailed: 'failed',
      StateRetried: 'retried',
    };
    const phase = phases[event.type];
    if (!phase) return;
    if (phase === 'entered') this.options.faults?.stateEntered?.(name);
    // A caught failure is followed by the state's exit: the step failed, it did not succeed.
    if (phase === 'failed') this.failed.add(name);
    else if (phase === 'exited' && this.failed.delete(name)) return;
    if (name === STATES.claim && phase === 'exited') {
      const claimed = ClaimOutput.safeParse((event.state.output as { claim?: unknown } | undefined)?.claim);
      if (claimed.success) this.hold(claimed.data.lease);
    }
    // The run record exists from the claim on: the claim's start is before it.
    const recorded = phase !== 'retried' && !(name === STATES.claim && phase === 'entered');
    if ((PIPELINE_STEP_NAMES as readonly string[]).includes(name) && recorded) {
      const status = ({ entered: 'STARTED', exited: 'SUCCEEDED', failed: 'FAILED' } as const)[phase];
      const detail = 'Cause' in event ? String(event.Cause ?? event.Error) : undefined;
      // Once the run has ended its record takes no step: those are not recorded.
      await this.options.state.runs
        .recordStep(record.runId, { name: name as PipelineStep, status, ...(detail ? { detail } : {}) })
        .catch(() => undefined);
    }
    if (this.isRecordedStep(name)) this.stepObserved(name, phase);
    this.options.onProgress?.({
      runId: record.runId,
      state: name,
      phase,
      at: event.timestamp,
      output:
        phase === 'exited'
          ? event.state.output
          : 'Error' in event
            ? { Error: event.Error, Cause: event.Cause }
            : undefined,
    });
  }

  /** Holds the run's lease and renews it every third of its time to live, until the run ends or loses it. */
  private hold(lease: RunLease): void {
    this.release();
    this.lease = lease;
    const every = Math.max(this.options.leaseTtlMs / 3, 10);
    this.heartbeat = setInterval(() => {
      const current = this.lease;
      if (!current) return;
      this.options.state.leases.renew(current).then(
        (renewed) => {
          if (this.lease === current) this.lease = { ...renewed };
        },
        (error: unknown) => {
          // A lost lease stays lost: the run's next fenced write fails and says why. Any other
          // failure to renew is tried again at the next beat.
          if (error instanceof LeaseLostError) clearInterval(this.heartbeat);
        },
      );
    }, every);
    this.heartbeat.unref();
  }

  private release(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.lease = undefined;
  }
}
