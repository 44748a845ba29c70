import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { RAW_FILE_SUFFIX, RAW_PREFIX } from '@lakehouse/storage';
import { Construct } from 'constructs';
import { statement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import type { LakehouseFunction } from '../functions/lakehouse-function';
import { LakehouseQueue } from '../messaging/lakehouse-queue';
import type { IngestionProps, IngestionSchedule, IngestionTriggerOptions } from './ingestion-props';

/**
 * New raw files → S3 notification → an encrypted SQS queue (with a dead-letter queue) that admits
 * only this bucket → the trigger function (partial batch responses, `connect`). Optionally a
 * schedule that asks the trigger to start a run of the pending files.
 */
export class Ingestion extends Construct {
  readonly queue: LakehouseQueue;
  readonly deadLetterQueue: LakehouseQueue;
  readonly notification: S3BucketNotification;
  private connected = false;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: IngestionProps,
  ) {
    super(scope, id);
    const { naming, bucket, key } = props;
    new PropsValidator('Ingestion', scope, id)
      .integer(props.maxReceiveCount, 'maxReceiveCount', 1, 1000)
      .integer(props.visibilityTimeoutSeconds, 'visibilityTimeoutSeconds', 30, 43_200)
      .check(
        (props.prefix ?? RAW_PREFIX).length > 0,
        'prefix must not be empty: only raw files may start runs',
      )
      .throwIfInvalid();

    this.deadLetterQueue = new LakehouseQueue(this, 'DeadLetters', {
      queueName: naming.name('raw-notifications-dlq'),
      key,
      retentionSeconds: 1_209_600,
    });
    this.queue = new LakehouseQueue(this, 'Notifications', {
      queueName: naming.name('raw-notifications'),
      key,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds ?? 360,
      retentionSeconds: 345_600,
      deadLetter: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.queue.addToResourcePolicy(
      statement(['sqs:SendMessage'], [this.queue.arn], {
        sid: 'OnlyTheRawBucketNotifies',
        principal: { Service: 's3.amazonaws.com' },
        conditions: {
          ArnEquals: { 'aws:SourceArn': bucket.arn },
          StringEquals: { 'aws:SourceAccount': naming.accountId },
        },
      }),
    );
    this.notification = new S3BucketNotification(this, 'Notification', {
      bucket: bucket.bucket.id,
      queue: [
        {
          queueArn: this.queue.arn,
          events: ['s3:ObjectCreated:*'],
          filterPrefix: props.prefix ?? RAW_PREFIX,
          filterSuffix: props.suffix ?? RAW_FILE_SUFFIX,
        },
      ],
      // S3 checks it may send to the queue when the notification is set.
      dependsOn: [this.queue.queuePolicy],
    });
  }

  /** Connects the trigger: it consumes the queue and, when scheduled, is invoked by the schedule. */
  connect(trigger: LakehouseFunction, options: IngestionTriggerOptions = {}): LambdaEventSourceMapping {
    new PropsValidator('Ingestion', this.node.scope!, this.node.id)
      .check(
        this.queue.visibilityTimeoutSeconds >= 6 * trigger.timeoutSeconds,
        `the queue's visibility timeout (${this.queue.visibilityTimeoutSeconds} s) must be at least six times the trigger's timeout (${trigger.timeoutSeconds} s)`,
      )
      .integer(options.batchSize, 'batchSize', 1, 10)
      .integer(options.maximumConcurrency, 'maximumConcurrency', 2, 1000)
      .check(!this.connected, 'a trigger is connected already')
      .throwIfInvalid();
    this.connected = true;
    this.queue.grantConsumeMessages(trigger);
    const mapping = new LambdaEventSourceMapping(this, 'TriggerMapping', {
      eventSourceArn: this.queue.arn,
      functionName: trigger.arn,
      batchSize: options.batchSize ?? 10,
      maximumBatchingWindowInSeconds: options.maximumBatchingWindowSeconds ?? 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: options.maximumConcurrency ?? 2 },
    });
    if (options.schedule) this.addSchedule(trigger, options.schedule);
    return mapping;
  }

  private addSchedule(trigger: LakehouseFunction, schedule: IngestionSchedule): void {
    const { naming, key } = this.props;
    const role = new ServiceRole(this, 'SchedulerRole', {
      roleName: naming.name('ingestion-schedule'),
      service: 'scheduler.amazonaws.com',
      description: 'Invokes the trigger on the ingestion schedule',
      sourceAccount: naming.accountId,
    });
    trigger.grantInvoke(role);
    this.deadLetterQueue.grantSendMessages(role);
    key.grantDecrypt(role);
    new SchedulerSchedule(this, 'Schedule', {
      name: naming.name('start-pending-run'),
      description: 'Asks the trigger to start a run of the pending raw files',
      scheduleExpression: schedule.expression,
      scheduleExpressionTimezone: schedule.timeZone ?? 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      kmsKeyArn: key.arn,
      target: {
        arn: trigger.arn,
        roleArn: role.arn,
        input: JSON.stringify(schedule.input),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      },
    });
  }
}
