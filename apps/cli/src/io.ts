import { parseTimestamp } from '@lakehouse/contracts';

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

/**
 * `--run-start <iso>`: the instant the timestamp rules are relative to; undefined = now. Only what
 * a timestamp cell accepts (docs/contracts.md, "Typing"): `2024-06-01T10:00:00Z`, with a fraction
 * or an offset, or `2024-06-01 10:00:00`; without an offset it is UTC. `1`, `12` or `June 1, 2024`
 * (which JavaScript's Date would read in the local time zone) are usage errors.
 */
export function parseRunStart(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const instant = parseTimestamp(text);
  if (!instant)
    throw new UsageError(
      `--run-start: not an ISO 8601 instant: "${text}" (e.g. 2024-06-01T00:00:00Z; without an offset it is UTC)`,
    );
  return new Date(instant.epochMs);
}
