import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseQueue } from './lakehouse-queue';

export interface DeadLetterProps {
  readonly queue: LakehouseQueue;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

export interface LakehouseQueueProps {
  readonly queueName: string;
  /** The customer key SQS encrypts messages with. */
  readonly key: LakehouseKey;
  /**
   * How long a received message stays invisible (at least 6× the consumer's timeout).
   * @default 30
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * How long an unconsumed message is kept.
   * @default 345600 (4 days; give a dead-letter queue the 14-day maximum)
   */
  readonly retentionSeconds?: number;
  /**
   * Where messages go after `maxReceiveCount` failed receives.
   * @default none (this queue is itself a dead-letter queue or has none)
   */
  readonly deadLetter?: DeadLetterProps;
}
