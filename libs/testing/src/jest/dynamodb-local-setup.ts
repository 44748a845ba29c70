// Jest globalSetup: one DynamoDB Local JVM for all test files of a project (a JVM start costs
// 3–6 s of CPU; per file that would dominate the suite on a 2-core runner). Workers inherit the
// endpoint through the environment; dynamoDbLocalBackend picks it up.
import { DYNAMODB_LOCAL_ENDPOINT_ENV } from '../backends';
import { startDynamoDbLocal } from '../dynamodb-local';
import type { RunningServer } from '../running-server';

export const SHARED_SERVER_KEY = '__lakehouseDynamoDbLocal';

export default async function setup(): Promise<void> {
  if (process.env[DYNAMODB_LOCAL_ENDPOINT_ENV]) return; // an outer runner already provides one
  const server: RunningServer = await startDynamoDbLocal();
  process.env[DYNAMODB_LOCAL_ENDPOINT_ENV] = server.endpoint;
  (globalThis as Record<string, unknown>)[SHARED_SERVER_KEY] = server;
}
