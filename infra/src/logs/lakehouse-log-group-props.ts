import type { LakehouseKey } from '../kms/lakehouse-key';

export interface LakehouseLogGroupProps {
  readonly logGroupName: string;
  /** The key CloudWatch Logs encrypts the group with (its policy must admit the group's ARN). */
  readonly key: LakehouseKey;
  /** One of CloudWatch's retention values. */
  readonly retentionDays: number;
  /**
   * Keep the group (and its events) when the stack is destroyed.
   * @default false
   */
  readonly retainOnDestroy?: boolean;
}
