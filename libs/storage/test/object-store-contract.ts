// The behaviour every ObjectStore adapter shares, declared once and run against each adapter
// (S3 on fauxqs, the local folder). Each test works under its own key prefix.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  InvalidObjectKeyError,
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectVersionMismatchError,
  objectRef,
  rawFile,
  type ObjectRef,
  type ObjectStore,
  type Zone,
} from '../src';

export interface OpenedStore {
  readonly store: ObjectStore;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const byteOrder = (keys: readonly string[]) =>
  [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

/** Deterministic pseudo-random bytes (an AES-CTR key stream), so a failure can be reproduced. */
export function pseudoRandomBytes(size: number, seed = 42): Buffer {
  const key = createHash('sha256').update(String(seed)).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** Streams `data` in chunks, as a file read or a network body would arrive. */
export const chunked = (data: Buffer, chunkSize = MiB) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    })(),
  );

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Keys that are data, not patterns or escapes: each must name exactly its own object. */
export const SPECIAL_KEYS = [
  'with space.csv',
  ' leading and trailing space .csv',
  'ünïcödé/日本語のファイル.csv',
  'nfc-\u00e9.csv',
  'nfd-e\u0301.csv',
  'what?.csv',
  'star*.csv',
  '[ab].csv',
  '[!x]-negated.csv',
  '{a,b}.csv',
  "it's.csv",
  'say "hi".csv',
  '100%.csv',
  '%20-not-a-space.csv',
  'a+b=c&d#e;f.csv',
  'back\\slash.csv',
  'tilde~caret^pipe|.csv',
  'emoji-😀.csv',
  'dots...csv',
  '.hidden.csv',
  '(parens) and <angles>.csv',
];

export const INVALID_KEYS: readonly (readonly [string, RegExp])[] = [
  ['', /empty/],
  ['/absolute.csv', /starts with "\/"/],
  ['a//b.csv', /empty path segment/],
  ['a/', /empty path segment/],
  ['a/../b.csv', /"\.\." path segment/],
  ['./a.csv', /"\." path segment/],
  ['nul\u0000.csv', /NUL/],
  ['line\nbreak.csv', /control character/],
  ['lone-\ud800.csv', /surrogate/],
  ['x'.repeat(1025), /1024 UTF-8 bytes/],
];

export function describeObjectStoreContract(adapter: string, open: () => Promise<OpenedStore>): void {
  describe(`ObjectStore contract [${adapter}]`, () => {
    let opened: OpenedStore;
    let store: ObjectStore;
    const ref = (key: string, zone: Zone = 'reports'): ObjectRef => objectRef(zone, key);
    const text = async (r: ObjectRef) => (await readAll((await store.get(r)).body)).toString('utf8');

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, 60_000);
    afterAll(() => opened?.close());

    it('puts a string, a Buffer and a stream, and gets each back byte for byte', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
      await store.put(ref('roundtrip/string.txt'), 'héllo\n');
      await store.put(ref('roundtrip/buffer.bin'), bytes);
      await store.put(ref('roundtrip/stream.bin'), chunked(Buffer.concat([bytes, bytes]), 3));
      expect(await text(ref('roundtrip/string.txt'))).toBe('héllo\n');
      expect(await readAll((await store.get(ref('roundtrip/buffer.bin'))).body)).toEqual(bytes);
      expect(await readAll((await store.get(ref('roundtrip/stream.bin'))).body)).toEqual(
        Buffer.concat([bytes, bytes]),
      );
    });

    it('reports the same size and eTag from put, head and get', async () => {
      const started = Date.now();
      const r = ref('info/object.txt');
      const put = await store.put(r, 'twelve bytes');
      const head = await store.head(r);
      const got = await store.get(r);
      got.body.destroy();
      expect(put.eTag).toMatch(/^[0-9a-f]{32,64}(-\d+)?$/);
      expect(head).toMatchObject({ zone: 'reports', key: 'info/object.txt', size: 12, eTag: put.eTag });
      expect(got.info).toEqual(head);
      expect(Math.abs(head.lastModified.getTime() - started)).toBeLessThan(60_000);
      expect(await store.exists(r)).toBe(true);
    });

    it('says which object is missing, for get, head and copy', async () => {
      const missing = ref('missing/nothing.txt');
      for (const attempt of [
        () => store.get(missing),
        () => store.head(missing),
        () => store.copy(missing, ref('missing/copy.txt')),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectNotFoundError);
        expect((error as Error).name).toBe('ObjectNotFoundError');
        expect((error as Error).message).toContain(store.locationOf(missing));
      }
      expect(await store.exists(missing)).toBe(false);
      expect(await store.exists(ref('missing/copy.txt'))).toBe(false);
    });

    it('replaces an object whole: a read that started before the overwrite keeps the old content', async () => {
      const r = ref('overwrite/object.txt');
      const first = await store.put(r, 'first version');
      const reading = await store.get(r);
      const second = await store.put(r, 'second, longer version');
      expect((await readAll(reading.body)).toString()).toBe('first version');
      expect(await text(r)).toBe('second, longer version');
      expect(second.eTag).not.toBe(first.eTag);
    });

    it('pins reads, copies and deletes to one object: another content under the key is a typed error', async () => {
      const r = ref('pins/object.txt');
      const old = await store.put(r, 'the file the run was started for');
      const current = await store.put(r, 'a later upload under the same key');

      const pinned = await store.get(r, { pin: { eTag: current.eTag } });
      expect((await readAll(pinned.body)).toString()).toBe('a later upload under the same key');
      expect((await store.head(r, { pin: { eTag: `"${current.eTag}"` } })).eTag).toBe(current.eTag);

      const stale = { eTag: old.eTag };
      for (const attempt of [
        () => store.get(r, { pin: stale }),
        () => store.head(r, { pin: stale }),
        () => store.copy(r, ref('pins/copy.txt'), { pin: stale }),
        () => store.delete(r, { pin: stale }),
        // The stores under test keep no versions: no version can match.
        () => store.get(r, { pin: { versionId: 'v-not-held' } }),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectVersionMismatchError);
        expect((error as Error).name).toBe('ObjectVersionMismatchError');
        expect((error as Error).message).toContain(store.locationOf(r));
      }
      expect(await store.exists(ref('pins/copy.txt'))).toBe(false);
      expect(await text(r)).toBe('a later upload under the same key');
    });

    it('copies within and across zones, pinned or not', async () => {
      const source = ref('copy/source.csv');
      const put = await store.put(source, 'id\n1\n');
      const sameZone = await store.copy(source, ref('copy/target.csv'), { pin: { eTag: put.eTag } });
      const otherZone = await store.copy(source, objectRef('archive', 'copy/orders/run-1/source.csv'));
      expect(await text(ref('copy/target.csv'))).toBe('id\n1\n');
      expect(await text(objectRef('archive', 'copy/orders/run-1/source.csv'))).toBe('id\n1\n');
      expect(sameZone.eTag).toBe(put.eTag);
      expect((await store.head(objectRef('archive', 'copy/orders/run-1/source.csv'))).eTag).toBe(
        otherZone.eTag,
      );
      expect(await text(source)).toBe('id\n1\n');
    });

    it('deletes idempotently; a pinned delete of the same object deletes it', async () => {
      const r = ref('delete/object.txt');
      const put = await store.put(r, 'x');
      await store.delete(r, { pin: { eTag: put.eTag } });
      expect(await store.exists(r)).toBe(false);
      await store.delete(r);
      await store.delete(r, { pin: { eTag: put.eTag } });
      await store.put(r, 'y');
      await store.delete(r);
      expect(await store.exists(r)).toBe(false);
    });

    it('lists more than one page of keys, in byte order, by prefix', async () => {
      const keys = Array.from({ length: 1_050 }, (_, i) => `many/k${String(i).padStart(4, '0')}.csv`);
      const shuffled = [...keys].sort(() => Math.random() - 0.5);
      for (let i = 0; i < shuffled.length; i += 50) {
        await Promise.all(shuffled.slice(i, i + 50).map((key) => store.put(ref(key), key)));
      }
      await store.put(ref('many-sibling.csv'), 'not below many/');
      const listed = await collect(store.list('reports', 'many/'));
      expect(listed.map((o) => o.key)).toEqual(keys);
      expect(listed[7]).toMatchObject({ key: 'many/k0007.csv', size: 'many/k0007.csv'.length });
      expect(Math.abs(listed[7].lastModified.getTime() - Date.now())).toBeLessThan(600_000);
      // A prefix ending inside a segment, and small pages.
      const partial = await collect(store.list('reports', 'many/k10', { pageSize: 7 }));
      expect(partial.map((o) => o.key)).toEqual(keys.filter((k) => k.startsWith('many/k10')));
      expect(await collect(store.list('reports', 'nothing-here/'))).toEqual([]);
    }, 120_000);

    it('keeps every special character of a key as data', async () => {
      for (const name of SPECIAL_KEYS) {
        const r = ref(`special/${name}`);
        const copy = objectRef('archive', `special/${name}`);
        await store.put(r, name);
        await store.copy(r, copy);
      }
      for (const name of SPECIAL_KEYS) {
        const r = ref(`special/${name}`);
        expect(await text(r)).toBe(name);
        expect(await text(objectRef('archive', `special/${name}`))).toBe(name);
        expect((await store.head(r)).size).toBe(Buffer.byteLength(name));
        // Listed under itself only (listing them all together would test fauxqs's ordering, see the S3 spec).
        expect((await collect(store.list('reports', r.key))).map((o) => o.key)).toEqual([r.key]);
      }
      for (const name of SPECIAL_KEYS) await store.delete(ref(`special/${name}`));
      for (const name of SPECIAL_KEYS) {
        expect(await store.exists(ref(`special/${name}`))).toBe(false);
        expect(await store.exists(objectRef('archive', `special/${name}`))).toBe(true);
      }
    });

    it('refuses an invalid key with InvalidObjectKeyError naming it, before any I/O', async () => {
      const good = ref('valid/key.txt');
      for (const [key, reason] of INVALID_KEYS) {
        const bad = { zone: 'reports', key } as ObjectRef;
        for (const attempt of [
          () => store.get(bad),
          () => store.head(bad),
          () => store.exists(bad),
          () => store.put(bad, 'x'),
          () => store.copy(good, bad),
          () => store.copy(bad, good),
          () => store.delete(bad),
        ]) {
          const error = await attempt().catch((e: unknown) => e);
          expect(error).toBeInstanceOf(InvalidObjectKeyError);
          expect((error as Error).name).toBe('InvalidObjectKeyError');
          expect((error as Error).message).toContain(JSON.stringify(key).slice(0, 40));
          expect((error as Error).message).toMatch(reason);
        }
      }
      for (const prefix of ['a//', '../', '/abs']) {
        await expect(collect(store.list('reports', prefix))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
      expect(await store.exists(good)).toBe(false);
    });

    it('keeps raw keys under raw/: the same key in the bucket and in the home', async () => {
      const file = rawFile('orders', '2024/06/01/o-1.csv');
      expect(file.key).toBe('raw/orders/2024/06/01/o-1.csv');
      await store.put(file, 'order_id\n1\n');
      expect((await collect(store.list('raw', 'raw/orders/'))).map((o) => o.key)).toEqual([file.key]);
      expect((await collect(store.list('raw'))).map((o) => o.key)).toEqual([file.key]);
      expect(await collect(store.list('raw', 'elsewhere/'))).toEqual([]);
      const outside = await store.put({ zone: 'raw', key: 'orders/o-1.csv' }, 'x').catch((e: unknown) => e);
      expect(outside).toBeInstanceOf(InvalidObjectKeyError);
      expect((outside as Error).message).toMatch(/keys of the raw zone start with "raw\/"/);
    });

    it('round-trips a large streamed upload and a streamed get byte for byte', async () => {
      const data = pseudoRandomBytes(32 * MiB);
      const r = ref('large/thirty-two-mib.bin');
      await store.put(r, chunked(data));
      expect((await store.head(r)).size).toBe(data.length);
      const { body } = await store.get(r);
      const hash = createHash('sha256');
      let length = 0;
      for await (const chunk of body) {
        hash.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
      expect(length).toBe(data.length);
      expect(hash.digest('hex')).toBe(sha256(data));
    }, 120_000);

    it('writes nothing when the body fails mid-stream', async () => {
      const r = ref('broken/upload.bin');
      const broken = Readable.from(
        (function* () {
          yield randomBytes(MiB);
          throw new Error('the source broke');
        })(),
      );
      const error = await store.put(r, broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectStoreError);
      expect((error as Error).message).toContain(store.locationOf(r));
      expect((error as Error).message).toContain('the source broke');
      expect(await store.exists(r)).toBe(false);
      expect(await collect(store.list('reports', 'broken/'))).toEqual([]);
    });
  });
}
