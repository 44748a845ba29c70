import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { datasets } from '@lakehouse/contracts';
import {
  metrics,
  objectStoreFromEnvironment,
  once,
  stateStoreFromEnvironment,
  taskHandler,
} from '@lakehouse/lambda';
import { validateRunFile, type ValidateFilePorts } from '@lakehouse/pipeline/steps';

/** The validate task (one item of the state machine's Map): the file-level verdict of one file. */
export function createHandler(ports: () => ValidateFilePorts) {
  return taskHandler('validate', async (input) => {
    const { verdict, report } = await validateRunFile(ports(), input);
    metrics.addMetric('FilesValidated', MetricUnit.Count, 1);
    metrics.addMetric('RowsIn', MetricUnit.Count, report.rowsIn);
    return verdict;
  });
}

export const handler = createHandler(
  once(() => ({
    objects: objectStoreFromEnvironment(['raw']),
    state: stateStoreFromEnvironment(),
    registry: datasets,
  })),
);
