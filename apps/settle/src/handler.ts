import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  metrics,
  objectStoreFromEnvironment,
  once,
  stateStoreFromEnvironment,
  taskHandler,
} from '@lakehouse/lambda';
import { settleRun, type SettleRunPorts } from '@lakehouse/pipeline/steps';

/** The settle task: each file's outcome from the dataset reports, then the move to the archive. */
export function createHandler(ports: () => SettleRunPorts) {
  return taskHandler('settle', async (input) => {
    const settled = await settleRun(ports(), input);
    for (const [outcome, files] of Object.entries(settled.files)) {
      metrics.addMetric(`Files${outcome[0].toUpperCase()}${outcome.slice(1)}`, MetricUnit.Count, files);
    }
    return settled;
  });
}

export const handler = createHandler(
  once(() => ({
    objects: objectStoreFromEnvironment(['raw', 'archive', 'reports']),
    state: stateStoreFromEnvironment(),
  })),
);
