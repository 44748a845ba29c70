/**
 * The logging port of the libraries: structured entries (a message and fields such as the run id,
 * the file and the step), handed to the code that logs — never a global. Adapters decide the
 * format: a Lambda adapts Powertools Logger to it (JSON), the CLI writes readable lines.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The context of an entry; values are JSON-friendly, an `error` field may hold what was thrown. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every entry, e.g. `logger.child({ runId })`. */
  child(fields: LogFields): Logger;
}

/** One entry as an adapter receives it: the child fields and the entry's own, merged. */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger over one function that receives every entry: what each adapter writes. */
export function createLogger(write: (entry: LogEntry) => void, inherited: LogFields = {}): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void =>
      write({ level, message, fields: { ...inherited, ...fields } });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createLogger(write, { ...inherited, ...fields }),
  };
}

/** What a thrown value says, as log fields: name, message and the code of a typed error. */
export function errorFields(error: unknown): {
  readonly name?: string;
  readonly message: string;
  readonly code?: string;
} {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
