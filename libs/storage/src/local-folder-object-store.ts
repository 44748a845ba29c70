import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AdapterError, isTransientFsError, messageOf, withRetries } from '@lakehouse/aws';
import {
  InvalidObjectKeyError,
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  ObjectVersionMismatchError,
} from './errors';
import { assertListPrefix, assertObjectKey, type ObjectRef } from './keys';
import { FolderLocator } from './locator';
import {
  pinMismatch,
  type ObjectBody,
  type ObjectInfo,
  type ObjectPin,
  type ObjectStore,
  type ObjectSummary,
  type PinOptions,
  type PutResult,
  type StoredObject,
} from './object-store';
import { zoneKeyPrefix, type Zone } from './zones';

export interface LocalFolderObjectStoreOptions {
  /** The local home: each zone is its folder `ZONES[zone].localFolder`. */
  readonly home: string;
  /** Limit on one operation (a put, a copy, hashing an object), in ms; a breach is transient. @default 600_000 */
  readonly operationTimeoutMs?: number;
  /** Attempts on transient file system errors (EMFILE, EBUSY…), with backoff; never for a stream body. @default 4 */
  readonly attempts?: number;
}

/** Writes in progress: a hidden name in the target's folder, renamed into place when complete. */
const PARTIAL = '.lakehouse-partial-';
const partialName = () => `${PARTIAL}${randomBytes(16).toString('hex')}`;

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code;

/**
 * The ObjectStore on a local folder per zone. Puts and copies write a temporary file beside the
 * target and rename it into place, so a reader sees the old object or the new one, never a part.
 * An object's eTag is the SHA-256 hex of its content (what the local pipeline registers files
 * with); there are no versions, so a read pinned to a versionId fails.
 */
export class LocalFolderObjectStore implements ObjectStore {
  private readonly folders: FolderLocator;
  private readonly timeoutMs: number;
  private readonly attempts: number;

  constructor(options: LocalFolderObjectStoreOptions) {
    this.folders = new FolderLocator(options.home);
    this.timeoutMs = options.operationTimeoutMs ?? 600_000;
    this.attempts = options.attempts ?? 4;
  }

  locationOf(ref: ObjectRef): string {
    return this.folders.pathOf(ref);
  }

  private pathOf(ref: ObjectRef): string {
    assertObjectKey(ref.zone, ref.key);
    if (ref.key.split('/').some((segment) => segment.startsWith(PARTIAL))) {
      throw new InvalidObjectKeyError(ref.key, `"${PARTIAL}…" names are reserved for writes in progress`);
    }
    return this.folders.pathOf(ref);
  }

  /** Runs one operation with the timeout, retries on transient errors, and typed errors naming `location`. */
  private async run<T>(
    operation: string,
    location: string,
    key: string,
    body: (signal: AbortSignal) => Promise<T>,
    replayable = true,
  ): Promise<T> {
    const once = () => body(AbortSignal.timeout(this.timeoutMs));
    try {
      return replayable
        ? await withRetries(once, { attempts: this.attempts, isTransient: isTransientFsError })
        : await once();
    } catch (error) {
      throw this.errorOf(operation, location, key, error);
    }
  }

  private errorOf(operation: string, location: string, key: string, error: unknown): Error {
    if (error instanceof AdapterError) return error;
    const code = codeOf(error);
    if ((error as Error | null)?.name === 'TimeoutError' || (error as Error | null)?.name === 'AbortError') {
      return new ObjectStoreUnavailableError(operation, location, {
        cause: error,
        detail: `timed out after ${this.timeoutMs} ms`,
      });
    }
    if (code === 'ENAMETOOLONG') {
      return new InvalidObjectKeyError(
        key,
        'a segment is longer than the local file system allows (255 bytes)',
      );
    }
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      return new ObjectStoreError(operation, location, {
        cause: error,
        detail: 'a file stands where the key needs a folder (a folder cannot hold both "a" and "a/…")',
      });
    }
    if (code === 'EISDIR' || code === 'ENOTEMPTY') {
      return new ObjectStoreError(operation, location, {
        cause: error,
        detail: 'a folder stands at the key (a folder cannot hold both "a" and "a/…")',
      });
    }
    const detail = messageOf(error);
    return isTransientFsError(error)
      ? new ObjectStoreUnavailableError(operation, location, { cause: error, detail })
      : new ObjectStoreError(operation, location, { cause: error, detail });
  }

  /** Opens the file of an object; a missing file, or a folder, is no object. */
  private async openObject(path: string, pin?: ObjectPin): Promise<{ handle: FileHandle; stats: Stats }> {
    const handle = await open(path, 'r').catch((error: unknown) => {
      if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) throw new ObjectNotFoundError(path, pin);
      throw error;
    });
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new ObjectNotFoundError(path, pin);
    }
    return { handle, stats };
  }

  /** Hashes the object through its open handle (the same inode the body is then read from), checks the pin. */
  private async describe(
    ref: ObjectRef,
    path: string,
    handle: FileHandle,
    stats: Stats,
    signal: AbortSignal,
    pin?: ObjectPin,
  ): Promise<ObjectInfo> {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false, signal }))
      hash.update(chunk);
    const eTag = hash.digest('hex');
    const mismatch = pinMismatch(pin, { eTag });
    if (mismatch) throw new ObjectVersionMismatchError(path, pin!, mismatch);
    return { zone: ref.zone, key: ref.key, size: stats.size, eTag, lastModified: stats.mtime };
  }

  async get(ref: ObjectRef, options: PinOptions = {}): Promise<StoredObject> {
    const path = this.pathOf(ref);
    return this.run('get', path, ref.key, async (signal) => {
      const { handle, stats } = await this.openObject(path, options.pin);
      try {
        const info = await this.describe(ref, path, handle, stats, signal, options.pin);
        // The body reads the inode that was hashed: a put renaming a new file into place meanwhile does not change it.
        return { info, body: handle.createReadStream({ start: 0 }) };
      } catch (error) {
        await handle.close();
        throw error;
      }
    });
  }

  async head(ref: ObjectRef, options: PinOptions = {}): Promise<ObjectInfo> {
    const path = this.pathOf(ref);
    return this.run('head', path, ref.key, async (signal) => {
      const { handle, stats } = await this.openObject(path, options.pin);
      try {
        return await this.describe(ref, path, handle, stats, signal, options.pin);
      } finally {
        await handle.close();
      }
    });
  }

  async exists(ref: ObjectRef): Promise<boolean> {
    const path = this.pathOf(ref);
    return this.run('exists', path, ref.key, async () => {
      const stats = await stat(path).catch((error: unknown) => {
        if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) return undefined;
        throw error;
      });
      return stats?.isFile() ?? false;
    });
  }

  /** Streams `source` into a fresh temporary file beside `path`, then renames it into place; returns the SHA-256. */
  private async writeAtomically(
    path: string,
    source: () => Readable,
    signal: AbortSignal,
    check?: (eTag: string) => void,
  ): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), partialName());
    const hash = createHash('sha256');
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // flush: the data is on disk before the rename makes it visible.
      await pipeline(source(), tap, createWriteStream(temp, { flags: 'wx', flush: true }), { signal });
      const eTag = hash.digest('hex');
      check?.(eTag);
      await rename(temp, path);
      return eTag;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async put(ref: ObjectRef, body: ObjectBody): Promise<PutResult> {
    const path = this.pathOf(ref);
    const stream = body instanceof Readable;
    const source = () =>
      body instanceof Readable
        ? body
        : Readable.from([typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
    const eTag = await this.run(
      'put',
      path,
      ref.key,
      (signal) => this.writeAtomically(path, source, signal),
      !stream,
    );
    return { eTag };
  }

  async copy(from: ObjectRef, to: ObjectRef, options: PinOptions = {}): Promise<PutResult> {
    const sourcePath = this.pathOf(from);
    const targetPath = this.pathOf(to);
    const eTag = await this.run(`copy ${sourcePath} to`, targetPath, to.key, async (signal) => {
      const { handle } = await this.openObject(sourcePath, options.pin);
      try {
        const mismatch = pinMismatch(
          options.pin?.versionId ? { versionId: options.pin.versionId } : undefined,
          {},
        );
        if (mismatch) throw new ObjectVersionMismatchError(sourcePath, options.pin!, mismatch);
        // One pass: what is hashed is what lands in the copy; a pinned copy of another content is thrown away.
        return await this.writeAtomically(
          targetPath,
          () => handle.createReadStream({ start: 0, autoClose: false }),
          signal,
          (copied) => {
            const eTagMismatch = pinMismatch(options.pin, { eTag: copied });
            if (eTagMismatch) throw new ObjectVersionMismatchError(sourcePath, options.pin!, eTagMismatch);
          },
        );
      } finally {
        await handle.close();
      }
    });
    return { eTag };
  }

  async delete(ref: ObjectRef, options: PinOptions = {}): Promise<void> {
    const path = this.pathOf(ref);
    if (options.pin) {
      const current = await this.head(ref, options).catch((error: unknown) => {
        if (error instanceof ObjectNotFoundError) return undefined;
        throw error;
      });
      if (!current) return;
    }
    await this.run('delete', path, ref.key, async () => {
      await unlink(path).catch((error: unknown) => {
        // Nothing there, or a folder (which is no object): already deleted.
        if (['ENOENT', 'ENOTDIR', 'EISDIR', 'EPERM'].includes(codeOf(error) ?? '')) return;
        throw error;
      });
    });
  }

  async *list(zone: Zone, prefix = ''): AsyncIterable<ObjectSummary> {
    assertListPrefix(prefix);
    const keyPrefix = zoneKeyPrefix(zone);
    let relative: string;
    if (prefix.startsWith(keyPrefix)) relative = prefix.slice(keyPrefix.length);
    else if (keyPrefix.startsWith(prefix)) relative = '';
    else return;
    const slash = relative.lastIndexOf('/');
    const folder = relative.slice(0, Math.max(0, slash));
    const root = join(this.folders.folderOf(zone), ...(folder ? folder.split('/') : []));
    yield* this.walk(root, `${keyPrefix}${folder ? `${folder}/` : ''}`, relative.slice(slash + 1), new Set());
  }

  /**
   * The files below `dir` in UTF-8 byte order of their keys, lazily. Siblings are sorted with a
   * folder counting as `name/`: every key below it starts with that, so a depth-first walk of the
   * sorted siblings yields the keys in exactly the order of sorting them all. Symbolic links are
   * followed (tables are links to their current version); a link back up the walk is not.
   */
  private async *walk(
    dir: string,
    keyBase: string,
    namePrefix: string,
    ancestors: Set<string>,
  ): AsyncIterable<ObjectSummary> {
    const listing = await this.run('list', dir, keyBase, async () => {
      const entries = await readdir(dir, { encoding: 'buffer' }).catch((error: unknown) => {
        if (['ENOENT', 'ENOTDIR'].includes(codeOf(error) ?? '')) return undefined;
        throw error;
      });
      if (!entries) return undefined;
      const identity = await stat(dir).then((s) => `${s.dev}:${s.ino}`);
      const items: { order: Buffer; name: string; stats: Stats }[] = [];
      for (const raw of entries) {
        if (!isUtf8(raw)) {
          throw new ObjectStoreError('list', join(dir, raw.toString('latin1')), {
            detail: 'the file name is not UTF-8, so it cannot be an object key: rename it',
          });
        }
        const name = raw.toString('utf8');
        if (!name.startsWith(namePrefix) || name.startsWith(PARTIAL)) continue;
        // Follows links; a dangling link, a FIFO or a socket is not an object.
        const stats = await stat(join(dir, name)).catch(() => undefined);
        if (!stats || !(stats.isFile() || stats.isDirectory())) continue;
        items.push({ order: Buffer.from(stats.isDirectory() ? `${name}/` : name, 'utf8'), name, stats });
      }
      items.sort((a, b) => Buffer.compare(a.order, b.order));
      return { identity, items };
    });
    if (!listing || ancestors.has(listing.identity)) return;
    ancestors.add(listing.identity);
    for (const { name, stats } of listing.items) {
      if (stats.isDirectory()) yield* this.walk(join(dir, name), `${keyBase}${name}/`, '', ancestors);
      else yield { key: `${keyBase}${name}`, size: stats.size, lastModified: stats.mtime };
    }
    ancestors.delete(listing.identity);
  }
}
