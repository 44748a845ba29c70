import { parse } from '@aws-lambda-powertools/parser';
import type { z } from 'zod';

/**
 * An event that does not have the shape its handler expects. The message names every offending
 * field with what was expected, so a bad event is a clear error (in the logs, the Step Functions
 * history or the DLQ), never a TypeError deeper down.
 */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
  constructor(
    readonly what: string,
    readonly problems: readonly string[],
  ) {
    super(`malformed ${what}: ${problems.join('; ')}`);
  }
}

/** Parses an event with Powertools' parser and a zod schema; a mismatch is a MalformedEventError. */
export function parseEvent<S extends z.ZodType>(schema: S, event: unknown, what: string): z.infer<S> {
  const result = parse(event, undefined, schema, true);
  if (result.success) return result.data as z.infer<S>;
  const issues = (result.error.cause ?? []) as readonly { path?: readonly PropertyKey[]; message: string }[];
  throw new MalformedEventError(
    what,
    issues.map(
      (issue) => `${issue.path?.length ? issue.path.map(String).join('.') : '(the event)'}: ${issue.message}`,
    ),
  );
}
