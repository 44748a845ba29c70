import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';

export interface StorageLifecycleProps {
  /**
   * Archived raw files move to Standard-IA after this many days.
   * @default 30
   */
  readonly archiveInfrequentAccessDays?: number;
  /**
   * …and to Glacier Flexible Retrieval after this many.
   * @default 90
   */
  readonly archiveGlacierDays?: number;
  /**
   * Noncurrent object versions of every bucket expire after this many days.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Server access logs expire after this many days.
   * @default 90
   */
  readonly accessLogDays?: number;
  /**
   * Athena query results expire after this many days.
   * @default 30
   */
  readonly athenaResultDays?: number;
}

export interface StorageProps {
  readonly naming: Naming;
  /** The key of every bucket but the access-log bucket (S3 server access logging needs SSE-S3). */
  readonly dataKey: LakehouseKey;
  /**
   * Let `terraform destroy` delete buckets that still hold objects (dev only).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Lifecycle of the zones.
   * @default the defaults of each field
   */
  readonly lifecycle?: StorageLifecycleProps;
}
