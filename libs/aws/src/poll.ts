import { setTimeout as sleepFor } from 'node:timers/promises';

export interface PollOptions {
  /** The whole wait, in ms: past it, pollUntil throws PollTimeoutError. */
  readonly timeoutMs: number;
  /** @default 200 */
  readonly initialDelayMs?: number;
  /** @default 5_000 */
  readonly maxDelayMs?: number;
  /** Growth of the delay per poll. @default 1.5 */
  readonly factor?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<unknown>;
}

/** The delay before poll `attempt` + 1: initial·factor^(attempt−1), at most the maximum. */
export function pollDelayMs(attempt: number, options: Omit<PollOptions, 'timeoutMs'> = {}): number {
  const initial = options.initialDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5_000;
  return Math.min(max, Math.round(initial * (options.factor ?? 1.5) ** Math.max(0, attempt - 1)));
}

/** pollUntil waited `timeoutMs` without the probe finishing; adapters turn it into their own typed error. */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
  constructor(
    readonly elapsedMs: number,
    readonly polls: number,
  ) {
    super(`still not done after ${elapsedMs} ms (${polls} polls)`);
  }
}

export type PollResult<T> = { readonly done: true; readonly value: T } | { readonly done: false };

/**
 * Calls `probe` until it reports done, waiting longer between calls (backoff) and never past the
 * deadline: the last wait is cut to the time left, then one last probe decides.
 */
export async function pollUntil<T>(probe: () => Promise<PollResult<T>>, options: PollOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const started = now();
  for (let polls = 1; ; polls++) {
    const result = await probe();
    if (result.done) return result.value;
    const left = started + options.timeoutMs - now();
    if (left <= 0) throw new PollTimeoutError(now() - started, polls);
    await sleep(Math.min(pollDelayMs(polls, options), left));
  }
}
