import { RUN_STATUS, type DatasetRegistry } from '@lakehouse/contracts';
import { CircuitOpenError, computeRunId, type StateStore } from '@lakehouse/state';

export interface DecideRunStartPorts {
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  /** What the trigger reads as now: the run start of the run it starts. @default Date.now */
  readonly clock?: () => number;
}

export interface DecideRunStartInput {
  readonly pipeline: string;
  /** The datasets that must each have a pending file before a run starts. @default every dataset */
  readonly requiredDatasets?: readonly string[];
  /**
   * At most this many files per run, the oldest first: a run's state (file ids, claims, verdicts)
   * must fit Step Functions' 256 KB. @default MAX_FILES_PER_RUN
   */
  readonly maxFiles?: number;
}

/** Files per run by default: what keeps a run's execution state well under 256 KB. */
export const MAX_FILES_PER_RUN = 500;

export type RunStartDecision =
  | {
      readonly start: true;
      readonly runId: string;
      readonly fileIds: readonly string[];
      readonly runStart: string;
    }
  | { readonly start: false; readonly reason: string };

/**
 * Whether a run can start now, and which: every required dataset has pending files, the circuit
 * breaker would admit the run and no run holds the pipeline lease. The run id is derived from its
 * files, so concurrent triggers seeing the same pending files name the same run (and Step
 * Functions starts it once); after an ended attempt over the same files, the next attempt number.
 * Reads only: the claim step takes the admission and the lease.
 */
export async function decideRunStart(
  ports: DecideRunStartPorts,
  input: DecideRunStartInput,
): Promise<RunStartDecision> {
  const { state, registry } = ports;
  const required = input.requiredDatasets ?? registry.names;
  for (const dataset of required) registry.get(dataset);
  const pending = (
    await Promise.all(registry.names.map((dataset) => state.files.listPending(dataset)))
  ).flat();
  const waiting = required.filter((dataset) => !pending.some((file) => file.dataset === dataset));
  if (waiting.length > 0) return { start: false, reason: `no pending file of ${waiting.join(', ')}` };

  const lease = await state.leases.current(input.pipeline);
  if (lease) return { start: false, reason: `run ${lease.holder} holds the lease` };

  const fileIds = pending
    .sort((a, b) => a.receivedAt - b.receivedAt || (a.fileId < b.fileId ? -1 : 1))
    .slice(0, input.maxFiles ?? MAX_FILES_PER_RUN)
    .map((file) => file.fileId);
  const runId = await nextRunId(state, fileIds);
  try {
    await state.breaker.check(input.pipeline, runId);
  } catch (error) {
    if (error instanceof CircuitOpenError) return { start: false, reason: error.message };
    throw error;
  }
  const now = (ports.clock ?? Date.now)();
  return { start: true, runId, fileIds, runStart: new Date(now).toISOString() };
}

/**
 * The run id of these files: the first attempt with no run record or a RUNNING one (already
 * started: starting it again is a no-op); an ended attempt needs a new id, because execution names
 * are kept for 90 days.
 */
export async function nextRunId(state: StateStore, fileIds: readonly string[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const runId = computeRunId(fileIds, { attempt });
    const previous = await state.runs.get(runId);
    if (!previous || previous.status === RUN_STATUS.RUNNING) return runId;
  }
}
