import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { awsClientConfig, SnsNotifier } from '@lakehouse/aws';
import { openLocalObjects, openTestState } from '@lakehouse/pipeline/testing';
import { IDEMPOTENCY_TABLE } from '@lakehouse/lambda';
import { runSummary } from '@lakehouse/storage';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, fauxqsForTests, uniquePrefix } from '@lakehouse/testing';
import { createHandler } from './handler';

const context = {
  functionName: 'lakehouse-test-notify',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
const RUN = 'run-0123456789abcdef0123456789abcdef01234567';

describe('the notify handler (SNS on fauxqs, idempotency on DynamoDB Local)', () => {
  it('announces a run once, however often the task is retried, with its figures or its cause', async () => {
    const server = await fauxqsForTests();
    const config = awsClientConfig({
      endpoint: server.endpoint,
      region: FAUXQS_REGION,
      credentials: FAUXQS_CREDENTIALS,
    });
    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const db = await openTestState('notify-app');
    const { objects } = await openLocalObjects('notify-app');
    try {
      const name = uniquePrefix('outcomes').slice(0, 60).replace(/\./g, '-');
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}inbox` }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
      const tableName = `${db.prefix}idempotency`;
      await db.client.send(
        new CreateTableCommand({
          TableName: tableName,
          KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await objects.put(
        runSummary(RUN),
        JSON.stringify({
          runId: RUN,
          status: 'SUCCEEDED',
          datasets: { orders: { rowsIn: 3, accepted: 2, rejected: 1, files: [] } },
          warnings: [],
        }),
      );
      const handler = createHandler(() => ({
        notifier: new SnsNotifier({ client: sns, topicArn: TopicArn! }),
        objects,
        idempotency: { client: db.client, tableName },
      }));

      const success = { runId: RUN, pipeline: 'lakehouse', status: 'SUCCEEDED' };
      const first = await handler(success, context);
      const again = await handler(success, context); // a retry after a lost answer
      expect(again).toEqual(first);
      const failure = {
        runId: RUN,
        pipeline: 'lakehouse',
        status: 'FAILED',
        error: { Error: 'LoadFailed', Cause: 'Glue workflow run wr_1 ended ERROR' },
      };
      await handler(failure, context);

      const bodies: Record<string, unknown>[] = [];
      for (let i = 0; i < 3 && bodies.length < 3; i++) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        for (const m of Messages) bodies.push(JSON.parse(JSON.parse(m.Body!).Message));
      }
      expect(bodies).toEqual([
        {
          runId: RUN,
          pipeline: 'lakehouse',
          status: 'SUCCEEDED',
          summary: objects.locationOf(runSummary(RUN)),
          datasets: { orders: { rowsIn: 3, accepted: 2, rejected: 1 } },
          warnings: [],
        },
        expect.objectContaining({
          status: 'FAILED',
          error: { name: 'LoadFailed', message: 'Glue workflow run wr_1 ended ERROR' },
        }),
      ]);
    } finally {
      sns.destroy();
      sqs.destroy();
      await db.close();
      await server.close();
    }
  });
});
