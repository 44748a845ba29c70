import { S3Client } from '@aws-sdk/client-s3';
import { createDynamoClient, createStateStore, type StateStore } from '@lakehouse/state';
import {
  BucketLocator,
  S3ObjectStore,
  s3ClientConfig,
  type ObjectStore,
  type Zone,
} from '@lakehouse/storage';
import { FUNCTION_ENVIRONMENT, requireEnvironment } from './environment';
import { tracer } from './powertools';

/** The object store of a function over the buckets of the zones it uses (traced S3 client). */
export function objectStoreFromEnvironment(zones: readonly Zone[], env = process.env): ObjectStore {
  return new S3ObjectStore({
    client: tracer.captureAWSv3Client(new S3Client(s3ClientConfig())),
    buckets: BucketLocator.fromEnvironment(zones, env),
  });
}

/** The pipeline state on DynamoDB (traced client, timeouts and retries from libs/state). */
export function stateStoreFromEnvironment(env = process.env): StateStore {
  return createStateStore({
    client: tracer.captureAWSv3Client(createDynamoClient()),
    tables: requireEnvironment(FUNCTION_ENVIRONMENT.stateTablePrefix, env),
  });
}
