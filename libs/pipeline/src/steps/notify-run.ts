import { RUN_STATUS } from '@lakehouse/contracts';
import type { Notifier } from '@lakehouse/aws';
import type { NotifyInput, NotifyOutput } from '@lakehouse/orchestration';
import { ObjectNotFoundError, runSummary, type ObjectStore } from '@lakehouse/storage';
import { describeStatesError } from './mark-run-failed';
import { readJson } from './run-documents';

export interface NotifyRunPorts {
  readonly notifier: Notifier;
  /** Where the run summary is, to announce its figures. */
  readonly objects: ObjectStore;
}

interface SummaryFigures {
  readonly datasets?: Readonly<Record<string, { rowsIn: number; accepted: number; rejected: number }>>;
  readonly warnings?: readonly string[];
}

/**
 * Announces a run's outcome: its status, the per-dataset row counts and warnings of the run summary
 * when the run got that far, and the cause when it failed. The same message goes to SNS in the
 * cloud and to the notifications folder locally.
 */
export async function notifyRun(ports: NotifyRunPorts, input: NotifyInput): Promise<NotifyOutput> {
  const { runId, pipeline, status } = input;
  const summaryRef = runSummary(runId);
  const summary = (await readJson(ports.objects, summaryRef).catch((error: unknown) => {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  })) as SummaryFigures | undefined;
  const error = input.error ? describeStatesError(input.error) : undefined;
  const body = {
    runId,
    pipeline,
    status,
    ...(summary
      ? {
          summary: ports.objects.locationOf(summaryRef),
          datasets: Object.fromEntries(
            Object.entries(summary.datasets ?? {}).map(([name, d]) => [
              name,
              { rowsIn: d.rowsIn, accepted: d.accepted, rejected: d.rejected },
            ]),
          ),
          warnings: summary.warnings ?? [],
        }
      : {}),
    ...(error ? { error } : {}),
  };
  const subject =
    status === RUN_STATUS.FAILED && error
      ? `lakehouse run ${runId} FAILED: ${error.name}`
      : `lakehouse run ${runId} ${status}`;
  return ports.notifier.publish({ runId, status, subject, body });
}
