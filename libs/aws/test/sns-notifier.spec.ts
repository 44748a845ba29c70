import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, fauxqsForTests, type RunningServer } from '@lakehouse/testing';
import { awsClientConfig, NotifierError, SnsNotifier, snsErrorOf, NotifierUnavailableError } from '../src';

describe('SnsNotifier (fauxqs: SNS topic → SQS subscription)', () => {
  let server: RunningServer;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    server = await fauxqsForTests();
    const config = awsClientConfig({
      endpoint: server.endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
    });
    sns = new SNSClient(config);
    sqs = new SQSClient(config);
  }, 60_000);
  afterAll(async () => {
    sns.destroy();
    sqs.destroy();
    await server.close();
  });

  async function topicWithQueue(name: string) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-inbox` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
    return { topicArn: TopicArn!, queueUrl: QueueUrl! };
  }

  it('publishes the body, the subject and the run id and status as attributes', async () => {
    const { topicArn, queueUrl } = await topicWithQueue('run-outcomes');
    const notifier = new SnsNotifier({ client: sns, topicArn });
    const body = {
      runId: 'run-42',
      status: 'SUCCEEDED_WITH_WARNINGS',
      warnings: ['orders: validity 0.96 < 0.97'],
    };
    const { messageId } = await notifier.publish({
      runId: 'run-42',
      status: 'SUCCEEDED_WITH_WARNINGS',
      subject: 'lakehouse run run-42: SUCCEEDED_WITH_WARNINGS',
      body,
    });
    expect(messageId).not.toBe('');

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }),
    );
    expect(Messages).toHaveLength(1);
    const envelope = JSON.parse(Messages![0].Body!);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      MessageId: messageId,
      Subject: 'lakehouse run run-42: SUCCEEDED_WITH_WARNINGS',
      MessageAttributes: {
        runId: { Type: 'String', Value: 'run-42' },
        status: { Type: 'String', Value: 'SUCCEEDED_WITH_WARNINGS' },
      },
    });
    expect(JSON.parse(envelope.Message)).toEqual(body);
  });

  it('says which topic does not exist', async () => {
    const notifier = new SnsNotifier({
      client: sns,
      topicArn: `arn:aws:sns:${FAUXQS_REGION}:000000000000:nowhere`,
    });
    const error = await notifier
      .publish({ runId: 'run-1', status: 'FAILED', subject: 's', body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifierError);
    expect((error as Error).message).toBe(
      `publishing to arn:aws:sns:${FAUXQS_REGION}:000000000000:nowhere failed: the topic does not exist`,
    );
  });

  it('maps throttling to the transient error', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
    expect(snsErrorOf('arn:t', throttled)).toBeInstanceOf(NotifierUnavailableError);
    expect(snsErrorOf('arn:t', throttled).message).toBe(
      'publishing to arn:t failed, still unavailable after retries: ThrottledException: Rate exceeded',
    );
  });
});
