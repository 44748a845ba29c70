import type { DatasetRegistry } from '@lakehouse/contracts';
import type { HandlerStep, PollingOptions } from '@lakehouse/orchestration';
import type { Naming } from '../core/naming';
import type { LakehouseFunction } from '../functions/lakehouse-function';
import type { Glue } from '../glue/glue';
import type { LakehouseKey } from '../kms/lakehouse-key';

export interface OrchestrationProps {
  readonly naming: Naming;
  /**
   * The datasets (one validate branch each).
   * @default the platform's registry (`datasets` of @lakehouse/contracts)
   */
  readonly registry?: DatasetRegistry;
  /** The function running each step's handler (one function may run several steps). */
  readonly handlers: Readonly<Record<HandlerStep, LakehouseFunction>>;
  /** The Glue workflow the load step starts and polls. */
  readonly glue: Glue;
  /** Encrypts the execution history and the definition. */
  readonly key: LakehouseKey;
  /** Encrypts the execution log group. */
  readonly logsKey: LakehouseKey;
  readonly logRetentionDays: number;
  /**
   * How the load step polls the workflow run.
   * @default `loadPollingFor(glue.longestRunMinutes)`: at least as long as the workflow may run
   */
  readonly loadPolling?: PollingOptions;
  /**
   * How long one execution may run before Step Functions stops it (the run's lease must last as long).
   * @default 28800 (eight hours)
   */
  readonly executionTimeoutSeconds?: number;
}
