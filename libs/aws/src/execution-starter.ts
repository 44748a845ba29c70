import { createHash } from 'node:crypto';
import { AdapterError, messageOf } from './errors';
import { isTransientAwsError } from './transient';

export interface ExecutionRequest {
  /** The run the execution is for: its name is derived from it, so a run is started at most once. */
  readonly runId: string;
  /** The execution's input (JSON, at most 256 KiB). */
  readonly input: Readonly<Record<string, unknown>>;
}

export interface ExecutionStarted {
  readonly name: string;
  readonly executionArn: string;
  /** True when an execution of that name existed already: the run was started before, which is success. */
  readonly alreadyStarted: boolean;
}

/** Starts the pipeline's state machine for a run (Step Functions in the cloud). */
export interface ExecutionStarter {
  start(request: ExecutionRequest): Promise<ExecutionStarted>;
}

export class ExecutionStarterError extends AdapterError {
  override readonly name = 'ExecutionStarterError';
  readonly code = 'EXECUTION_START_FAILED';
  readonly transient = false;
  constructor(
    readonly stateMachine: string,
    readonly executionName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`starting execution ${executionName} of ${stateMachine} failed: ${detail}`, options);
  }
}

export class ExecutionStarterUnavailableError extends AdapterError {
  override readonly name = 'ExecutionStarterUnavailableError';
  readonly code = 'EXECUTION_START_UNAVAILABLE';
  readonly transient = true;
  constructor(
    readonly stateMachine: string,
    readonly executionName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `starting execution ${executionName} of ${stateMachine} failed, still unavailable after retries: ${detail}`,
      options,
    );
  }
}

export const EXECUTION_STARTER_TRANSIENT_ERRORS = ['ExecutionStarterUnavailableError'] as const;

/** Step Functions' limit on an execution's input. */
export const MAX_EXECUTION_INPUT_BYTES = 262_144;

/**
 * The execution name of a run. Step Functions keeps names for 90 days, so the same run id always
 * gives the same name and a second start is refused (ExecutionAlreadyExists). Run ids of
 * `[A-Za-z0-9_-]`, at most 80 characters (libs/state's), are names as they are; anything else is
 * hashed into one (`h-` + 64 hex), since names forbid spaces, brackets, wildcards, `/`, `:` and
 * non-ASCII characters and stop at 80.
 */
export function executionNameOf(runId: string): string {
  if (typeof runId !== 'string' || runId === '')
    throw new TypeError('a run id is needed to name an execution');
  if (/^[A-Za-z0-9_-]{1,80}$/.test(runId) && !/^h-[0-9a-f]{64}$/.test(runId)) return runId;
  return `h-${createHash('sha256').update(runId, 'utf8').digest('hex')}`;
}

/** `arn:…:stateMachine:<machine>` → `arn:…:execution:<machine>:<name>` (the ARN an existing execution has). */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn);
  if (!match) throw new TypeError(`not a state machine ARN: ${stateMachineArn}`);
  return `${match[1]}:execution:${match[2]}:${name}`;
}

/** The input as JSON, refused before sending when Step Functions would refuse it. */
export function executionInput(
  stateMachineArn: string,
  name: string,
  input: ExecutionRequest['input'],
): string {
  const text = JSON.stringify(input);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_EXECUTION_INPUT_BYTES) {
    throw new ExecutionStarterError(
      stateMachineArn,
      name,
      `the input has ${bytes} bytes; Step Functions takes ${MAX_EXECUTION_INPUT_BYTES}`,
    );
  }
  return text;
}

/** StartExecution's answer when an execution of that name exists: the run was started before, which is success. */
export const isExecutionAlreadyStarted = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'ExecutionAlreadyExists';

/** What Step Functions threw (after the SDK's retries), as the typed error naming the state machine and execution. */
export function executionStartErrorOf(stateMachineArn: string, name: string, error: unknown): Error {
  if (error instanceof AdapterError) return error;
  const errorName = (error as { name?: unknown } | null)?.name;
  const detail = `${typeof errorName === 'string' ? `${errorName}: ` : ''}${messageOf(error)}`;
  // ExecutionLimitExceeded: too many running executions; once one ends, the start works.
  return isTransientAwsError(error) ||
    errorName === 'ExecutionLimitExceeded' ||
    errorName === 'KmsThrottlingException'
    ? new ExecutionStarterUnavailableError(stateMachineArn, name, detail, { cause: error })
    : new ExecutionStarterError(stateMachineArn, name, detail, { cause: error });
}
