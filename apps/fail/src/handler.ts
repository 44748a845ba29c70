import { once, stateStoreFromEnvironment, taskHandler } from '@lakehouse/lambda';
import { markRunFailed, type MarkRunFailedPorts } from '@lakehouse/pipeline/steps';

/** The fail task (the target of every Catch): the run FAILED with its cause, its files and lease given back. */
export function createHandler(ports: () => MarkRunFailedPorts) {
  return taskHandler('fail', (input) => markRunFailed(ports(), input));
}

export const handler = createHandler(once(() => ({ state: stateStoreFromEnvironment() })));
