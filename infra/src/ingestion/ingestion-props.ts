import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';

/** A periodic nudge to the trigger to start a run of whatever is pending. */
export interface IngestionSchedule {
  /** EventBridge Scheduler expression, e.g. `cron(0 6 * * ? *)`. */
  readonly expression: string;
  /**
   * Time zone of the expression.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /** The event the trigger receives (its "start pending run" request). */
  readonly input: unknown;
}

export interface IngestionProps {
  readonly naming: Naming;
  /** The raw bucket whose new objects are announced. */
  readonly bucket: LakehouseBucket;
  /** Encrypts the queue and its dead-letter queue. */
  readonly key: LakehouseKey;
  /**
   * Only keys under this prefix are announced.
   * @default RAW_PREFIX of @lakehouse/storage (`raw/`)
   */
  readonly prefix?: string;
  /**
   * Only keys ending so are announced.
   * @default RAW_FILE_SUFFIX of @lakehouse/storage (`.csv`)
   */
  readonly suffix?: string;
  /**
   * Receives before a notification moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Visibility timeout of the queue: at least six times the trigger's timeout.
   * @default 360
   */
  readonly visibilityTimeoutSeconds?: number;
}

export interface IngestionTriggerOptions {
  /**
   * Notifications per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long to gather a batch.
   * @default 5
   */
  readonly maximumBatchingWindowSeconds?: number;
  /**
   * Concurrent invocations the event source mapping may use (2–1000).
   * @default 2
   */
  readonly maximumConcurrency?: number;
  /**
   * A schedule that asks the trigger to start a run of the pending files.
   * @default none: runs start when files arrive
   */
  readonly schedule?: IngestionSchedule;
}
