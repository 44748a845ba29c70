import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';

export interface CatalogProps {
  readonly naming: Naming;
  /** The bucket holding the Delta tables, one folder per table. */
  readonly tablesBucket: LakehouseBucket;
  /** The tables the crawler registers (datasets and curated tables). */
  readonly tables: readonly string[];
  /** Encrypts the catalog, the Glue S3 writes and the job bookmarks. */
  readonly dataKey: LakehouseKey;
  /** Encrypts Glue's CloudWatch logs. */
  readonly logsKey: LakehouseKey;
  /**
   * Own the account's Data Catalog encryption settings (one per account and region: exactly one
   * stack in an account may set them).
   * @default true
   */
  readonly manageEncryptionSettings?: boolean;
}
