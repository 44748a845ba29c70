import type { PipelineStep } from '@lakehouse/contracts';

/** One Lambda app (apps/<name>, built by its Nx `build` target) and the pipeline steps it runs. */
export interface LakehouseApp {
  readonly name: string;
  /** The built bundle, e.g. dist/apps/<name>. */
  readonly bundleDir: string;
  /** `<file>.<export>` inside the bundle. */
  readonly handler: string;
  readonly description: string;
  /** `register` is the S3-notification trigger; every other step is a state-machine task. */
  readonly steps: readonly PipelineStep[];
  /**
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default 60 (the trigger), 900 (state-machine tasks)
   */
  readonly timeoutSeconds?: number;
  /**
   * The event the `register` app receives from the ingestion schedule (its "start a run of the
   * pending files" request); required when the environment configures a schedule.
   * @default none
   */
  readonly scheduledInput?: unknown;
  /**
   * Environment variables beyond the buckets of the zones its steps use.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
}
