// Throughput of the two ObjectStore adapters: a large streamed put and get, a head (the local
// adapter hashes the content), and listing many keys. Run: `npx nx run storage:bench`.
// fauxqs keeps objects in memory in another process on this machine: its figures measure the
// adapter and the SDK (multipart, aws-chunked encoding, checksums), not S3.
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, startFauxqs } from '@lakehouse/testing';
import {
  BUCKET_ZONES,
  BucketLocator,
  bucketNames,
  LocalFolderObjectStore,
  objectRef,
  S3ObjectStore,
  s3ClientConfig,
  type ObjectStore,
} from '../src';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_OBJECT_MIB ?? 128) * MiB;
const KEYS = Number(process.env.BENCH_KEYS ?? 5_000);

function stream(size: number): Readable {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 1), Buffer.alloc(16));
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < size; sent += MiB)
        yield cipher.update(Buffer.alloc(Math.min(MiB, size - sent)));
    })(),
  );
}

async function timed<T>(
  label: string,
  run: () => Promise<T>,
  unit?: { amount: number; name: string },
): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = unit ? `  ${(unit.amount / seconds).toFixed(0)} ${unit.name}/s` : '';
  console.log(`  ${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s${rate}`);
  return result;
}

async function bench(name: string, store: ObjectStore): Promise<void> {
  console.log(name);
  const big = objectRef('reports', 'bench/large.bin');
  const mib = { amount: SIZE / MiB, name: 'MiB' };
  await timed(`put ${SIZE / MiB} MiB (stream)`, () => store.put(big, stream(SIZE)), mib);
  await timed(
    `get ${SIZE / MiB} MiB (stream, read all)`,
    async () => {
      const { body } = await store.get(big);
      const hash = createHash('sha256');
      for await (const chunk of body) hash.update(chunk as Buffer);
    },
    mib,
  );
  await timed(`head ${SIZE / MiB} MiB`, () => store.head(big), mib);
  const keys = Array.from({ length: KEYS }, (_, i) =>
    objectRef('reports', `bench/many/k${String(i).padStart(6, '0')}`),
  );
  await timed(
    `put ${KEYS} small objects (16 at once)`,
    async () => {
      for (let i = 0; i < keys.length; i += 16)
        await Promise.all(keys.slice(i, i + 16).map((k) => store.put(k, k.key)));
    },
    { amount: KEYS, name: 'objects' },
  );
  await timed(
    `list ${KEYS} keys`,
    async () => {
      let n = 0;
      for await (const _ of store.list('reports', 'bench/many/')) n++;
      if (n !== KEYS) throw new Error(`listed ${n} of ${KEYS}`);
    },
    { amount: KEYS, name: 'keys' },
  );
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'storage-bench-'));
  const server = await startFauxqs();
  const client = new S3Client(
    s3ClientConfig({
      endpoint: server.endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
      forcePathStyle: true,
    }),
  );
  try {
    await bench(`LocalFolderObjectStore (${home})`, new LocalFolderObjectStore({ home }));
    const names = bucketNames('bench');
    for (const zone of BUCKET_ZONES) await client.send(new CreateBucketCommand({ Bucket: names[zone] }));
    await bench('S3ObjectStore on fauxqs', new S3ObjectStore({ client, buckets: new BucketLocator(names) }));
  } finally {
    client.destroy();
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

void main();
