import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
let built: string | undefined;

/** The real Glue runner bundle, built once per test file into a temporary folder. */
export function runnerBundle(): string {
  if (!built) {
    built = mkdtempSync(join(tmpdir(), 'glue-bundle-'));
    execFileSync('python3', [join(ROOT, 'apps', 'glue-jobs', 'tools', 'bundle.py'), built], {
      stdio: 'ignore',
    });
  }
  return built;
}

/**
 * Parses each job's arguments with the runner's own parser (apps/glue-jobs args.py), as Glue would
 * start the job in a workflow run whose properties hold the run-scoped arguments.
 */
export function parseWithRunner(
  jobs: readonly Record<string, string>[],
  runProperties: Record<string, string>,
): Record<string, unknown>[] {
  const argvs = jobs.map((args) => [
    'glue_entry.py',
    ...Object.entries(args).flat(),
    '--WORKFLOW_NAME',
    'wf',
    '--WORKFLOW_RUN_ID',
    'wr_1',
  ]);
  return runnerJson(
    [
      'import dataclasses',
      'from lakehouse_runner.args import parse_args',
      'argvs, props = json.loads(sys.argv[1]), json.loads(sys.argv[2])',
      'print(json.dumps([dataclasses.asdict(parse_args(argv, run_properties=lambda w, r: props)) for argv in argvs]))',
    ],
    [JSON.stringify(argvs), JSON.stringify(runProperties)],
  );
}

/** Joins `s3://` prefixes and path parts with the runner's own `join_uri` (apps/glue-jobs aws.py). */
export function joinWithRunner(joins: readonly (readonly string[])[]): string[] {
  return runnerJson(
    [
      'from lakehouse_runner.aws import join_uri',
      'print(json.dumps([join_uri(*parts) for parts in json.loads(sys.argv[1])]))',
    ],
    [JSON.stringify(joins)],
  );
}

/** Runs Python lines with the runner's package importable; returns what they print, parsed as JSON. */
function runnerJson<T>(lines: readonly string[], args: readonly string[]): T {
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'apps', 'glue-jobs', 'src'))})`,
    ...lines,
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, ...args], { encoding: 'utf8' })) as T;
}

/** How the runner splits a cross-checks plan over the dataset jobs (apps/glue-jobs cross_checks.py `for_dataset`). */
export function splitWithRunner(
  planJson: string,
  datasets: readonly string[],
): Record<string, { writesRunKeys: boolean; runsChecks: boolean; readsRunKeysOf: string[] }> {
  return runnerJson(
    [
      'from lakehouse_runner import cross_checks',
      'plan = cross_checks.load(sys.argv[1])',
      'parts = {d: cross_checks.for_dataset(plan, d) for d in json.loads(sys.argv[2])}',
      'print(json.dumps({d: {"writesRunKeys": p.writes_run_keys, "runsChecks": bool(p.statements), "readsRunKeysOf": [ds for _, ds in p.parent_run_keys]} for d, p in parts.items()}))',
    ],
    [planJson, JSON.stringify(datasets)],
  );
}

/** Where the runner writes a dataset's run keys (apps/glue-jobs cross_checks.py `run_keys_uri`). */
export function runKeysUriWithRunner(reportsPrefix: string, runId: string, dataset: string): string {
  return runnerJson(
    [
      'from lakehouse_runner.cross_checks import run_keys_uri',
      'print(json.dumps(run_keys_uri(*sys.argv[1:4])))',
    ],
    [reportsPrefix, runId, dataset],
  );
}
