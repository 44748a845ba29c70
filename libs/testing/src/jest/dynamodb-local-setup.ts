// Jest globalSetup: one DynamoDB Local JVM for all test files of a project (a JVM start costs
// 3–6 s of CPU; per file that would dominate the suite on a 2-core runner). Workers inherit the
// endpoint through the environment; dynamoDbLocalBackend picks it up.
import { DYNAMODB_LOCAL_ENDPOINT_ENV } from '../backends';
import { startDynamoDbLocal } from '../dynamodb-local';
import { startSharedServer } from './shared-server';

export default function setup(): Promise<void> {
  return startSharedServer(DYNAMODB_LOCAL_ENDPOINT_ENV, () => startDynamoDbLocal());
}
