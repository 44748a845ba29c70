import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { FunctionNetwork, LakehouseFunctionProps } from './lakehouse-function-props';
import type { LakehouseFunction } from './lakehouse-function';

/** One Lambda app to deploy: its bundle and settings, as `LakehouseFunction` takes them. */
export interface FunctionSpec extends Pick<
  LakehouseFunctionProps,
  'bundleDir' | 'handler' | 'description' | 'environment' | 'memorySize' | 'timeoutSeconds'
> {
  /** The app name, e.g. `trigger`; the function is `lakehouse-<env>-<name>`. */
  readonly name: string;
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
