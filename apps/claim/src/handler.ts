import { datasets } from '@lakehouse/contracts';
import {
  FUNCTION_ENVIRONMENT,
  objectStoreFromEnvironment,
  once,
  stateStoreFromEnvironment,
  taskHandler,
} from '@lakehouse/lambda';
import { claimRun, type ClaimRunPorts } from '@lakehouse/pipeline/steps';

/** The claim task: the run record, the breaker's admission, the lease, the file claims and the manifest. */
export function createHandler(ports: () => ClaimRunPorts) {
  return taskHandler('claim', (input) => claimRun(ports(), input));
}

export const handler = createHandler(
  once(() => {
    const ttlSeconds = process.env[FUNCTION_ENVIRONMENT.leaseTtlSeconds];
    return {
      objects: objectStoreFromEnvironment(['reports']),
      state: stateStoreFromEnvironment(),
      registry: datasets,
      leaseTtlMs: ttlSeconds ? Number(ttlSeconds) * 1000 : undefined,
    };
  }),
);
