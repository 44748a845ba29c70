import type { EnvironmentConfig } from '../config/environment-config';
import type { LakehouseApp } from './lambda-apps';

export interface LakehouseStackProps {
  /** The environment's validated configuration (`parseEnvironmentConfig`). */
  readonly config: EnvironmentConfig;
  /** The Glue runner's bundle folder (`nx run glue-jobs:bundle` writes dist/apps/glue-jobs). */
  readonly glueRunnerDir: string;
  /**
   * The Lambda apps and the steps each runs. Every step but `load` must be covered: `register`
   * (the S3-notification trigger) and the state machine's tasks.
   * @default none: the stack holds the data plane only (no functions, no state machine, and the
   * notification queue waits for a consumer)
   */
  readonly apps?: readonly LakehouseApp[];
}
