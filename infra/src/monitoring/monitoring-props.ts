import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';

export interface MonitoringProps {
  readonly naming: Naming;
  /** Encrypts the alarm topic (its policy admits CloudWatch alarms and EventBridge). */
  readonly key: LakehouseKey;
  /**
   * E-mail addresses subscribed to the alarm topic (each confirms its subscription).
   * @default none
   */
  readonly emails?: readonly string[];
}

/** An alarm on one metric. */
export interface MetricAlarmProps {
  /** Short id, part of the alarm name. */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * @default 'Sum'
   */
  readonly statistic?: 'Sum' | 'Maximum' | 'Minimum' | 'Average';
  /**
   * @default 0
   */
  readonly threshold?: number;
  /**
   * @default 'GreaterThanThreshold'
   */
  readonly comparison?: 'GreaterThanThreshold' | 'LessThanThreshold' | 'GreaterThanOrEqualToThreshold';
  /**
   * Seconds per evaluation period.
   * @default 300
   */
  readonly periodSeconds?: number;
}
