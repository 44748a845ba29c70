import type { SNSClient } from '@aws-sdk/client-sns';
import { AdapterError, messageOf } from './errors';
import {
  notificationMessage,
  NotifierError,
  NotifierUnavailableError,
  snsSubject,
  type Notifier,
  type Published,
  type RunNotification,
} from './notifier';
import { isTransientAwsError } from './transient';

// The SDK client is loaded on first use: importing this library must not load every AWS client (~1 s each).
const sdk = () => import('./commands/sns');

export interface SnsNotifierOptions {
  /** Build it with `new SNSClient(awsClientConfig(settings))`: timeouts and retries come from there. */
  readonly client: SNSClient;
  readonly topicArn: string;
}

/** What the SNS client threw (after its retries), as the notifier's typed errors naming the topic. */
export function snsErrorOf(topicArn: string, error: unknown): Error {
  if (error instanceof AdapterError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotFoundException' || name === 'NotFound') {
    return new NotifierError(topicArn, 'the topic does not exist', { cause: error });
  }
  const detail = `${typeof name === 'string' ? `${name}: ` : ''}${messageOf(error)}`;
  return isTransientAwsError(error)
    ? new NotifierUnavailableError(topicArn, detail, { cause: error })
    : new NotifierError(topicArn, detail, { cause: error });
}

/**
 * Publishes a run's outcome to an SNS topic: the body as the JSON message, the subject for
 * e-mail subscribers, and `runId` and `status` as message attributes for subscription filters.
 */
export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions) {}

  async publish(notification: RunNotification): Promise<Published> {
    const { client, topicArn } = this.options;
    const message = notificationMessage(topicArn, notification);
    try {
      const { PublishCommand } = await sdk();
      const output = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: message,
          Subject: snsSubject(notification.subject),
          MessageAttributes: {
            runId: { DataType: 'String', StringValue: notification.runId },
            status: { DataType: 'String', StringValue: notification.status },
          },
        }),
      );
      return { messageId: output.MessageId ?? '' };
    } catch (error) {
      throw snsErrorOf(topicArn, error);
    }
  }
}
