import { setTimeout as sleepFor } from 'node:timers/promises';

export interface BackoffOptions {
  /** The first delay's upper bound, in ms. @default 100 */
  readonly baseDelayMs?: number;
  /** No delay is longer. @default 5_000 */
  readonly maxDelayMs?: number;
}

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(max, base·2^(attempt−1))) before
 * retry `attempt` (1 = the first retry). Randomness spreads the retries of concurrent callers.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, including the first. @default 4 */
  readonly attempts?: number;
  /** Which errors are worth another attempt; others are thrown at once. */
  readonly isTransient: (error: unknown) => boolean;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<unknown>;
  readonly random?: () => number;
}

/**
 * Runs `operation` until it succeeds, throws a non-transient error, or the attempts are spent
 * (then the last error is thrown). For operations whose inputs can be replayed: never a consumed stream.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !options.isTransient(error)) throw error;
      await sleep(backoffDelayMs(attempt, options, options.random));
    }
  }
}
