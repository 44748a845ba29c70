import { plannedChanges } from './plan-changes';

describe('plannedChanges', () => {
  it('is empty for a plan of no-ops and data-source reads', () => {
    expect(
      plannedChanges({
        resource_changes: [
          { address: 'aws_s3_bucket.raw', change: { actions: ['no-op'] } },
          { address: 'data.aws_iam_policy_document.tls', change: { actions: ['read'] } },
        ],
        output_changes: { bucket: { actions: ['no-op'] } },
      }),
    ).toEqual([]);
    expect(plannedChanges({})).toEqual([]);
  });

  it('lists created, updated, replaced and deleted resources and changed outputs', () => {
    expect(
      plannedChanges({
        resource_changes: [
          { address: 'aws_sqs_queue.dlq', change: { actions: ['create'] } },
          { address: 'aws_kms_key.data', change: { actions: ['update'] } },
          { address: 'aws_lambda_function.trigger', change: { actions: ['delete', 'create'] } },
          { address: 'aws_cloudwatch_log_group.legacy', change: { actions: ['delete'] } },
          { address: 'aws_s3_bucket.raw', change: { actions: ['no-op'] } },
        ],
        output_changes: { topic: { actions: ['create'] }, bucket: { actions: ['no-op'] } },
      }),
    ).toEqual([
      'aws_cloudwatch_log_group.legacy',
      'aws_kms_key.data',
      'aws_lambda_function.trigger',
      'aws_sqs_queue.dlq',
      'output.topic',
    ]);
  });
});
