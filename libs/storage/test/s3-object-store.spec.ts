import { createServer, type Socket } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { fauxqsForTests, type RunningServer } from '@lakehouse/testing';
import {
  BucketLocator,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  S3ObjectStore,
  archivedFile,
  objectRef,
  rejectedRows,
} from '../src';
import {
  chunked,
  collect,
  describeObjectStoreContract,
  pseudoRandomBytes,
  readAll,
} from './object-store-contract';
import { fauxqsS3Client, s3StoreWithBuckets } from './support';

const MiB = 1024 * 1024;

describeObjectStoreContract('s3 on fauxqs', async () => {
  const server = await fauxqsForTests();
  const client = fauxqsS3Client(server.endpoint);
  const { store } = await s3StoreWithBuckets(client);
  return {
    store,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
});

describe('S3ObjectStore', () => {
  let server: RunningServer;
  let client: S3Client;

  beforeAll(async () => {
    server = await fauxqsForTests();
    client = fauxqsS3Client(server.endpoint);
  }, 60_000);
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('keeps each zone in its own bucket, under the same key', async () => {
    const { store, buckets } = await s3StoreWithBuckets(client);
    await store.put(archivedFile('orders', 'run-1', 'a.csv'), 'archived');
    await store.put(rejectedRows('orders', 'run-1'), '{}\n');
    const read = async (Bucket: string, Key: string) =>
      (await client.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString();
    expect(await read(buckets.bucketOf('archive'), 'orders/run-1/a.csv')).toBe('archived');
    expect(await read(buckets.bucketOf('rejected'), 'orders/run-1.jsonl')).toBe('{}\n');
    expect(store.locationOf(archivedFile('orders', 'run-1', 'a.csv'))).toBe(
      `s3://${buckets.bucketOf('archive')}/orders/run-1/a.csv`,
    );
  });

  it('uploads a large body in parts and copies a large object in parts', async () => {
    const { store } = await s3StoreWithBuckets(client, {
      multipartCopyThresholdBytes: 6 * MiB,
      copyPartSizeBytes: 5 * MiB,
    });
    const data = pseudoRandomBytes(20 * MiB, 7);
    const put = await store.put(objectRef('raw', 'raw/orders/big.csv'), chunked(data));
    expect(put.eTag).toMatch(/^[0-9a-f]{32}-3$/); // 8 MiB parts: 8 + 8 + 4
    const copy = await store.copy(
      objectRef('raw', 'raw/orders/big.csv'),
      archivedFile('orders', 'run-1', 'big.csv'),
    );
    expect(copy.eTag).toMatch(/^[0-9a-f]{32}-4$/); // 5 MiB copy parts
    const { body } = await store.get(archivedFile('orders', 'run-1', 'big.csv'));
    expect((await readAll(body)).equals(data)).toBe(true);
  }, 120_000);

  it('says when a bucket does not exist', async () => {
    const store = new S3ObjectStore({
      client,
      buckets: new BucketLocator({ reports: 'no-such-bucket-here' }),
    });
    const error = await store.put(objectRef('reports', 'r.json'), '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toBe(
      'put s3://no-such-bucket-here/r.json failed: the bucket does not exist',
    );
  });

  it('refuses a listing that is not in byte order instead of passing it on', async () => {
    // fauxqs sorts listings with localeCompare ("a" before "B"), unlike S3's byte order ("B" before
    // "a"); across pages it then skips keys. The store must not hand such a listing on.
    const { store } = await s3StoreWithBuckets(client);
    await store.put(objectRef('reports', 'case/B.json'), '{}');
    await store.put(objectRef('reports', 'case/a.json'), '{}');
    const error = await collect(store.list('reports', 'case/')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toMatch(/listed "case\/B.json" after "case\/a.json", not in byte order/);
  });

  it('times out a server that does not answer, retries, then fails as unavailable naming the object', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slowClient = fauxqsS3Client(`http://127.0.0.1:${port}`, { requestTimeoutMs: 300, maxAttempts: 2 });
    try {
      const store = new S3ObjectStore({
        client: slowClient,
        buckets: new BucketLocator({ reports: 'silent' }),
      });
      const started = Date.now();
      const error = await store.get(objectRef('reports', 'r.json')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
      expect((error as ObjectStoreUnavailableError).transient).toBe(true);
      expect((error as Error).message).toMatch(
        /^get s3:\/\/silent\/r\.json failed, still unavailable after retries: TimeoutError/,
      );
      expect(sockets.length).toBe(2); // maxAttempts
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    } finally {
      slowClient.destroy();
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 30_000);

  it('creates buckets only through infra: the store never creates one', async () => {
    const store = new S3ObjectStore({ client, buckets: new BucketLocator({ reports: 'created-later' }) });
    await expect(store.put(objectRef('reports', 'x.json'), '{}')).rejects.toBeInstanceOf(ObjectStoreError);
    await client.send(new CreateBucketCommand({ Bucket: 'created-later' }));
    await expect(store.put(objectRef('reports', 'x.json'), '{}')).resolves.toMatchObject({
      eTag: expect.any(String),
    });
  });
});
