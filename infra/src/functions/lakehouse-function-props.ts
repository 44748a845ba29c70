import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseQueue } from '../messaging/lakehouse-queue';
import type { VpcPlacement } from '../network/network-interfaces';

/** Where a function runs: private subnets and its security group (never outside the VPC). */
export interface FunctionNetwork extends VpcPlacement {
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
}

export interface LakehouseFunctionProps {
  /** Names and ARNs of this environment. */
  readonly naming: Naming;
  readonly functionName: string;
  /** The directory holding the built bundle (zipped reproducibly at synthesis). */
  readonly bundleDir: string;
  /** `<file without .js>.<export>`, e.g. `main.handler`. */
  readonly handler: string;
  readonly description: string;
  /**
   * Environment variables (encrypted with `environmentKey`); never put secrets here.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Memory in MB (also scales CPU).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout in seconds.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /** Reserved concurrency: a cap, so a flood of events cannot starve the account. */
  readonly reservedConcurrency: number;
  readonly network: FunctionNetwork;
  /** Encrypts the environment variables. */
  readonly environmentKey: LakehouseKey;
  /** The log group, in JSON format, with its retention and key. */
  readonly logGroupName: string;
  readonly logsKey: LakehouseKey;
  readonly logRetentionDays: number;
  /** Asynchronous invocations that fail every retry land here. */
  readonly deadLetterQueue: LakehouseQueue;
}
