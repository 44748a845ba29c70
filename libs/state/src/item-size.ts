import { StateItemTooLargeError } from './errors';

/** DynamoDB's limit on one item (attribute names and values), in bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * An upper estimate of the stored size of a value: its JSON in UTF-8 (DynamoDB stores strings as
 * UTF-8 and names once per attribute; JSON adds quotes and separators), so a value under a budget
 * measured this way also fits DynamoDB's own count.
 */
export const estimatedBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Throws StateItemTooLargeError when `value` would take more than `budget` bytes. */
export function assertFits(what: string, value: unknown, budget: number): void {
  const bytes = estimatedBytes(value);
  if (bytes > budget) throw new StateItemTooLargeError(what, bytes, budget);
}

/** How much of a free text (an error message, a reason) a record keeps. */
export const MAX_TEXT_CHARS = 2_000;

/** Text kept in a record (an error message, a reason) cut to `max` characters, saying so. */
export function boundedText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
