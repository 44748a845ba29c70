import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaSqlQuery, awsClientConfig } from '@lakehouse/aws';
import {
  FUNCTION_ENVIRONMENT,
  objectStoreFromEnvironment,
  once,
  requireEnvironment,
  taskHandler,
  tracer,
} from '@lakehouse/lambda';
import { verifyTables, type VerifyPorts } from '@lakehouse/pipeline/steps';

/**
 * The verify task: each table the run gave a new version is readable, and not empty unless the
 * run's dataset reports say the run published no row to it.
 */
export function createHandler(ports: () => VerifyPorts) {
  return taskHandler('verify', (input) => verifyTables(ports(), input));
}

export const handler = createHandler(
  once(() => ({
    sql: new AthenaSqlQuery({
      client: tracer.captureAWSv3Client(new AthenaClient(awsClientConfig())),
      workGroup: requireEnvironment(FUNCTION_ENVIRONMENT.athenaWorkGroup),
    }),
    database: requireEnvironment(FUNCTION_ENVIRONMENT.database),
    objects: objectStoreFromEnvironment(['reports']),
  })),
);
