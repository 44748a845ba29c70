import type { DatasetRegistry } from '@lakehouse/contracts';
import type { GlueWorkflowSpec } from '../src';

/** The workflow spec infra would pass: names and the job-scoped arguments of each table's job. */
export const glueSpec = (registry: DatasetRegistry): GlueWorkflowSpec => ({
  registry,
  curated: [{ name: 'daily_sales', sources: ['orders', 'order_items'] }],
  workflowName: 'lakehouse-test-load',
  jobName: (table) => `lakehouse-test-${table}`,
  jobArguments: (table, kind) => ({
    dataset: table,
    'plan-s3-uri': `s3://assets/plans/${table}.spark-plan.json`,
    'rejected-prefix': 's3://rejected-bucket',
    'reports-prefix': 's3://reports-bucket',
    'state-table': 'lakehouse-test-control',
    'job-name': table,
    ...(kind === 'dataset'
      ? { 'quality-gate': JSON.stringify(registry.get(table).quality) }
      : { 'publish-allowed': 'true' }),
  }),
});
