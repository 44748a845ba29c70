import type { Readable } from 'node:stream';
import type { ObjectRef } from './keys';
import type { Zone } from './zones';

/**
 * Pins an operation to one exact object. A run records the versionId (versioned buckets) or the
 * eTag of each file it was started for; a read pinned to them either gets that file or fails with
 * ObjectVersionMismatchError, never another upload under the same key.
 */
export interface ObjectPin {
  readonly versionId?: string;
  /** Without surrounding quotes (S3 notifications omit them; HeadObject adds them). */
  readonly eTag?: string;
}

export interface ObjectInfo {
  readonly zone: Zone;
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  /** S3: the ETag without quotes (MD5, or `<md5>-<parts>` after a multipart upload); local: SHA-256 hex of the content. */
  readonly eTag: string;
  /** Versioned buckets only; undefined locally. */
  readonly versionId?: string;
  readonly lastModified: Date;
}

export interface StoredObject {
  readonly info: ObjectInfo;
  /** The content, streamed: read it to the end or destroy it. */
  readonly body: Readable;
}

/** An entry of a listing (use head for the eTag and versionId). */
export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export type ObjectBody = Buffer | Uint8Array | string | Readable;

export interface PutResult {
  readonly eTag: string;
  readonly versionId?: string;
}

export interface PinOptions {
  readonly pin?: ObjectPin;
}

export interface PutOptions {
  /** @default 'application/octet-stream' */
  readonly contentType?: string;
}

export interface ListOptions {
  /** Keys per request to the store (S3 ListObjectsV2 MaxKeys, at most 1,000). @default 1,000 */
  readonly pageSize?: number;
}

/**
 * The objects of the lakehouse zones: S3 in the cloud (one bucket per zone), a folder per zone
 * locally. Keys are data, never patterns; an invalid key is refused with InvalidObjectKeyError
 * before any I/O. Errors name the object (`s3://bucket/key` or the path) and have stable names:
 * InvalidObjectKeyError, ObjectNotFoundError, ObjectVersionMismatchError,
 * ObjectStoreUnavailableError (transient, after retries), ObjectStoreError.
 */
export interface ObjectStore {
  /** Where an object lives: `s3://bucket/key` or an absolute path. */
  locationOf(ref: ObjectRef): string;
  /** The object's content as a stream, with its info; pinned reads fail on any other object. */
  get(ref: ObjectRef, options?: PinOptions): Promise<StoredObject>;
  head(ref: ObjectRef, options?: PinOptions): Promise<ObjectInfo>;
  exists(ref: ObjectRef): Promise<boolean>;
  /** Writes the whole object or nothing (large streams: S3 multipart; locally a temp file renamed into place). */
  put(ref: ObjectRef, body: ObjectBody, options?: PutOptions): Promise<PutResult>;
  /** Copies `from` (pinned: exactly that object) to `to`. */
  copy(from: ObjectRef, to: ObjectRef, options?: PinOptions): Promise<PutResult>;
  /** Removes the object; a missing one is fine (idempotent). Pinned: only when it is still that object. */
  delete(ref: ObjectRef, options?: PinOptions): Promise<void>;
  /** Every object of the zone whose key starts with `prefix`, in UTF-8 byte order of the keys, fetched page by page. */
  list(zone: Zone, prefix?: string, options?: ListOptions): AsyncIterable<ObjectSummary>;
}

/** S3 returns eTags in quotes, notifications without: compare them bare. */
export const bareETag = (eTag: string): string => eTag.replace(/^"|"$/g, '');

/** What an object's info says against a pin: undefined when it matches, else what was found. */
export function pinMismatch(
  pin: ObjectPin | undefined,
  found: { eTag?: string; versionId?: string },
): string | undefined {
  if (!pin) return undefined;
  if (pin.versionId !== undefined && pin.versionId !== found.versionId) {
    return found.versionId === undefined
      ? 'the store holds no versions of it'
      : `found versionId ${found.versionId}`;
  }
  if (pin.eTag !== undefined && (found.eTag === undefined || bareETag(pin.eTag) !== bareETag(found.eTag))) {
    return `found eTag ${found.eTag === undefined ? 'none' : bareETag(found.eTag)}`;
  }
  return undefined;
}
