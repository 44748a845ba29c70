import { datasets } from '@lakehouse/contracts';
import { DAILY_SALES } from '@lakehouse/engine';
import { JOB_ARGUMENTS_JSON_PATH, type JobArgumentSpec } from '@lakehouse/orchestration';
import { BucketLocator, datasetReport, rejectedRows, runKeys, type ObjectRef } from '@lakehouse/storage';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinWithRunner, runKeysUriWithRunner } from './glue-fixture';
import { foundation, glueFor, resources, synthJson, testStack } from './support';

/** The runner's argument definition as the Python runner reads it: the generated JSON. */
const RUNNER_ARGUMENTS = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', JOB_ARGUMENTS_JSON_PATH), 'utf8')) as {
    arguments: JobArgumentSpec[];
  }
).arguments;

/** Glue's own job parameters the jobs set (Glue reads them; the runner ignores them). */
const GLUE_PARAMETERS = [
  '--job-language',
  '--datalake-formats',
  '--conf',
  '--extra-py-files',
  '--job-bookmark-option',
  '--enable-glue-datacatalog',
  '--enable-auto-scaling',
  '--enable-metrics',
  '--enable-continuous-cloudwatch-log',
  '--continuous-log-logGroup',
  '--TempDir',
];

describe("the Glue jobs' arguments against the runner's argument definition", () => {
  const stack = testStack();
  const f = foundation(stack);
  glueFor(stack, f);
  const json = synthJson(stack);
  const jobs = Object.values(resources(json, 'aws_glue_job')).map((job) => ({
    name: job.name as string,
    args: job.default_arguments as Record<string, string>,
  }));
  const locator = new BucketLocator(
    Object.fromEntries(Object.entries(f.storage.buckets).map(([zone, b]) => [zone, b.bucketName])),
  );
  const uri = (ref: ObjectRef) => locator.uriOf(ref);

  it('sets every job-scoped argument the runner requires, and nothing the runner does not know but Glue parameters', () => {
    expect(jobs).toHaveLength(datasets.names.length + 1);
    const known = new Set(RUNNER_ARGUMENTS.map((a) => `--${a.name}`));
    for (const { name, args } of jobs) {
      const required = RUNNER_ARGUMENTS.filter((a) => a.required && a.scope === 'job').map(
        (a) => `--${a.name}`,
      );
      expect({ name, missing: required.filter((a) => !(a in args)) }).toEqual({ name, missing: [] });
      const unknown = Object.keys(args).filter((a) => !known.has(a) && !GLUE_PARAMETERS.includes(a));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      // Run-scoped arguments come from the workflow run's properties, never from the job.
      const runScoped = RUNNER_ARGUMENTS.filter((a) => a.scope === 'run').map((a) => `--${a.name}`);
      expect(Object.keys(args).filter((a) => runScoped.includes(a))).toEqual([]);
    }
  });

  it("gives each prefix as the root of its zone's bucket, one bucket per zone", () => {
    const s3Uris = RUNNER_ARGUMENTS.filter((a) => a.kind === 's3-uri' && a.scope === 'job');
    for (const { args } of jobs) {
      for (const spec of s3Uris)
        if (spec.required || `--${spec.name}` in args)
          expect(args[`--${spec.name}`]).toMatch(/^s3:\/\/[a-z0-9-]+\//);
      expect(args['--rejected-prefix']).toBe(`s3://${locator.bucketOf('rejected')}/`);
      expect(args['--reports-prefix']).toBe(`s3://${locator.bucketOf('reports')}/`);
    }
  });

  it('makes the runner write where the pipeline reads: the rejected rows and the dataset report', () => {
    const runId = 'run-1';
    const tables = [...datasets.names, DAILY_SALES];
    const argsOf = (table: string) => jobs.find((j) => j.name === `lakehouse-test-${table}`)!.args;
    // The runner's own joins (main.py): <rejected-prefix>/<dataset>/<runId>.jsonl, <reports-prefix>/<runId>/<dataset>.json
    const joined = joinWithRunner(
      tables.flatMap((table) => [
        [argsOf(table)['--rejected-prefix'], table, `${runId}.jsonl`],
        [argsOf(table)['--reports-prefix'], runId, `${table}.json`],
      ]),
    );
    expect(joined).toEqual(
      tables.flatMap((table) => [uri(rejectedRows(table, runId)), uri(datasetReport(runId, table))]),
    );
  });

  it("makes a parent's job write its run keys where libs/storage names them", () => {
    const reportsPrefix = jobs.find((j) => j.name === 'lakehouse-test-orders')!.args['--reports-prefix'];
    expect(runKeysUriWithRunner(reportsPrefix, 'run-1', 'orders')).toBe(uri(runKeys('run-1', 'orders')));
  });
});
