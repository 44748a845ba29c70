import {
  CODE_SEPARATOR,
  DATASET_JOB_OUTCOMES,
  FILE_OUTCOMES,
  FILE_READ_STATUSES,
  FILE_REJECT_CODES,
  QUALITY_METRICS,
  REJECT_CODES,
  ROW_REJECT_CODES,
  RUN_OUTCOMES,
} from '@lakehouse/contracts';
import { reasonCountColumn } from '@lakehouse/engine';

/**
 * The vocabularies the Glue runner needs, as one JSON document (read by
 * apps/glue-jobs/src/lakehouse_runner/vocabulary.py): the contracts' vocabularies plus the
 * engine's name of the counts column of each code.
 */
export function pythonVocabulary() {
  return {
    $comment:
      'Generated from libs/contracts/src/vocabulary.ts by tools/parity (npx nx run parity:generate). Do not edit.',
    rejectCodes: REJECT_CODES,
    rowRejectCodes: ROW_REJECT_CODES.map((code) => ({ code, countColumn: reasonCountColumn(code) })),
    fileRejectCodes: FILE_REJECT_CODES,
    fileReadStatuses: FILE_READ_STATUSES,
    fileOutcomes: FILE_OUTCOMES,
    runOutcomes: RUN_OUTCOMES,
    datasetJobOutcomes: DATASET_JOB_OUTCOMES,
    qualityMetrics: QUALITY_METRICS,
    codeSeparator: CODE_SEPARATOR,
  };
}
