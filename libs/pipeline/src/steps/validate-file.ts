import { FILE_OUTCOME, FILE_STATUS, type DatasetRegistry } from '@lakehouse/contracts';
import type { FileVerdict, ValidateInput } from '@lakehouse/orchestration';
import type { StateStore } from '@lakehouse/state';
import type { ObjectStore } from '@lakehouse/storage';
import { validateStream, type FileReport } from '@lakehouse/validation';
import { pinOf, rawObjectOf } from './run-files';

export interface ValidateFilePorts {
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
}

export interface ValidatedFile {
  /** What the state machine keeps (small: a Map's results share the execution's 256 KB). */
  readonly verdict: FileVerdict;
  /** The whole file report: counts per reject code, schema drift, the error naming the file. */
  readonly report: FileReport;
}

/**
 * The file-level checks of one file of the run, in one streaming pass with constant memory: the
 * object the run was started for (pinned to its versionId or eTag) is read through libs/validation.
 * A file the load will take whole moves to VALIDATED. A file found EMPTY, REJECTED (malformed or a
 * required column missing) or QUARANTINED keeps its status: the load still reads it, so that its
 * rows count in the dataset's metrics over rows in and its rejected rows are written once, by the
 * engine; `settle` then records the outcome the engine reports. Nothing is written here.
 */
export async function validateRunFile(
  ports: ValidateFilePorts,
  input: ValidateInput,
): Promise<ValidatedFile> {
  const { file, runId } = input;
  const contract = ports.registry.get(file.dataset);
  const { body } = await ports.objects.get(rawObjectOf(file), { pin: pinOf(file) });
  let report: FileReport;
  try {
    const verdicts = validateStream(body, contract, { key: file.key, runStart: new Date(input.runStart) });
    let next = await verdicts.next();
    while (!next.done) next = await verdicts.next();
    report = next.value;
  } finally {
    body.destroy();
  }
  const verdict = verdictOf(file.fileId, report);
  if (verdict.status === FILE_STATUS.VALIDATED) {
    await ports.state.files.transition(file.fileId, FILE_STATUS.VALIDATED, {
      runId,
      counts: { rowsIn: report.rowsIn, accepted: report.accepted, rejected: report.rejected },
    });
  }
  return { verdict, report };
}

function verdictOf(fileId: string, report: FileReport): FileVerdict {
  return {
    fileId,
    dataset: report.dataset,
    status: report.status === FILE_OUTCOME.PROCESSED ? FILE_STATUS.VALIDATED : report.status,
    rowsIn: report.rowsIn,
    rejectedRows: report.rejected,
    ...(report.error ? { code: report.error.code } : {}),
  };
}
