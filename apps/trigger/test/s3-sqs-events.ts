import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientConfig } from '@lakehouse/aws';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, fauxqsForTests, uniquePrefix } from '@lakehouse/testing';
import { s3NotificationBody as pipelineNotificationBody, type CreatedObject } from '@lakehouse/pipeline';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export type { CreatedObject } from '@lakehouse/pipeline';

/** The body S3 sends to SQS for an object (the pipeline's one builder), in a cloud region. */
export const s3NotificationBody = (object: CreatedObject, eventName?: string): string =>
  pipelineNotificationBody(object, { at: new Date('2024-06-01T10:00:00.000Z'), region: 'eu-west-1', eventName });

export const S3_TEST_EVENT = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-06-01T09:00:00.000Z',
  Bucket: 'raw-bucket',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});

/**
 * A queue on fauxqs that messages go through, so each record the handler gets is an SQS message
 * as SQS delivered it, in the shape the Lambda event source mapping gives it to the function.
 */
export async function sqsThrough() {
  const server = await fauxqsForTests();
  const client = new SQSClient(
    awsClientConfig({ endpoint: server.endpoint, region: FAUXQS_REGION, credentials: FAUXQS_CREDENTIALS }),
  );
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: uniquePrefix('trigger').slice(0, 70) }),
  );
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes!.QueueArn!;

  /** Sends the bodies and receives them back as one Lambda SQS event. */
  async function deliver(bodies: readonly string[]): Promise<SQSEvent> {
    for (const body of bodies) await client.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const records: SQSRecord[] = [];
    while (records.length < bodies.length) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: Math.min(10, bodies.length - records.length),
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      for (const m of Messages) {
        records.push({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: m.Attributes as unknown as SQSRecord['attributes'],
          messageAttributes: {},
          md5OfBody: m.MD5OfBody!,
          eventSource: 'aws:sqs',
          eventSourceARN: queueArn,
          awsRegion: FAUXQS_REGION,
        });
      }
    }
    return { Records: records };
  }
  return {
    deliver,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
