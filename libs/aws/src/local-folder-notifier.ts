import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdapterError, messageOf } from './errors';
import {
  notificationMessage,
  NotifierError,
  NotifierUnavailableError,
  type Notifier,
  type Published,
  type RunNotification,
} from './notifier';
import { withRetries } from './retry';
import { isTransientFsError } from './transient';

export interface LocalFolderNotifierOptions {
  /** The home's notifications folder (the `notifications` zone of @lakehouse/storage). */
  readonly folder: string;
  /** @default 30_000 */
  readonly timeoutMs?: number;
  /** Attempts on transient file system errors, with backoff. @default 4 */
  readonly attempts?: number;
}

/**
 * The local stand-in for the SNS topic: one JSON file per run, `<folder>/<runId>.json`, holding
 * exactly the message body SNS would carry. Written to a temporary file and renamed into place; a
 * retried publish of the same run writes the same file again.
 */
export class LocalFolderNotifier implements Notifier {
  constructor(private readonly options: LocalFolderNotifierOptions) {}

  async publish(notification: RunNotification): Promise<Published> {
    const { folder } = this.options;
    const message = notificationMessage(folder, notification);
    const path = join(folder, `${notification.runId}.json`);
    const temp = join(folder, `.${notification.runId}.${randomBytes(8).toString('hex')}.partial`);
    try {
      await withRetries(
        async () => {
          await mkdir(folder, { recursive: true });
          try {
            const signal = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
            await writeFile(temp, `${JSON.stringify(JSON.parse(message), null, 2)}\n`, {
              flag: 'wx',
              signal,
              flush: true,
            });
            await rename(temp, path);
          } catch (error) {
            await rm(temp, { force: true });
            throw error;
          }
        },
        { attempts: this.options.attempts ?? 4, isTransient: isTransientFsError },
      );
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      const transient = isTransientFsError(error) || (error as Error).name === 'AbortError';
      throw transient
        ? new NotifierUnavailableError(path, messageOf(error), { cause: error })
        : new NotifierError(path, messageOf(error), { cause: error });
    }
    return { messageId: path };
  }
}
