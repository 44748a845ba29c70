import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3';
import { MalformedEventError, parseEvent } from '@lakehouse/lambda';
import type { Arrival } from '@lakehouse/pipeline/steps';
import * as z from 'zod';

/** The message S3 sends once when a notification configuration is set up; nothing arrived. */
const S3TestEvent = z.object({ Service: z.literal('Amazon S3'), Event: z.literal('s3:TestEvent') });

/** S3 event keys are URL-encoded, with `+` for a space. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, '%20'));

export type NotificationContent =
  | { readonly kind: 'test' }
  | { readonly kind: 'arrivals'; readonly arrivals: readonly Arrival[]; readonly ignored: readonly string[] };

/**
 * What an SQS message from an S3 bucket notification says: the objects created (their keys
 * decoded), S3's test event, or — for any other event type — the keys ignored. A body that is
 * not JSON or not one of these is a MalformedEventError naming the message.
 */
export function notificationContent(messageId: string, body: string): NotificationContent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEventError(`SQS message ${messageId}`, ['the body is not JSON']);
  }
  if (S3TestEvent.safeParse(json).success) return { kind: 'test' };
  const event = parseEvent(S3Schema, json, `S3 notification in SQS message ${messageId}`);
  const arrivals: Arrival[] = [];
  const ignored: string[] = [];
  for (const record of event.Records) {
    const { object, bucket } = record.s3;
    const key = decodeS3Key(object.key);
    if (!record.eventName.startsWith('ObjectCreated:')) {
      ignored.push(`${record.eventName} ${key}`);
      continue;
    }
    arrivals.push({
      bucket: bucket.name,
      key,
      ...(object.versionId ? { versionId: object.versionId } : {}),
      ...(object.eTag ? { eTag: object.eTag } : {}),
      ...(object.size !== undefined ? { size: object.size } : {}),
      ...(object.sequencer ? { sequencer: object.sequencer } : {}),
    });
  }
  return { kind: 'arrivals', arrivals, ignored };
}
