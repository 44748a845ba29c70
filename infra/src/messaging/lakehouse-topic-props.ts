import type { Conditions } from '../core/policy-document';
import type { LakehouseKey } from '../kms/lakehouse-key';

/** An AWS service allowed to publish, under its conditions (the confused-deputy guard). */
export interface TopicPublisher {
  readonly sid: string;
  /** e.g. `cloudwatch.amazonaws.com` */
  readonly service: string;
  readonly conditions: Conditions;
}

export interface LakehouseTopicProps {
  readonly topicName: string;
  readonly displayName: string;
  /** The customer key SNS encrypts messages with. */
  readonly key: LakehouseKey;
  /**
   * Who else may publish (services such as CloudWatch alarms), beside the TLS-only rule.
   * @default none
   */
  readonly publishers?: readonly TopicPublisher[];
  /**
   * E-mail addresses subscribed to the topic (each confirms its subscription).
   * @default none
   */
  readonly emails?: readonly string[];
}
