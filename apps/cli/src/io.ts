/** Where commands write: the process streams in production, buffers in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Exit codes shared by every command. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** A usage error: exit 2 with a one-line message naming the culprit. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--run-start <iso>`: the instant the timestamp rules are relative to; undefined = now. */
export function parseRunStart(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--run-start is not an ISO instant: ${text}`);
  return date;
}
