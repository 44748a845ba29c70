import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { datasets } from '@lakehouse/contracts';
import { compileCrossChecksPlan, compilePlan, CROSS_CHECKS, DAILY_SALES } from '@lakehouse/engine';
import { DELTA_SPARK_CONFS, GLUE_JOB_ARGUMENTS, RUN_PROPERTIES } from '@lakehouse/orchestration';
import { createHash } from 'node:crypto';
import { sparkConfArgument } from '../src/glue/glue';
import type { GlueJobSizing } from '../src/glue/glue-props';
import { parseWithRunner, splitWithRunner } from './glue-fixture';
import { ACCOUNT, foundation, glueFor, policyOf, resources, synth, testStack } from './support';

function glueStack(sizing?: GlueJobSizing) {
  const stack = testStack();
  const f = foundation(stack);
  const glue = glueFor(stack, f, sizing);
  const text = synth(stack);
  return { stack, glue, catalog: f.catalog, text, json: JSON.parse(text) };
}

describe('Glue', () => {
  const { glue, catalog, text, json } = glueStack({ workerType: 'G.2X', maxWorkers: 6 });
  const jobs = Object.values(resources(json, 'aws_glue_job'));
  const jobOf = (table: string) => jobs.find((j) => j.name === `lakehouse-test-${table}`)!;
  const args = (table: string) => jobOf(table).default_arguments as Record<string, string>;

  it('runs one job per dataset and per curated table, Glue 5.0 with Delta, in the VPC, with the security configuration', () => {
    expect(jobs.map((j) => j.name).sort()).toEqual(
      [...datasets.names, DAILY_SALES].map((t) => `lakehouse-test-${t}`).sort(),
    );
    expect(text).toHaveResourceWithProperties(GlueJob, {
      glue_version: '5.0',
      worker_type: 'G.2X',
      number_of_workers: 6,
      security_configuration: 'lakehouse-test-glue',
      connections: ['lakehouse-test-vpc-0', 'lakehouse-test-vpc-1'],
      execution_property: { max_concurrent_runs: 1 },
    });
    for (const job of jobs) {
      const a = job.default_arguments as Record<string, string>;
      expect(a['--datalake-formats']).toBe('delta');
      expect(a['--conf']).toBe(
        `spark.sql.extensions=${DELTA_SPARK_CONFS['spark.sql.extensions']} --conf spark.sql.catalog.spark_catalog=${DELTA_SPARK_CONFS['spark.sql.catalog.spark_catalog']}`,
      );
      expect(a['--job-bookmark-option']).toBe('job-bookmark-disable');
      expect(a['--enable-auto-scaling']).toBe('true');
      expect(a['--continuous-log-logGroup']).toBe('/lakehouse/test/glue/jobs');
    }
  });

  it("sets the orchestration's job arguments, which the runner's own parser accepts", () => {
    const manifest = { [RUN_PROPERTIES.manifest]: 's3://reports/run-1.manifest.json' };
    const parsed = parseWithRunner(
      glue.definition.jobs.map((node) => args(node.table)),
      manifest,
    );
    glue.definition.jobs.forEach((node, i) => {
      const a = args(node.table);
      expect(a).toEqual(expect.objectContaining(node.arguments));
      const jobScoped = GLUE_JOB_ARGUMENTS.filter((spec) => spec.scope === 'job' && spec.required).map(
        (spec) => `--${spec.name}`,
      );
      expect(Object.keys(a)).toEqual(expect.arrayContaining(jobScoped));
      expect(parsed[i]).toMatchObject({
        dataset: node.table,
        plan_s3_uri: a['--plan-s3-uri'],
        manifest_s3_uri: 's3://reports/run-1.manifest.json',
        state_table: 'lakehouse-test-control',
        job_name: node.jobName,
        database: 'lakehouse_test',
        table_location: catalog.tableLocation(node.table),
      });
    });
    expect(JSON.parse(args('orders')['--quality-gate'])).toEqual(datasets.get('orders').quality);
    expect(args(DAILY_SALES)['--quality-gate']).toBeUndefined();
  });

  it('uploads each compiled plan by its content hash, compiled for this catalog', () => {
    const objects = Object.values(resources(json, 'aws_s3_object'));
    const plan = objects.find((o) => String(o.key).startsWith('glue/plans/orders/'))!;
    const expected = JSON.stringify(
      compilePlan(datasets.get('orders'), 'spark', {
        tableName: (t) => `lakehouse_test.${t}`,
        tableLocation: (t) => catalog.tableLocation(t),
      }),
    );
    expect(plan.content).toBe(expected);
    expect(plan.key).toBe(`glue/plans/orders/${createHash('sha256').update(expected).digest('hex')}.json`);
    expect(args('orders')['--plan-s3-uri']).toBe(`s3://lakehouse-test-${ACCOUNT}-assets/${plan.key}`);
    expect(expected).toContain(`LOCATION '${catalog.tableLocation('orders')}'`);
    const script = objects.find((o) => String(o.key).startsWith('glue/scripts/'))!;
    expect(script.key).toMatch(/^glue\/scripts\/[0-9a-f]{64}\.py$/);
    expect(script.source).toMatch(/^assets\/.+\/glue_entry\.py$/);
  });

  it('starts the parents on demand, then each job when its parents succeeded', () => {
    const triggers = Object.values(resources(json, 'aws_glue_trigger'));
    expect(triggers.map((t) => [t.name, t.type]).sort()).toEqual(
      glue.definition.triggers.map((t) => [t.name, t.type]).sort(),
    );
    const items = triggers.find((t) => t.name === 'lakehouse-test-load-order_items')!;
    expect(items).toMatchObject({
      workflow_name: 'lakehouse-test-load',
      start_on_creation: true,
      actions: [{ job_name: 'lakehouse-test-order_items' }],
      predicate: {
        logical: 'AND',
        conditions: expect.arrayContaining([
          { job_name: 'lakehouse-test-orders', state: 'SUCCEEDED', logical_operator: 'EQUALS' },
          { job_name: 'lakehouse-test-products', state: 'SUCCEEDED', logical_operator: 'EQUALS' },
        ]),
      },
    });
  });

  const policy = (table: string) =>
    policyOf(
      Object.values(resources(json, 'aws_iam_role_policy')).find(
        (p) => p.name === `lakehouse-test-job-${table}-policy`,
      )!,
    ).Statement;

  it("gives each job a role that reaches only its own dataset's files and table", () => {
    const resourcesOf = (table: string) => policy(table).flatMap((s) => s.Resource as string[]);
    const orders = resourcesOf('orders');
    expect(orders).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/raw_Bucket_\w+\.arn\}\/raw\/orders\/\*$/),
        expect.stringMatching(/lakehouse_Bucket_\w+\.arn\}\/orders\/\*$/),
      ]),
    );
    expect(orders.some((r) => r.includes('/raw/products/'))).toBe(false);
    expect(
      orders.some((r) => r.endsWith('lakehouse_Bucket') || /lakehouse_Bucket_\w+\.arn\}\/products\//.test(r)),
    ).toBe(false);
    const items = policy('order_items');
    const lakehouseWrites = items
      .filter((s) => (s.Action as string[]).includes('s3:PutObject'))
      .flatMap((s) => s.Resource as string[])
      .filter((r) => r.includes('lakehouse_Bucket'));
    expect(lakehouseWrites).toEqual([expect.stringMatching(/\/order_items\/\*$/)]);
    const bookmark = items.find((s) => (s.Action as string[]).includes('dynamodb:UpdateItem'))!;
    expect(bookmark.Action).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
  });

  describe('the cross-dataset checks, run inside the dataset jobs', () => {
    const objects = Object.values(resources(json, 'aws_s3_object'));
    const planObject = objects.find((o) => String(o.key).startsWith(`glue/plans/${CROSS_CHECKS}/`))!;
    const reportsResources = (table: string, action: string) =>
      policy(table)
        .filter((s) => (s.Action as string[]).includes(action))
        .flatMap((s) => s.Resource as string[])
        .filter((r) => r.includes('reports_Bucket'))
        .map((r) => r.replace(/^\$\{[^}]+\}\//, ''))
        .sort();

    it('uploads the cross-checks plan compiled for this catalog, by its content hash', () => {
      const expected = JSON.stringify(
        compileCrossChecksPlan('spark', { tableName: (t) => catalog.qualifiedTableName(t) }),
      );
      expect(planObject.content).toBe(expected);
      expect(planObject.key).toBe(
        `glue/plans/${CROSS_CHECKS}/${createHash('sha256').update(expected).digest('hex')}.json`,
      );
      expect(expected).toContain('JOIN lakehouse_test.orders AS t');
    });

    it('gives the plan only to the jobs with a part in it, split as the runner splits it', () => {
      const uri = `s3://lakehouse-test-${ACCOUNT}-assets/${planObject.key}`;
      const withPlan = glue.definition.jobs
        .filter((node) => args(node.table)['--cross-checks-plan-s3-uri'] === uri)
        .map((node) => node.table);
      expect(withPlan).toEqual(['orders', 'order_items']);
      expect(
        jobs.filter((j) => '--cross-checks-plan-s3-uri' in (j.default_arguments as object)),
      ).toHaveLength(2);
      const runner = splitWithRunner(String(planObject.content), datasets.names);
      expect(glue.crossCheckParts).toEqual(runner);
      expect(runner.orders).toEqual({ writesRunKeys: true, runsChecks: false, readsRunKeysOf: [] });
      expect(runner.order_items).toEqual({
        writesRunKeys: false,
        runsChecks: true,
        readsRunKeysOf: ['orders'],
      });
    });

    it("lets the parent's job replace its own run keys and the child's job read them and the parent's report", () => {
      const ordersKeys = ['*/run-keys/orders', '*/run-keys/orders/*'];
      for (const action of ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'])
        expect(reportsResources('orders', action)).toEqual(expect.arrayContaining(ordersKeys));
      expect(reportsResources('orders', 's3:PutObject')).toEqual(['*/orders.json', ...ordersKeys]);
      expect(reportsResources('order_items', 's3:GetObject')).toEqual(
        ['*.manifest.json', '*/orders.json', ...ordersKeys].sort(),
      );
      expect(reportsResources('order_items', 's3:PutObject')).toEqual(['*/order_items.json']);
      expect(reportsResources('order_items', 's3:DeleteObject')).toEqual([]);
      const listed = policy('order_items')
        .filter((s) => (s.Action as string[]).includes('s3:ListBucket'))
        .flatMap(
          (s) => (s.Condition as { StringLike?: { 's3:prefix': string[] } })?.StringLike?.['s3:prefix'] ?? [],
        );
      expect(listed).toEqual(expect.arrayContaining(ordersKeys));
      for (const table of ['products', DAILY_SALES]) {
        expect(policy(table).some((s) => JSON.stringify(s).includes('run-keys'))).toBe(false);
        expect(policy(table).some((s) => JSON.stringify(s).includes(`glue/plans/${CROSS_CHECKS}/`))).toBe(
          false,
        );
      }
      expect(policy('order_items').some((s) => JSON.stringify(s).includes(String(planObject.key)))).toBe(
        true,
      );
    });
  });

  it('joins Spark confs the way Glue reads its single --conf', () => {
    expect(sparkConfArgument({ a: '1', b: '2' })).toBe('a=1 --conf b=2');
  });

  it('refuses sizes Glue does not accept, naming the construct', () => {
    expect(() => glueStack({ maxWorkers: 1, timeoutMinutes: 0 })).toThrow(
      'Glue (test/Glue): sizing.maxWorkers must be an integer from 2 to 299 (got 1); sizing.timeoutMinutes must be an integer from 1 to 2880 (got 0)',
    );
  });
});
