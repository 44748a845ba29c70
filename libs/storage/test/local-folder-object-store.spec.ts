import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import {
  InvalidObjectKeyError,
  LocalFolderObjectStore,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  archivedFile,
  objectRef,
  qualityReport,
  rawFile,
  rejectedRows,
  runManifest,
  runSummary,
} from '../src';
import { byteOrder, collect, describeObjectStoreContract, readAll } from './object-store-contract';

const homes: string[] = [];
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'storage-home-'));
  homes.push(home);
  return home;
};
afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

describeObjectStoreContract('local folder', async () => ({
  store: new LocalFolderObjectStore({ home: freshHome() }),
  close: async () => undefined,
}));

describe('LocalFolderObjectStore', () => {
  it('keeps the home layout: each zone is its folder, the key the path below it', async () => {
    const home = freshHome();
    const store = new LocalFolderObjectStore({ home });
    await store.put(rawFile('orders', '2024-06-01.csv'), 'raw');
    await store.put(archivedFile('orders', 'run-1', '2024-06-01.csv'), 'archived');
    await store.put(rejectedRows('orders', 'run-1'), 'rejected');
    await store.put(runSummary('run-1'), 'summary');
    await store.put(qualityReport('run-1', 'html'), 'html');
    await store.put(runManifest('run-1'), 'manifest');
    const read = (...path: string[]) => readFileSync(join(home, ...path), 'utf8');
    expect(read('raw', 'orders', '2024-06-01.csv')).toBe('raw');
    expect(read('archived', 'orders', 'run-1', '2024-06-01.csv')).toBe('archived');
    expect(read('rejected', 'orders', 'run-1.jsonl')).toBe('rejected');
    expect(read('reports', 'run-1.json')).toBe('summary');
    expect(read('reports', 'run-1.quality.html')).toBe('html');
    expect(read('reports', 'run-1.manifest.json')).toBe('manifest');
    expect(store.locationOf(rawFile('orders', 'a.csv'))).toBe(join(home, 'raw', 'orders', 'a.csv'));
  });

  it("uses the SHA-256 of the content as the eTag, the local pipeline's file identity", async () => {
    const store = new LocalFolderObjectStore({ home: freshHome() });
    const content = 'order_id,user_id\n1,2\n';
    const expected = createHash('sha256').update(content).digest('hex');
    expect((await store.put(rawFile('orders', 'a.csv'), content)).eTag).toBe(expected);
    expect((await store.head(rawFile('orders', 'a.csv'))).eTag).toBe(expected);
    expect((await store.head(rawFile('orders', 'a.csv'))).versionId).toBeUndefined();
  });

  it('sees files written into the home by other means, and skips writes in progress', async () => {
    const home = freshHome();
    const store = new LocalFolderObjectStore({ home });
    mkdirSync(join(home, 'raw', 'orders'), { recursive: true });
    writeFileSync(join(home, 'raw', 'orders', 'dropped.csv'), 'x');
    writeFileSync(join(home, 'raw', 'orders', '.lakehouse-partial-0123456789abcdef0123456789abcdef'), 'half');
    expect((await collect(store.list('raw', 'raw/'))).map((o) => o.key)).toEqual(['raw/orders/dropped.csv']);
    const reserved = await store
      .put(rawFile('orders', '.lakehouse-partial-0123456789abcdef0123456789abcdef'), 'x')
      .catch((e: unknown) => e);
    expect(reserved).toBeInstanceOf(InvalidObjectKeyError);
  });

  it('lists in UTF-8 byte order whatever the names (case, punctuation, folders, non-ASCII)', async () => {
    const alphabet = ['a', 'B', '-', '_', '.', ' ', '0', '~', 'é', 'Z', '😀', '\uff01', '/'];
    const names = fc
      .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 6 })
      .map((chars) => chars.join(''))
      .filter((key) => key.split('/').every((s) => s !== '' && s !== '.' && s !== '..'));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(names, { minLength: 1, maxLength: 25 }), async (keys) => {
        // A folder cannot also be a file: keep keys that are not a folder of another.
        const files = keys.filter((k) => !keys.some((other) => other.startsWith(`${k}/`)));
        const store = new LocalFolderObjectStore({ home: freshHome() });
        for (const key of files) await store.put(objectRef('reports', key), key);
        expect((await collect(store.list('reports'))).map((o) => o.key)).toEqual(byteOrder(files));
      }),
      { numRuns: 40 },
    );
  });

  it('lists a table through the link to its current version', async () => {
    const home = freshHome();
    const version = join(home, '.versions', 'orders', 'v1', 'date=2024-06-01');
    mkdirSync(version, { recursive: true });
    writeFileSync(join(version, 'data_0.parquet'), 'PAR1');
    mkdirSync(join(home, 'lakehouse'));
    symlinkSync(join('..', '.versions', 'orders', 'v1'), join(home, 'lakehouse', 'orders'), 'dir');
    symlinkSync('.', join(version, 'loop'), 'dir'); // a link back up the walk is not followed
    const store = new LocalFolderObjectStore({ home });
    expect((await collect(store.list('lakehouse', 'orders/'))).map((o) => o.key)).toEqual([
      'orders/date=2024-06-01/data_0.parquet',
    ]);
  });

  it('names a file whose name is not UTF-8 instead of skipping it', async () => {
    const home = freshHome();
    mkdirSync(join(home, 'reports'));
    writeFileSync(
      Buffer.concat([
        Buffer.from(join(home, 'reports', 'bad-')),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('.json'),
      ]),
      '{}',
    );
    const error = await collect(new LocalFolderObjectStore({ home }).list('reports')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as Error).message).toMatch(/reports\/bad-.*\.json failed: the file name is not UTF-8/);
  });

  it('says when a key needs a folder where a file is, and the reverse', async () => {
    const store = new LocalFolderObjectStore({ home: freshHome() });
    await store.put(objectRef('reports', 'a'), 'file');
    const below = await store.put(objectRef('reports', 'a/b'), 'x').catch((e: unknown) => e);
    expect(below).toBeInstanceOf(ObjectStoreError);
    expect((below as Error).message).toMatch(
      /reports\/a\/b failed: a file stands where the key needs a folder/,
    );
    await store.put(objectRef('reports', 'c/d'), 'x');
    const over = await store.put(objectRef('reports', 'c'), 'x').catch((e: unknown) => e);
    expect((over as Error).message).toMatch(/reports\/c failed: a folder stands at the key/);
  });

  it('times out a put whose body stalls, and leaves no partial file', async () => {
    const home = freshHome();
    const store = new LocalFolderObjectStore({ home, operationTimeoutMs: 200 });
    const stalled = new Readable({ read() {} });
    stalled.push('some bytes, then nothing');
    const error = await store.put(objectRef('reports', 'stalled.json'), stalled).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreUnavailableError);
    expect((error as Error).message).toMatch(
      /stalled\.json failed, still unavailable after retries: timed out after 200 ms/,
    );
    expect(readdirSync(join(home, 'reports'))).toEqual([]);
  });

  it('keeps concurrent overwrites whole: the object is one of the writes, never a mix', async () => {
    const store = new LocalFolderObjectStore({ home: freshHome() });
    const r = objectRef('reports', 'contended.json');
    const bodies = Array.from({ length: 12 }, (_, i) => String(i).repeat(100_000));
    await Promise.all(bodies.map((body) => store.put(r, body)));
    const { info, body } = await store.get(r);
    const content = (await readAll(body)).toString();
    expect(bodies).toContain(content);
    expect(info.eTag).toBe(createHash('sha256').update(content).digest('hex'));
  });
});
