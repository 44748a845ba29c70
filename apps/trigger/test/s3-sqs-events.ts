import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { awsClientConfig } from '@lakehouse/aws';
import { FAUXQS_CREDENTIALS, FAUXQS_REGION, fauxqsForTests, uniquePrefix } from '@lakehouse/testing';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly eTag: string;
  readonly size: number;
  readonly sequencer: string;
  readonly versionId?: string;
}

/** S3's encoding of a key in an event: URL-encoded, spaces as `+`. */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

/** The body S3 sends to SQS for an ObjectCreated:Put (event structure version 2.1, as documented by AWS). */
export function s3NotificationBody(object: CreatedObject, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: '2024-06-01T10:00:00.000Z',
        eventName,
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '10.0.0.1' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'raw-csv-arrivals',
          bucket: {
            name: object.bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${object.bucket}`,
          },
          object: {
            key: encodeKey(object.key),
            size: object.size,
            eTag: object.eTag,
            ...(object.versionId ? { versionId: object.versionId } : {}),
            sequencer: object.sequencer,
          },
        },
      },
    ],
  });
}

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
