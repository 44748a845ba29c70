import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';

/** A table the Lambda apps keep for Powertools idempotency records. */
export interface IdempotencyTableProps {
  /** Partition key attribute. */
  readonly partitionKey: string;
  /** Epoch-seconds attribute Powertools sets for expiry. */
  readonly ttlAttribute: string;
}

export interface StateProps {
  readonly naming: Naming;
  /** The key of every table. */
  readonly key: LakehouseKey;
  /**
   * Refuse `DeleteTable` (outside dev).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Point-in-time recovery window, 1–35 days.
   * @default 35
   */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * The Powertools idempotency table, when an app uses one.
   * @default none
   */
  readonly idempotency?: IdempotencyTableProps;
}
