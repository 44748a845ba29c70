import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, type AwsClientConfig, type AwsClientSettings } from '@lakehouse/aws';
import { ObjectNotFoundError, ObjectStoreError, ObjectVersionMismatchError } from './errors';
import { assertListPrefix, assertObjectKey, type ObjectRef } from './keys';
import type { BucketLocator } from './locator';
import {
  bareETag,
  pinMismatch,
  type ListOptions,
  type ObjectBody,
  type ObjectInfo,
  type ObjectPin,
  type ObjectStore,
  type ObjectSummary,
  type PinOptions,
  type PutOptions,
  type PutResult,
  type StoredObject,
} from './object-store';
import { s3ErrorOf } from './s3-errors';
import type { Zone } from './zones';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

// The SDK is loaded on first use: importing this library must not load the S3 client (~1 s).
const sdk = () => import('./s3-commands');

/**
 * The configuration of an S3 client, `new S3Client(s3ClientConfig(settings))`: the project's one
 * client configuration (timeouts, standard retries) and `forcePathStyle` for local servers
 * (fauxqs), which cannot take bucket names as host names.
 */
export function s3ClientConfig(
  settings: AwsClientSettings & { readonly forcePathStyle?: boolean } = {},
): AwsClientConfig & { readonly forcePathStyle: boolean } {
  const { forcePathStyle, ...clientSettings } = settings;
  return { ...awsClientConfig(clientSettings), forcePathStyle: forcePathStyle ?? false };
}

export interface S3ObjectStoreOptions {
  /** `new S3Client(s3ClientConfig(settings))`: timeouts and retries come from there. */
  readonly client: S3Client;
  readonly buckets: BucketLocator;
  /** Part size of multipart uploads; bodies larger than one part are uploaded in parts. @default 8 MiB */
  readonly partSizeBytes?: number;
  /** Parts uploaded at once (memory: partSize × queueSize). @default 4 */
  readonly uploadConcurrency?: number;
  /** Objects larger than this are copied in parts (CopyObject stops at 5 GiB). @default 5 GiB */
  readonly multipartCopyThresholdBytes?: number;
  /** Part size of multipart copies. @default 512 MiB */
  readonly copyPartSizeBytes?: number;
}

/** `bucket/key[?versionId=…]`, URL-encoded as x-amz-copy-source requires. */
function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
}

const quoted = (eTag: string) => `"${bareETag(eTag)}"`;

/** The ObjectStore on S3: one bucket per zone. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly buckets: BucketLocator;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly copyThreshold: number;
  private readonly copyPartSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.buckets = options.buckets;
    this.partSize = options.partSizeBytes ?? 8 * MiB;
    this.queueSize = options.uploadConcurrency ?? 4;
    this.copyThreshold = options.multipartCopyThresholdBytes ?? 5 * GiB;
    this.copyPartSize = options.copyPartSizeBytes ?? 512 * MiB;
    if (this.partSize < 5 * MiB) throw new RangeError('S3 parts are at least 5 MiB (partSizeBytes)');
    if (this.copyPartSize < 5 * MiB) throw new RangeError('S3 parts are at least 5 MiB (copyPartSizeBytes)');
  }

  locationOf(ref: ObjectRef): string {
    return this.buckets.uriOf(ref);
  }

  private target(ref: ObjectRef): { Bucket: string; Key: string; location: string } {
    assertObjectKey(ref.zone, ref.key);
    return { Bucket: this.buckets.bucketOf(ref.zone), Key: ref.key, location: this.buckets.uriOf(ref) };
  }

  private info(
    ref: ObjectRef,
    location: string,
    pin: ObjectPin | undefined,
    output: { ContentLength?: number; ETag?: string; VersionId?: string; LastModified?: Date },
  ): ObjectInfo {
    // The server applied the conditions; checking the answer too keeps a pin honest on servers that ignore them.
    const mismatch = pinMismatch(pin, { eTag: output.ETag, versionId: output.VersionId });
    if (mismatch) throw new ObjectVersionMismatchError(location, pin!, mismatch);
    return {
      zone: ref.zone,
      key: ref.key,
      size: output.ContentLength ?? 0,
      eTag: bareETag(output.ETag ?? ''),
      ...(output.VersionId !== undefined && { versionId: output.VersionId }),
      lastModified: output.LastModified ?? new Date(0),
    };
  }

  private pinParams(pin?: ObjectPin) {
    return {
      ...(pin?.versionId !== undefined && { VersionId: pin.versionId }),
      ...(pin?.eTag !== undefined && { IfMatch: quoted(pin.eTag) }),
    };
  }

  async get(ref: ObjectRef, options: PinOptions = {}): Promise<StoredObject> {
    const { Bucket, Key, location } = this.target(ref);
    try {
      const { GetObjectCommand } = await sdk();
      const output = await this.client.send(
        new GetObjectCommand({ Bucket, Key, ...this.pinParams(options.pin) }),
      );
      const body = output.Body as Readable;
      try {
        return { info: this.info(ref, location, options.pin, output), body };
      } catch (error) {
        body.destroy();
        throw error;
      }
    } catch (error) {
      throw s3ErrorOf('get', location, error, options.pin);
    }
  }

  async head(ref: ObjectRef, options: PinOptions = {}): Promise<ObjectInfo> {
    const { Bucket, Key, location } = this.target(ref);
    try {
      const { HeadObjectCommand } = await sdk();
      const output = await this.client.send(
        new HeadObjectCommand({ Bucket, Key, ...this.pinParams(options.pin) }),
      );
      return this.info(ref, location, options.pin, output);
    } catch (error) {
      throw s3ErrorOf('head', location, error, options.pin);
    }
  }

  async exists(ref: ObjectRef): Promise<boolean> {
    return this.head(ref).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ObjectNotFoundError) return false;
        throw error;
      },
    );
  }

  async put(ref: ObjectRef, body: ObjectBody, options: PutOptions = {}): Promise<PutResult> {
    const { Bucket, Key, location } = this.target(ref);
    const { Upload } = await sdk();
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket,
        Key,
        Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
        ContentType: options.contentType ?? 'application/octet-stream',
      },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      const output = await upload.done();
      return {
        eTag: bareETag(output.ETag ?? ''),
        ...(output.VersionId !== undefined && { versionId: output.VersionId }),
      };
    } catch (error) {
      if (body instanceof Readable) body.destroy();
      throw s3ErrorOf('put', location, error);
    }
  }

  async copy(from: ObjectRef, to: ObjectRef, options: PinOptions = {}): Promise<PutResult> {
    const source = this.target(from);
    const target = this.target(to);
    // Head first: the size decides single or multipart copy, and the version/eTag it saw becomes
    // the condition of the copy, so the copy is of exactly that object even without a pin.
    const seen = await this.head(from, options);
    const condition = {
      CopySource: copySource(source.Bucket, source.Key, seen.versionId),
      CopySourceIfMatch: quoted(seen.eTag),
    };
    const pin: ObjectPin = {
      eTag: seen.eTag,
      ...(seen.versionId !== undefined && { versionId: seen.versionId }),
    };
    try {
      const { CopyObjectCommand } = await sdk();
      if (seen.size <= this.copyThreshold) {
        const output = await this.client.send(
          new CopyObjectCommand({ Bucket: target.Bucket, Key: target.Key, ...condition }),
        );
        return {
          eTag: bareETag(output.CopyObjectResult?.ETag ?? ''),
          ...(output.VersionId !== undefined && { versionId: output.VersionId }),
        };
      }
      return await this.multipartCopy(target, condition, seen.size);
    } catch (error) {
      throw s3ErrorOf(`copy ${source.location} to`, target.location, error, pin);
    }
  }

  private async multipartCopy(
    target: { Bucket: string; Key: string },
    condition: { CopySource: string; CopySourceIfMatch: string },
    size: number,
  ): Promise<PutResult> {
    const {
      AbortMultipartUploadCommand,
      CompleteMultipartUploadCommand,
      CreateMultipartUploadCommand,
      UploadPartCopyCommand,
    } = await sdk();
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ ...target }));
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, PartNumber = 1; start < size; start += this.copyPartSize, PartNumber++) {
        const end = Math.min(size, start + this.copyPartSize) - 1;
        const output = await this.client.send(
          new UploadPartCopyCommand({
            ...target,
            ...condition,
            UploadId,
            PartNumber,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: output.CopyPartResult?.ETag ?? '', PartNumber });
      }
      const output = await this.client.send(
        new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } }),
      );
      return {
        eTag: bareETag(output.ETag ?? ''),
        ...(output.VersionId !== undefined && { versionId: output.VersionId }),
      };
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async delete(ref: ObjectRef, options: PinOptions = {}): Promise<void> {
    const { Bucket, Key, location } = this.target(ref);
    let versionId = options.pin?.versionId;
    if (options.pin) {
      // Only that object: a missing one is already gone; on a versioned bucket the version it has
      // is deleted, so a newer upload under the key stays.
      const seen = await this.head(ref, options).catch((error: unknown) => {
        if (error instanceof ObjectNotFoundError) return undefined;
        throw error;
      });
      if (!seen) return;
      versionId = seen.versionId;
    }
    try {
      const { DeleteObjectCommand } = await sdk();
      await this.client.send(
        new DeleteObjectCommand({ Bucket, Key, ...(versionId !== undefined && { VersionId: versionId }) }),
      );
    } catch (error) {
      throw s3ErrorOf('delete', location, error, options.pin);
    }
  }

  async *list(zone: Zone, prefix = '', options: ListOptions = {}): AsyncIterable<ObjectSummary> {
    assertListPrefix(prefix);
    const Bucket = this.buckets.bucketOf(zone);
    const location = `s3://${Bucket}/${prefix}*`;
    let previous: Buffer | undefined;
    try {
      const { paginateListObjectsV2 } = await sdk();
      const pages = paginateListObjectsV2(
        { client: this.client, pageSize: options.pageSize ?? 1000 },
        { Bucket, ...(prefix !== '' && { Prefix: prefix }) },
      );
      for await (const page of pages) {
        for (const entry of page.Contents ?? []) {
          const key = entry.Key ?? '';
          const bytes = Buffer.from(key, 'utf8');
          // S3 lists general purpose buckets in UTF-8 byte order; anything else would break callers
          // that rely on it (and a server that sorts otherwise may also skip keys between pages).
          if (previous && Buffer.compare(previous, bytes) >= 0) {
            throw new ObjectStoreError('list', location, {
              detail: `the server listed ${JSON.stringify(key)} after ${JSON.stringify(previous.toString('utf8'))}, not in byte order`,
            });
          }
          previous = bytes;
          yield { key, size: entry.Size ?? 0, lastModified: entry.LastModified ?? new Date(0) };
        }
      }
    } catch (error) {
      throw s3ErrorOf('list', location, error);
    }
  }
}
