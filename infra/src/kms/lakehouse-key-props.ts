import type { Conditions } from '../core/policy-document';

/** An AWS service that uses the key as itself (its own service principal), not for a caller. */
export interface KeyServicePrincipal {
  /** e.g. `s3.amazonaws.com`, `logs.eu-west-1.amazonaws.com` */
  readonly service: string;
  /** What the service does with the key. */
  readonly actions: readonly string[];
  /** Narrows the service's use, e.g. to this account or to this environment's log groups. */
  readonly conditions: Conditions;
  /** Why the service needs the key, kept as the statement id. */
  readonly sid: string;
}

export interface LakehouseKeyProps {
  /** The alias, without `alias/`. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * Services through which principals of this account may use the key (`kms:ViaService`), e.g.
   * `s3`, `sqs`, `dynamodb`. A role still needs an IAM grant (`grant…` methods); the key policy
   * only admits use through these services, never a direct call.
   * @default none
   */
  readonly viaServices?: readonly string[];
  /**
   * Services that use the key as themselves: S3 sending notifications to an encrypted queue,
   * CloudWatch Logs encrypting log groups, alarms and EventBridge publishing to an encrypted topic.
   * @default none
   */
  readonly servicePrincipals?: readonly KeyServicePrincipal[];
  /**
   * Waiting period before a scheduled deletion completes.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Automatic rotation period.
   * @default 365
   */
  readonly rotationPeriodDays?: number;
}
