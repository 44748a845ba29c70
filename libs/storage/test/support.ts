import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsClientSettings } from '@lakehouse/aws';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION } from '@lakehouse/testing';
import {
  BUCKET_ZONES,
  BucketLocator,
  bucketNames,
  S3ObjectStore,
  s3ClientConfig,
  type S3ObjectStoreOptions,
} from '../src';

/** An S3 client for fauxqs, built from the project's one client configuration. */
export function fauxqsS3Client(endpoint: string, settings: AwsClientSettings = {}): S3Client {
  return new S3Client(
    s3ClientConfig({
      endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
      forcePathStyle: true,
      ...settings,
    }),
  );
}

/** A fresh set of zone buckets on the server, and a store over them. */
export async function s3StoreWithBuckets(
  client: S3Client,
  options: Partial<S3ObjectStoreOptions> = {},
): Promise<{ store: S3ObjectStore; buckets: BucketLocator }> {
  const names = bucketNames(`t-${randomBytes(4).toString('hex')}`);
  for (const zone of BUCKET_ZONES) await client.send(new CreateBucketCommand({ Bucket: names[zone] }));
  const buckets = new BucketLocator(names);
  return { store: new S3ObjectStore({ client, buckets, ...options }), buckets };
}
