import { messageOf, RUN_STATUS } from '@lakehouse/contracts';
import type { FailInput, FailOutput, StatesError } from '@lakehouse/orchestration';
import { CircuitOpenError, LeaseHeldError, type StateStore } from '@lakehouse/state';
import { attemptOf } from './claim-run';

export interface MarkRunFailedPorts {
  readonly state: StateStore;
}

/**
 * Errors after which the run never got going (claim found the circuit open or another run
 * holding the lease): the run is recorded FAILED, so that the next attempt over the same files
 * gets a new run id (execution names cannot be reused), but it is not a failure of the pipeline
 * for the circuit breaker.
 */
const NOT_STARTED = new Set<string>([CircuitOpenError.name, LeaseHeldError.name]);

/** The error of a Catch as a name and a message: a Lambda's Cause is JSON with its errorType and errorMessage. */
export function describeStatesError(error: StatesError): { name: string; message: string } {
  const cause = error.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      return {
        name: typeof parsed.errorType === 'string' ? parsed.errorType : error.Error,
        message: parsed.errorMessage,
      };
    }
  } catch {
    // Not JSON: a Fail state's or an SDK integration's cause is the message itself.
  }
  return { name: error.Error, message: cause || error.Error };
}

/** A thrown error in the shape a Catch gives the failure path, for a run outside Step Functions (the local run). */
export function statesErrorOf(error: unknown): StatesError {
  const name = error instanceof Error ? error.name : 'Error';
  return { Error: name, Cause: messageOf(error) };
}

/**
 * Marks a run FAILED with its cause, whatever state it got to: the run record is created if the
 * claim never wrote it, finished FAILED if it is RUNNING (an ended run keeps its status), the
 * files it claimed and did not settle become pending again, the breaker counts the failure, and
 * the lease is released if the run holds it. Every part is idempotent, so a retry is harmless.
 */
export async function markRunFailed(ports: MarkRunFailedPorts, input: FailInput): Promise<FailOutput> {
  const { state } = ports;
  const { runId, pipeline } = input;
  const error = describeStatesError(input.error);

  let run = await state.runs.get(runId);
  if (!run) {
    const records = await state.files.lookup(input.fileIds);
    ({ run } = await state.runs.start({
      pipeline,
      runId,
      attempt: attemptOf(runId),
      files: [...records.values()].map(({ fileId, dataset, bucket, key }) => ({
        fileId,
        dataset,
        bucket,
        key,
      })),
    }));
  }
  let runMarkedFailed = false;
  if (run.status === RUN_STATUS.RUNNING) {
    await state.runs.finish(runId, { status: RUN_STATUS.FAILED, error });
    runMarkedFailed = true;
    if (!NOT_STARTED.has(error.name)) await state.breaker.recordFailure(pipeline, runId, error.message);
  }
  const released = await state.files.release(input.fileIds, runId);
  const lease = await state.leases.current(pipeline);
  const leaseReleased = lease?.holder === runId;
  if (leaseReleased) await state.leases.release(lease);
  return { runMarkedFailed, releasedFiles: released.length, leaseReleased };
}
