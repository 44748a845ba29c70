import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { FunctionNetwork } from './lakehouse-function-props';
import type { LakehouseFunction } from './lakehouse-function';

/** One Lambda app to deploy. */
export interface FunctionSpec {
  /** The app name, e.g. `trigger`; the function is `lakehouse-<env>-<name>`. */
  readonly name: string;
  /** The directory of the app's built bundle. */
  readonly bundleDir: string;
  /** `<file>.<export>` inside the bundle. */
  readonly handler: string;
  readonly description: string;
  /**
   * Environment variables.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Grants the function what it needs, with the `grant…` methods of the other constructs.
   * @default nothing beyond its own logs, dead-letter queue, network interfaces and tracing
   */
  readonly grant?: (fn: LakehouseFunction) => void;
}

export interface FunctionsProps {
  readonly naming: Naming;
  readonly functions: readonly FunctionSpec[];
  readonly network: FunctionNetwork;
  /** Encrypts the environments and the dead-letter queue. */
  readonly dataKey: LakehouseKey;
  readonly logsKey: LakehouseKey;
  readonly logRetentionDays: number;
  /** Reserved concurrency of every function… */
  readonly reservedConcurrency: number;
  /**
   * …but these, by app name.
   * @default none
   */
  readonly reservedConcurrencyByFunction?: Readonly<Record<string, number>>;
}
