import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { datasets, type DatasetRegistry } from '@lakehouse/contracts';
import type { ClaimOutput } from '@lakehouse/orchestration';
import {
  computeRunId,
  createDynamoClient,
  createStateStore,
  ensureTables,
  type StateStore,
} from '@lakehouse/state';
import {
  BUCKET_ZONES,
  BucketLocator,
  LocalFolderObjectStore,
  rawFile,
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
import { claimRun, registerArrival } from '../src/steps';
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

/** The state tables on DynamoDB Local and the zones' buckets on fauxqs of one test: what a step in the cloud works with. */
export async function openCloudPorts(label: string) {
  const db = await openTestState(label);
  const s3 = await openS3Objects(label);
  return {
    state: db.state,
    objects: s3.objects,
    buckets: s3.buckets,
    close: () => Promise.all([db.close(), s3.close()]),
  };
}

interface ArrivalPorts {
  readonly state: StateStore;
  readonly objects: ObjectStore;
}

interface ArrivalOptions {
  /** The bucket the notifications name. @default 'raw' */
  readonly bucket?: string;
  /** Called before each arrival (a manual clock's tick: one arrival after the other). */
  readonly tick?: () => void;
}

/**
 * Puts each file (`raw/<dataset>/<name>` → content) into the raw zone and registers it as its
 * upload's notification would; the file ids in the order given.
 */
export async function arriveFiles(
  ports: ArrivalPorts,
  files: Readonly<Record<string, string>>,
  options: ArrivalOptions = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (const [key, text] of Object.entries(files)) {
    options.tick?.();
    const [, dataset, ...name] = key.split('/');
    const { eTag, versionId } = await ports.objects.put(rawFile(dataset, name.join('/')), text);
    const outcome = await registerArrival(
      { state: ports.state, registry },
      { bucket: options.bucket ?? 'raw', key, eTag, versionId },
    );
    if (outcome.outcome === 'refused') throw new Error(`${key}: ${outcome.reason}`);
    ids.push(outcome.fileId);
  }
  return ids;
}

export interface ClaimedRun {
  readonly runId: string;
  readonly fileIds: string[];
  readonly claim: ClaimOutput;
}

/** Files arrived (`arriveFiles`) and the run over them claimed, as the trigger and the claim state do. */
export async function claimedRun(
  ports: ArrivalPorts,
  files: Readonly<Record<string, string>>,
  options: ArrivalOptions & { readonly pipeline?: string; readonly runStart?: string } = {},
): Promise<ClaimedRun> {
  const fileIds = await arriveFiles(ports, files, options);
  const runId = computeRunId(fileIds);
  const claim = await claimRun(
    { ...ports, registry },
    {
      runId,
      pipeline: options.pipeline ?? 'lakehouse',
      runStart: options.runStart ?? '2024-06-02T00:00:00Z',
      fileIds,
    },
  );
  return { runId, fileIds, claim };
}

export { gluedDatasetReport } from './dataset-report';
