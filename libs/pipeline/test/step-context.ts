import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { datasets, type DatasetRegistry } from '@lakehouse/contracts';
import { createDynamoClient, createStateStore, ensureTables, type StateStore } from '@lakehouse/state';
import {
  BUCKET_ZONES,
  BucketLocator,
  LocalFolderObjectStore,
  S3ObjectStore,
  s3ClientConfig,
  type ObjectStore,
} from '@lakehouse/storage';
import {
  DYNAMODB_LOCAL_ENDPOINT_ENV,
  FAUXQS_CREDENTIALS,
  FAUXQS_REGION,
  fauxqsForTests,
  uniquePrefix,
  type RunningServer,
} from '@lakehouse/testing';
import { tempDir } from './fixtures';

// Test support shared with the Lambda apps' tests (`@lakehouse/pipeline/testing`).

/** The state tables of one test suite on the shared DynamoDB Local, under a unique prefix. */
export async function openTestState(label: string, clock?: () => number) {
  const endpoint = process.env[DYNAMODB_LOCAL_ENDPOINT_ENV];
  if (!endpoint)
    throw new Error(`${DYNAMODB_LOCAL_ENDPOINT_ENV} is not set: run with the local-servers global setup`);
  const client = createDynamoClient({ endpoint });
  const prefix = uniquePrefix(label);
  const state: StateStore = createStateStore({ client, tables: prefix, clock });
  await ensureTables(client, state.tables);
  return { state, client, prefix, close: async () => client.destroy() };
}

/** A local home's object store (one folder per zone). */
export async function openLocalObjects(label: string): Promise<{ objects: ObjectStore; home: string }> {
  const home = await tempDir(label);
  return { objects: new LocalFolderObjectStore({ home }), home };
}

/** An S3 object store on fauxqs with a fresh bucket per zone. */
export async function openS3Objects(label: string) {
  const server: RunningServer = await fauxqsForTests();
  const client = new S3Client(
    s3ClientConfig({
      endpoint: server.endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
      forcePathStyle: true,
    }),
  );
  const prefix = uniquePrefix(label)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-');
  const buckets = Object.fromEntries(
    BUCKET_ZONES.map((zone) => [zone, `${prefix}${zone.toLowerCase()}`.slice(0, 63)]),
  );
  for (const bucket of Object.values(buckets)) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const objects = new S3ObjectStore({ client, buckets: new BucketLocator(buckets) });
  return {
    objects,
    client,
    buckets,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

export const registry: DatasetRegistry = datasets;

export { gluedDatasetReport } from './dataset-report';
