import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';

/** An object put into the raw zone, as its S3 notification describes it. */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly eTag: string;
  readonly size: number;
  /** Orders the events of one key (locally: the upload's position in the batch). */
  readonly sequencer: string;
  readonly versionId?: string;
}

/** S3's encoding of a key in an event: URL-encoded, a space as `+`, `/` kept. */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

export interface NotificationOptions {
  /** @default now */
  readonly at?: Date;
  /** @default 'local' */
  readonly region?: string;
  /** @default 'ObjectCreated:Put' */
  readonly eventName?: string;
}

/**
 * The body S3 sends to the queue for one object (an S3 event notification, structure version
 * 2.1): what the trigger parses, in the cloud and locally.
 */
export function s3NotificationBody(object: CreatedObject, options: NotificationOptions = {}): string {
  const region = options.region ?? 'local';
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: (options.at ?? new Date()).toISOString(),
        eventName: options.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'raw-csv-arrivals',
          bucket: {
            name: object.bucket,
            ownerIdentity: { principalId: 'local' },
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

/**
 * The SQS event the trigger receives for uploads to the raw zone: one message per object, each
 * body the object's S3 notification, the same shape the bucket sends to the queue in the cloud.
 */
export function s3ArrivalsEvent(objects: readonly CreatedObject[], at: Date, region = 'local'): SQSEvent {
  return { Records: objects.map((object) => message(s3NotificationBody(object, { at, region }))) };

  function message(body: string): SQSEvent['Records'][number] {
    return {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(at.getTime()),
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: String(at.getTime()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${region}:000000000000:lakehouse-arrivals`,
      awsRegion: region,
    };
  }
}
