import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import {
  EnvironmentConfigError,
  parseEnvironmentConfig,
  type EnvironmentInput,
} from '../config/environment-config';
import { lakehouseApps, type LakehouseApp } from './lambda-apps';
import { LakehouseStack } from './lakehouse-stack';

export interface SynthOptions {
  /** The workspace root: bundles are read from `dist/`, the stack written to `<outdir>/stacks/<env>`. */
  readonly workspaceRoot: string;
  /**
   * @default '<workspaceRoot>/cdktf.out'
   */
  readonly outdir?: string;
  /**
   * The Glue runner's bundle folder.
   * @default '<workspaceRoot>/dist/apps/glue-jobs'
   */
  readonly glueRunnerDir?: string;
  /**
   * The Lambda apps to deploy, their bundles built (`nx run-many -t build -p tag:scope:lambda`).
   * @default every app of the workspace (`lakehouseApps`), bundles read from `<workspaceRoot>/dist/apps`
   */
  readonly apps?: readonly LakehouseApp[];
}

export interface SynthResult {
  readonly environment: string;
  /** `<outdir>/stacks/<env>`: cdk.tf.json and its assets, Terraform's working directory. */
  readonly stackDir: string;
  readonly resourceCount: number;
  readonly milliseconds: number;
}

/** Where `nx run glue-jobs:bundle` writes the Glue runner. */
export const GLUE_RUNNER_DIR = join('dist', 'apps', 'glue-jobs');

/**
 * Validates an environment's configuration and synthesizes its stack into
 * `<outdir>/stacks/<env>` (the folder is replaced, so no stale asset survives).
 */
export function synthEnvironment(input: EnvironmentInput, options: SynthOptions): SynthResult {
  const started = performance.now();
  const config = parseEnvironmentConfig(input);
  const outdir = resolve(options.outdir ?? join(options.workspaceRoot, 'cdktf.out'));
  const stackDir = join(outdir, 'stacks', config.name);
  rmSync(stackDir, { recursive: true, force: true });
  const app = new App({ outdir, stackTraces: false });
  new LakehouseStack(app, {
    config,
    glueRunnerDir: options.glueRunnerDir ?? join(options.workspaceRoot, GLUE_RUNNER_DIR),
    apps: options.apps ?? lakehouseApps(options.workspaceRoot),
  });
  app.synth();
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) throw new Error(`synth of ${config.name} wrote no ${file}`);
  const resources =
    (JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, object> }).resource ?? {};
  return {
    environment: config.name,
    stackDir,
    resourceCount: Object.values(resources).reduce((n, byName) => n + Object.keys(byName).length, 0),
    milliseconds: Math.round(performance.now() - started),
  };
}

/** The `synth` target of an environment project: synthesize, print a summary, exit 1 on an error. */
export function synthEnvironmentCli(input: EnvironmentInput, options: Partial<SynthOptions> = {}): void {
  try {
    const result = synthEnvironment(input, { workspaceRoot: process.cwd(), ...options });
    console.log(
      `synthesized ${result.environment}: ${result.resourceCount} resources in ${result.milliseconds} ms → ${result.stackDir}`,
    );
  } catch (error) {
    console.error(error instanceof EnvironmentConfigError ? error.message : error);
    process.exitCode = 1;
  }
}
