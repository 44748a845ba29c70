import { errorFields, messageOf, RUN_STATUS, STEP, type Logger, type LogFields } from '@lakehouse/contracts';
import type { StateStore } from '@lakehouse/state';

/**
 * Marks the run FAILED and gives its files back. Each clean-up is attempted whatever happened to
 * the others; a clean-up that fails is logged with its context and, when the run record can still
 * take it, kept in the record's error (`cleanup`), so the record says what was left undone.
 */
export async function failRun(
  store: StateStore,
  run: { readonly pipeline: string; readonly runId: string; readonly fileIds: readonly string[] },
  error: unknown,
  logger: Logger,
): Promise<void> {
  const { pipeline, runId, fileIds } = run;
  const log = logger.child({ runId, pipeline });
  const { message } = errorFields(error);
  const cleanup: string[] = [];
  const attempt = async (what: string, fields: LogFields, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (failure) {
      cleanup.push(`${what}: ${messageOf(failure)}`);
      log.error(`could not ${what} while failing the run`, {
        step: STEP.fail,
        ...fields,
        error: errorFields(failure),
        runError: message,
      });
    }
  };
  await attempt('release the files', { files: fileIds }, () => store.files.release(fileIds, runId));
  await attempt('record the failure', {}, () =>
    store.runs.finish(runId, {
      status: RUN_STATUS.FAILED,
      error: { name: (error as Error)?.name, message, ...(cleanup.length > 0 ? { cleanup } : {}) },
    }),
  );
  await attempt('count the failure in the circuit breaker', {}, () =>
    store.breaker.recordFailure(pipeline, runId, message),
  );
}
