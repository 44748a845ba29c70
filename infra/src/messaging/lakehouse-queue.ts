import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { PolicyDocument, statement, type PolicyStatement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseQueueProps } from './lakehouse-queue-props';

/**
 * A standard SQS queue encrypted with a customer key, TLS-only, with an optional dead-letter
 * queue. `grant…` methods grant the queue and the key.
 */
export class LakehouseQueue extends Construct {
  readonly queue: SqsQueue;
  readonly queueName: string;
  readonly arn: string;
  readonly visibilityTimeoutSeconds: number;
  readonly key: LakehouseKey;
  readonly queuePolicy: SqsQueuePolicy;
  private readonly policy = new PolicyDocument();

  constructor(scope: Construct, id: string, props: LakehouseQueueProps) {
    super(scope, id);
    this.visibilityTimeoutSeconds = props.visibilityTimeoutSeconds ?? 30;
    new PropsValidator('LakehouseQueue', scope, id)
      .check(/^[A-Za-z0-9_-]{1,80}$/.test(props.queueName), `"${props.queueName}" is not a queue name`)
      .integer(this.visibilityTimeoutSeconds, 'visibilityTimeoutSeconds', 0, 43_200)
      .integer(props.retentionSeconds, 'retentionSeconds', 60, 1_209_600)
      .integer(props.deadLetter?.maxReceiveCount, 'deadLetter.maxReceiveCount', 1, 1000)
      .throwIfInvalid();
    this.key = props.key;
    this.queueName = props.queueName;
    this.queue = new SqsQueue(this, 'Queue', {
      name: props.queueName,
      kmsMasterKeyId: props.key.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      visibilityTimeoutSeconds: this.visibilityTimeoutSeconds,
      messageRetentionSeconds: props.retentionSeconds ?? 345_600,
      receiveWaitTimeSeconds: 20,
      redrivePolicy: props.deadLetter
        ? JSON.stringify({
            deadLetterTargetArn: props.deadLetter.queue.arn,
            maxReceiveCount: props.deadLetter.maxReceiveCount,
          })
        : undefined,
    });
    this.arn = this.queue.arn;
    if (props.deadLetter) {
      // Only this queue may move messages into its dead-letter queue.
      new SqsQueueRedriveAllowPolicy(this, 'DeadLetterSource', {
        queueUrl: props.deadLetter.queue.queue.url,
        redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.arn] }),
      });
    }
    this.policy.add(
      statement(['sqs:*'], [this.arn], {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principal: '*',
        conditions: { Bool: { 'aws:SecureTransport': false } },
      }),
    );
    this.queuePolicy = new SqsQueuePolicy(this, 'Policy', {
      queueUrl: this.queue.url,
      policy: this.policy.lazyJson(),
    });
  }

  addToResourcePolicy(s: PolicyStatement): void {
    this.policy.add(s);
  }

  /** Receive, delete and extend messages (an event source mapping's poller uses the function's role). */
  grantConsumeMessages(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        [this.arn],
      ),
    );
    this.key.grantDecrypt(grantee);
  }

  grantSendMessages(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['sqs:SendMessage', 'sqs:GetQueueAttributes'], [this.arn]));
    this.key.grantEncryptDecrypt(grantee);
  }
}
