import type { RunOutcome } from '@lakehouse/contracts';
import { AdapterError } from './errors';

/** The message announcing a run's outcome: the same body on SNS and in the local notifications folder. */
export interface RunNotification {
  readonly runId: string;
  readonly status: RunOutcome;
  /** One line for people (SNS Subject, e-mail subject); made printable ASCII and cut to 100 characters for SNS. */
  readonly subject: string;
  /** The message itself, as JSON. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface Published {
  /** SNS's message id; locally the file written. */
  readonly messageId: string;
}

/** Publishes run outcomes: an SNS topic in the cloud, one JSON file per run locally. */
export interface Notifier {
  publish(notification: RunNotification): Promise<Published>;
}

/** SNS's limit on a message with its attributes. */
export const MAX_NOTIFICATION_BYTES = 262_144;

export class NotifierError extends AdapterError {
  override readonly name = 'NotifierError';
  readonly code = 'NOTIFIER_FAILED';
  readonly transient = false;
  constructor(
    readonly target: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`publishing to ${target} failed: ${detail}`, options);
  }
}

export class NotifierUnavailableError extends AdapterError {
  override readonly name = 'NotifierUnavailableError';
  readonly code = 'NOTIFIER_UNAVAILABLE';
  readonly transient = true;
  constructor(
    readonly target: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`publishing to ${target} failed, still unavailable after retries: ${detail}`, options);
  }
}

export const NOTIFIER_TRANSIENT_ERRORS = ['NotifierUnavailableError'] as const;

/** The message text, checked before anything is sent: a run id that can name a file, a body within SNS's limit. */
export function notificationMessage(target: string, notification: RunNotification): string {
  const { runId } = notification;
  if (typeof runId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(runId)) {
    throw new NotifierError(
      target,
      `the run id ${JSON.stringify(runId)} is not 1–128 characters of [A-Za-z0-9_-]`,
    );
  }
  const message = JSON.stringify(notification.body);
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_NOTIFICATION_BYTES - 1_024) {
    throw new NotifierError(
      target,
      `the message of run ${runId} has ${bytes} bytes; SNS takes ${MAX_NOTIFICATION_BYTES} with its attributes`,
    );
  }
  return message;
}

/** SNS subjects are printable ASCII without line breaks, at most 100 characters. */
export function snsSubject(subject: string): string {
  const printable = subject.replace(/[^\x20-\x7e]/g, '?').trim() || 'lakehouse run';
  return printable.length <= 100 ? printable : `${printable.slice(0, 97)}...`;
}
