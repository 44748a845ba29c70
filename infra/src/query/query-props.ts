import type { Naming } from '../core/naming';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';

export interface QueryProps {
  readonly naming: Naming;
  /** The bucket of query results (encrypted with its key, which the workgroup enforces). */
  readonly resultsBucket: LakehouseBucket;
  /**
   * Queries scanning more are cancelled.
   * @default 10 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Let `terraform destroy` delete the workgroup with its saved queries (dev only).
   * @default false
   */
  readonly forceDestroy?: boolean;
}
