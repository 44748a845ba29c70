import { createLogger, type LogEntry, type Logger } from '@lakehouse/contracts';

/** A Logger that keeps its entries, so a test can assert what was logged and with which context. */
export function recordingLogger(): { readonly logger: Logger; readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { logger: createLogger((entry) => entries.push(entry)), entries };
}
