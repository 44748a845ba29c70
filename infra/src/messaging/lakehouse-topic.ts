import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseTopicProps } from './lakehouse-topic-props';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An SNS topic encrypted with a customer key, TLS-only, with optional e-mail subscriptions. */
export class LakehouseTopic extends Construct {
  readonly topic: SnsTopic;
  readonly topicName: string;
  readonly arn: string;
  private readonly key: LakehouseKey;

  constructor(scope: Construct, id: string, props: LakehouseTopicProps) {
    super(scope, id);
    const emails = props.emails ?? [];
    new PropsValidator('LakehouseTopic', scope, id)
      .check(/^[A-Za-z0-9_-]{1,256}$/.test(props.topicName), `"${props.topicName}" is not a topic name`)
      .check(
        emails.every((e) => EMAIL.test(e)),
        `emails holds an address that is not one: ${emails.filter((e) => !EMAIL.test(e)).join(', ')}`,
      )
      .throwIfInvalid();
    this.key = props.key;
    this.topicName = props.topicName;
    this.topic = new SnsTopic(this, 'Topic', {
      name: props.topicName,
      displayName: props.displayName,
      kmsMasterKeyId: props.key.arn,
    });
    this.arn = this.topic.arn;
    const denyInsecure = statement(['sns:Publish', 'sns:Subscribe'], [this.arn], {
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principal: '*',
      conditions: { Bool: { 'aws:SecureTransport': false } },
    });
    const publishers = (props.publishers ?? []).map((p) =>
      statement(['sns:Publish'], [this.arn], {
        sid: p.sid,
        principal: { Service: p.service },
        conditions: p.conditions,
      }),
    );
    new SnsTopicPolicy(this, 'Policy', {
      arn: this.arn,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [...publishers, denyInsecure] }),
    });
    emails.forEach((email, i) => {
      new SnsTopicSubscription(this, `Email${i}`, { topicArn: this.arn, protocol: 'email', endpoint: email });
    });
  }

  /** Publish to the topic (and encrypt for it). */
  grantPublish(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['sns:Publish'], [this.arn]));
    this.key.grantEncryptDecrypt(grantee);
  }
}
