import { datasets } from '@lakehouse/contracts';
import { glueSpec } from '../test/glue-spec';
import { buildGlueWorkflow, workflowWaves } from './glue-workflow';

describe('the Glue workflow DAG', () => {
  const workflow = buildGlueWorkflow(glueSpec(datasets));

  it('starts the parents together, then the child, then the curated table', () => {
    expect(workflowWaves(workflow)).toEqual([['products', 'orders'], ['order_items'], ['daily_sales']]);
  });

  it('is an ON_DEMAND start trigger and one CONDITIONAL trigger per dependent job', () => {
    expect(workflow.triggers).toEqual([
      {
        name: 'lakehouse-test-load-start',
        type: 'ON_DEMAND',
        actions: ['lakehouse-test-products', 'lakehouse-test-orders'],
      },
      {
        name: 'lakehouse-test-load-order_items',
        type: 'CONDITIONAL',
        actions: ['lakehouse-test-order_items'],
        predicate: {
          logical: 'AND',
          conditions: [
            { jobName: 'lakehouse-test-orders', state: 'SUCCEEDED', logicalOperator: 'EQUALS' },
            { jobName: 'lakehouse-test-products', state: 'SUCCEEDED', logicalOperator: 'EQUALS' },
          ],
        },
      },
      {
        name: 'lakehouse-test-load-daily_sales',
        type: 'CONDITIONAL',
        actions: ['lakehouse-test-daily_sales'],
        predicate: {
          logical: 'AND',
          conditions: [
            { jobName: 'lakehouse-test-orders', state: 'SUCCEEDED', logicalOperator: 'EQUALS' },
            { jobName: 'lakehouse-test-order_items', state: 'SUCCEEDED', logicalOperator: 'EQUALS' },
          ],
        },
      },
    ]);
  });

  it('gives each job its arguments by the names the runner parses', () => {
    const orders = workflow.jobs.find((j) => j.table === 'orders')!;
    expect(orders.arguments).toEqual({
      '--dataset': 'orders',
      '--plan-s3-uri': 's3://assets/plans/orders.spark-plan.json',
      '--rejected-prefix': 's3://rejected-bucket',
      '--reports-prefix': 's3://reports-bucket',
      '--state-table': 'lakehouse-test-control',
      '--job-name': 'orders',
      '--quality-gate': JSON.stringify(datasets.get('orders').quality),
    });
    // The manifest differs per run: it is a workflow run property, never a job argument.
    for (const job of workflow.jobs) expect(job.arguments).not.toHaveProperty('--manifest-s3-uri');
  });

  it('refuses a curated table reading an unknown dataset, and a job no trigger starts', () => {
    expect(() =>
      buildGlueWorkflow({ ...glueSpec(datasets), curated: [{ name: 'weekly', sources: ['returns'] }] }),
    ).toThrow('curated table "weekly" reads unknown dataset "returns"');
    const orphan = { ...workflow, triggers: workflow.triggers.slice(0, 1) };
    expect(() => workflowWaves(orphan)).toThrow(
      'no trigger of the workflow starts lakehouse-test-order_items, lakehouse-test-daily_sales',
    );
  });

  it('names a job whose arguments miss a required value or are not job arguments', () => {
    const spec = glueSpec(datasets);
    expect(() =>
      buildGlueWorkflow({
        ...spec,
        jobArguments: (t, k) => ({ ...spec.jobArguments(t, k), 'state-table': undefined as never }),
      }),
    ).toThrow('Glue job lakehouse-test-products: --state-table is required');
    expect(() =>
      buildGlueWorkflow({
        ...spec,
        jobArguments: (t, k) => ({ ...spec.jobArguments(t, k), 'manifest-s3-uri': 's3://x/m.json' }) as never,
      }),
    ).toThrow('Glue job lakehouse-test-products: "manifest-s3-uri" is not a job argument');
    expect(() =>
      buildGlueWorkflow({
        ...spec,
        jobArguments: (t, k) => ({ ...spec.jobArguments(t, k), 'reports-prefix': '/tmp/reports' }),
      }),
    ).toThrow('Glue job lakehouse-test-products: --reports-prefix must be an s3:// URI (got "/tmp/reports")');
  });
});
