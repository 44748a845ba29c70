import { join } from 'node:path';
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

/** The folder `nx build <app>` writes an app's bundle to, under the workspace root. */
export const appBundleDir = (workspaceRoot: string, name: string): string =>
  join(workspaceRoot, 'dist', 'apps', name);

/**
 * The Lambda apps of the workspace and the steps each runs: every `apps/<name>` with a
 * `src/handler.ts`, which tools/lambda-bundle bundles to `dist/apps/<name>/index.js` exporting
 * `handler`. The name is the app's folder (and its function's), not always its Nx project
 * (`apps/quality` is the project `quality-app`). Every environment deploys all of them.
 */
export function lakehouseApps(workspaceRoot: string): LakehouseApp[] {
  const app = (
    name: string,
    steps: PipelineStep[],
    description: string,
    extra: Partial<LakehouseApp> = {},
  ) => ({
    name,
    bundleDir: appBundleDir(workspaceRoot, name),
    handler: 'index.handler',
    description,
    steps,
    ...extra,
  });
  return [
    app(
      'trigger',
      ['register'],
      'Registers S3 arrivals and starts a run when every dataset has a pending file',
    ),
    app('claim', ['claim'], 'Claims a run: the run record, the lease, the files, the run manifest'),
    // Streams one file through the validation library; memory also buys CPU.
    app('validate', ['validate'], 'Validates one file of a run', { memorySize: 1024 }),
    app('settle', ['settle'], "Records each file's outcome and archives it"),
    app('catalog', ['catalog'], 'Starts and polls the crawler of the lakehouse tables'),
    app('verify', ['verify'], 'Counts the rows of every table the run changed, through Athena'),
    app('quality', ['quality'], "Writes the run's quality report and summary, and finishes the run"),
    app('notify', ['notify'], "Announces the run's outcome on the runs topic"),
    app('fail', ['fail'], 'Marks a run failed and releases what it held'),
  ];
}
