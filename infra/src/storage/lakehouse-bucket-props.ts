import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseBucket } from './lakehouse-bucket';

/** How objects are encrypted at rest. */
export type BucketEncryption =
  /** SSE-KMS with the given customer key and an S3 bucket key (fewer KMS calls). */
  | { readonly kind: 'kms'; readonly key: LakehouseKey }
  /** SSE-S3, only where a service cannot write with KMS; the reason is recorded as a suppression. */
  | { readonly kind: 's3-managed'; readonly reason: string };

/** Where the bucket's server access logs go. */
export type BucketAccessLogging =
  | {
      readonly kind: 'to-bucket';
      readonly bucket: LakehouseBucket;
      readonly prefix: string;
      /** The account of both buckets (the log bucket admits only its own account's buckets). */
      readonly accountId: string;
    }
  /** No access logs (the log bucket itself); the reason is recorded as a suppression. */
  | { readonly kind: 'exempt'; readonly reason: string };

export interface BucketTransition {
  readonly days: number;
  readonly storageClass: 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';
}

export interface BucketLifecycle {
  /**
   * Storage-class transitions of current objects, in increasing days.
   * @default none
   */
  readonly transitions?: readonly BucketTransition[];
  /**
   * Current objects expire after this many days.
   * @default never
   */
  readonly expirationDays?: number;
  /**
   * Noncurrent versions expire after this many days.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Incomplete multipart uploads are aborted after this many days.
   * @default 7
   */
  readonly abortIncompleteMultipartDays?: number;
}

export interface LakehouseBucketProps {
  readonly bucketName: string;
  readonly encryption: BucketEncryption;
  readonly accessLogging: BucketAccessLogging;
  /**
   * Lifecycle rules.
   * @default noncurrent versions after 30 days, incomplete uploads after 7
   */
  readonly lifecycle?: BucketLifecycle;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects (dev only).
   * @default false
   */
  readonly forceDestroy?: boolean;
}
