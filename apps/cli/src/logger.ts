import { createLogger, errorFields, type Logger } from '@lakehouse/contracts';
import type { CliIO } from './io';

/** A field's value on a terminal line: text as is, a thrown value by its message, the rest as JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return errorFields(value).message;
  return JSON.stringify(value);
}

/**
 * The libraries' logger for a terminal: one readable line per entry on stderr,
 * `warn: <message> (runId=…, step=…)`, leaving stdout to the command's own output. Debug entries
 * (progress) are shown only when asked for.
 */
export function terminalLogger(io: CliIO, { debug = false }: { readonly debug?: boolean } = {}): Logger {
  return createLogger(({ level, message, fields }) => {
    if (level === 'debug' && !debug) return;
    const context = Object.entries(fields)
      .map(([key, value]) => `${key}=${show(value)}`)
      .join(', ');
    io.err(`${level}: ${message}${context ? ` (${context})` : ''}\n`);
  });
}
