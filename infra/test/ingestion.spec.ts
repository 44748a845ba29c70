import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { RAW_FILE_SUFFIX, RAW_PREFIX } from '@lakehouse/storage';
import { Ingestion } from '../src/ingestion/ingestion';
import type { IngestionProps } from '../src/ingestion/ingestion-props';
import { ACCOUNT, fixtureFunction, naming, policyOf, resources, stackWithFunctions, synth } from './support';

function ingestionStack(props: Partial<IngestionProps> = {}, triggerTimeout = 60) {
  const { stack, f, functions } = stackWithFunctions([
    fixtureFunction('trigger', { timeoutSeconds: triggerTimeout }),
  ]);
  const ingestion = new Ingestion(stack, 'Ingestion', {
    naming,
    bucket: f.storage.buckets.raw,
    key: f.kms.data,
    ...props,
  });
  return { stack, ingestion, trigger: functions.function('trigger') };
}

describe('Ingestion', () => {
  const { stack, ingestion, trigger } = ingestionStack();
  ingestion.connect(trigger, {
    batchSize: 5,
    schedule: { expression: 'cron(0 6 * * ? *)', timeZone: 'Europe/Dublin', input: { startPending: true } },
  });
  const text = synth(stack);
  const json = JSON.parse(text);

  it('announces new raw .csv objects to the queue, with the prefix and suffix the pipeline uses', () => {
    expect(text).toHaveResourceWithProperties(S3BucketNotification, {
      bucket: expect.stringContaining('Storage_raw_Bucket'),
      queue: [
        expect.objectContaining({
          events: ['s3:ObjectCreated:*'],
          filter_prefix: RAW_PREFIX,
          filter_suffix: RAW_FILE_SUFFIX,
        }),
      ],
      depends_on: [expect.stringContaining('aws_sqs_queue_policy.Ingestion_Notifications')],
    });
  });

  it('encrypts both queues with the data key and redrives to the DLQ after five receives', () => {
    const queues = Object.values(resources(json, 'aws_sqs_queue')).filter((q) =>
      String(q.name).startsWith('lakehouse-test-raw'),
    );
    expect(queues).toHaveLength(2);
    expect(queues.every((q) => String(q.kms_master_key_id).includes('Kms_Data'))).toBe(true);
    expect(text).toHaveResourceWithProperties(SqsQueue, {
      name: 'lakehouse-test-raw-notifications',
      visibility_timeout_seconds: 360,
      redrive_policy: expect.stringContaining('"maxReceiveCount":5'),
    });
    const allow = Object.values(resources(json, 'aws_sqs_queue_redrive_allow_policy'))[0];
    expect(JSON.parse(String(allow.redrive_allow_policy))).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: [expect.stringContaining('Ingestion_Notifications_Queue')],
    });
  });

  it('admits only this bucket of this account to the queue, over TLS', () => {
    const policy = Object.values(resources(json, 'aws_sqs_queue_policy')).find((p) =>
      String(p.queue_url).includes('Ingestion_Notifications'),
    )!;
    const statements = policyOf(policy).Statement;
    expect(statements.find((s) => s.Sid === 'OnlyTheRawBucketNotifies')).toEqual({
      Sid: 'OnlyTheRawBucketNotifies',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: ['sqs:SendMessage'],
      Resource: [expect.stringContaining('Ingestion_Notifications_Queue')],
      Condition: {
        ArnEquals: { 'aws:SourceArn': expect.stringContaining('Storage_raw_Bucket') },
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
      },
    });
    expect(statements.find((s) => s.Sid === 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny' });
  });

  it('maps the queue to the trigger with partial batch responses', () => {
    expect(text).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      function_response_types: ['ReportBatchItemFailures'],
      batch_size: 5,
      event_source_arn: expect.stringContaining('Ingestion_Notifications_Queue'),
      function_name: expect.stringContaining('Functions_trigger_Function'),
      scaling_config: { maximum_concurrency: 2 },
    });
    const triggerPolicy = Object.values(resources(json, 'aws_iam_role_policy')).find(
      (p) => p.name === 'lakehouse-test-trigger-policy',
    )!;
    expect(policyOf(triggerPolicy).Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
          Resource: [expect.stringContaining('Ingestion_Notifications_Queue')],
        }),
      ]),
    );
  });

  it('invokes the trigger on the schedule, with its input, a retry policy and the DLQ', () => {
    const schedule = Object.values(resources(json, 'aws_scheduler_schedule'))[0];
    expect(schedule).toMatchObject({
      schedule_expression: 'cron(0 6 * * ? *)',
      schedule_expression_timezone: 'Europe/Dublin',
      kms_key_arn: expect.stringContaining('Kms_Data'),
      target: {
        input: '{"startPending":true}',
        dead_letter_config: { arn: expect.stringContaining('Ingestion_DeadLetters') },
      },
    });
    const role = Object.values(resources(json, 'aws_iam_role_policy')).find(
      (p) => p.name === 'lakehouse-test-ingestion-schedule-policy',
    )!;
    const invoke = policyOf(role).Statement.find((s) =>
      (s.Action as string[]).includes('lambda:InvokeFunction'),
    )!;
    expect(invoke.Resource).toEqual([
      expect.stringContaining('Functions_trigger_Function'),
      expect.stringMatching(/Functions_trigger_Function\w+\.arn\}:\*$/),
    ]);
  });

  it('has no schedule unless configured', () => {
    const plain = ingestionStack();
    plain.ingestion.connect(plain.trigger);
    expect(resources(JSON.parse(synth(plain.stack)), 'aws_scheduler_schedule')).toEqual({});
  });

  it("refuses a trigger whose timeout the queue's visibility does not cover six times", () => {
    const slow = ingestionStack({}, 120);
    expect(() => slow.ingestion.connect(slow.trigger)).toThrow(
      "Ingestion (test/Ingestion): the queue's visibility timeout (360 s) must be at least six times the trigger's timeout (120 s)",
    );
  });
});
