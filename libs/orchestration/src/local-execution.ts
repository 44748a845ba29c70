import {
  executionNameOf,
  type ExecutionRequest,
  type ExecutionStarted,
  type ExecutionStarter,
} from '@lakehouse/aws';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { allStates, type StateMachineDefinition } from './asl';

/** One event of a local execution (state entered, retried, caught…), as the interpreter logs it. */
export type ExecutionEvent =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** What runs a Task state locally: its input after `Parameters`, its result before `ResultSelector`. */
export type TaskHandler = (input: never) => unknown;

export interface LocalExecutionOptions {
  /** The handler of each Task state, by state name; a Task without one is an error before the run. */
  readonly handlers: Readonly<Record<string, TaskHandler>>;
  /** How long every Wait state and every retry pause lasts, in milliseconds. @default 0 */
  readonly pauseMs?: number;
}

export type LocalExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown; readonly events: readonly ExecutionEvent[] }
  | {
      readonly status: 'FAILED';
      /** The execution's error, as a Fail state or an uncaught task error names it. */
      readonly error: { readonly Error: string; readonly Cause: string };
      readonly events: readonly ExecutionEvent[];
    };

const interpreters = new WeakMap<StateMachineDefinition, StateMachine>();

/** One interpreter per definition: constructing one validates the definition (asl-validator), which is slow. */
function interpreterOf(definition: StateMachineDefinition): StateMachine {
  let machine = interpreters.get(definition);
  if (!machine) {
    // A JSON copy, not structuredClone: the interpreter evaluates nested payload templates only in
    // objects of its own realm (a structured clone under Jest comes from another one).
    machine = new StateMachine(JSON.parse(JSON.stringify(definition)), {
      validationOptions: { checkArn: false },
    });
    interpreters.set(definition, machine);
  }
  return machine;
}

/**
 * Runs a definition in the local ASL interpreter (aws-local-stepfunctions): every Task state calls
 * its local handler (Lambda and AWS SDK integrations alike), Wait states and retry pauses last
 * `pauseMs`. Retry, Catch, Choice, Map and Parallel behave as in Step Functions.
 */
export async function runLocally(
  definition: StateMachineDefinition,
  input: unknown,
  options: LocalExecutionOptions,
): Promise<LocalExecutionResult> {
  const states = allStates(definition.States);
  const missing = states
    .filter(([name, state]) => state.Type === 'Task' && !(name in options.handlers))
    .map(([name]) => name);
  if (missing.length > 0) throw new Error(`no local handler for task state(s) ${missing.join(', ')}`);

  const pause = options.pauseMs ?? 0;
  const execution = interpreterOf(definition).run(input as never, {
    overrides: {
      taskResourceLocalHandlers: options.handlers as never,
      waitTimeOverrides: Object.fromEntries(
        states.filter(([, s]) => s.Type === 'Wait').map(([name]) => [name, pause]),
      ),
      retryIntervalOverrides: Object.fromEntries(
        states.filter(([, s]) => 'Retry' in s).map(([name]) => [name, pause]),
      ),
    },
  });
  const events: ExecutionEvent[] = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();
  try {
    const output = await execution.result;
    await logged;
    return { status: 'SUCCEEDED', output, events };
  } catch (error) {
    await logged;
    if (!(error instanceof ExecutionError)) throw error;
    const cause = error.cause as Error & { cause?: unknown };
    return {
      status: 'FAILED',
      error: { Error: cause.name, Cause: typeof cause.message === 'string' ? cause.message : '' },
      events,
    };
  }
}

/**
 * The ExecutionStarter port on the local interpreter: an execution per name, as Step Functions
 * keeps them (a second start of the same run is `alreadyStarted`, however many callers race), each
 * running the definition with the given handlers. `executions` holds every started execution's
 * result, by name.
 */
export class InterpreterExecutionStarter implements ExecutionStarter {
  readonly executions = new Map<string, Promise<LocalExecutionResult>>();

  constructor(
    private readonly definition: StateMachineDefinition,
    private readonly options: LocalExecutionOptions,
  ) {}

  async start(request: ExecutionRequest): Promise<ExecutionStarted> {
    const name = executionNameOf(request.runId);
    const executionArn = `arn:aws:states:local:000000000000:execution:lakehouse:${name}`;
    if (this.executions.has(name)) return { name, executionArn, alreadyStarted: true };
    this.executions.set(name, runLocally(this.definition, request.input, this.options));
    return { name, executionArn, alreadyStarted: false };
  }
}
