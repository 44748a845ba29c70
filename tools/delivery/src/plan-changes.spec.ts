import { parsePlan } from '@lakehouse/plan-review';
import { plannedChanges } from './plan-changes';

/** A plan document in the JSON plan format with these changes (each change as Terraform writes it). */
const plan = (
  resources: readonly { address: string; actions: string[] }[],
  outputs: Record<string, string[]> = {},
) =>
  parsePlan(
    JSON.stringify({
      format_version: '1.2',
      planned_values: {},
      resource_changes: resources.map(({ address, actions }) => ({
        address,
        mode: address.startsWith('data.') ? 'data' : 'managed',
        type: address.replace(/^data\./, '').split('.')[0],
        name: address.split('.').pop(),
        change: { actions, before: null, after: null },
      })),
      output_changes: Object.fromEntries(
        Object.entries(outputs).map(([name, actions]) => [name, { actions }]),
      ),
    }),
    'plan.json',
  );

describe('plannedChanges', () => {
  it('is empty for a plan of no-ops and data-source reads', () => {
    expect(
      plannedChanges(
        plan(
          [
            { address: 'aws_s3_bucket.raw', actions: ['no-op'] },
            { address: 'data.aws_iam_policy_document.tls', actions: ['read'] },
          ],
          { bucket: ['no-op'] },
        ),
      ),
    ).toEqual([]);
    expect(plannedChanges(plan([]))).toEqual([]);
  });

  it('lists created, updated, replaced and deleted resources and changed outputs', () => {
    expect(
      plannedChanges(
        plan(
          [
            { address: 'aws_sqs_queue.dlq', actions: ['create'] },
            { address: 'aws_kms_key.data', actions: ['update'] },
            { address: 'aws_lambda_function.trigger', actions: ['delete', 'create'] },
            { address: 'aws_cloudwatch_log_group.legacy', actions: ['delete'] },
            { address: 'aws_s3_bucket.raw', actions: ['no-op'] },
          ],
          { topic: ['create'], bucket: ['no-op'] },
        ),
      ),
    ).toEqual([
      'aws_cloudwatch_log_group.legacy',
      'aws_kms_key.data',
      'aws_lambda_function.trigger',
      'aws_sqs_queue.dlq',
      'output.topic',
    ]);
  });
});
