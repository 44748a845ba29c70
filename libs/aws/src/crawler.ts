import { AdapterError, messageOf } from './errors';
import { isTransientAwsError } from './transient';

export interface CrawlStarted {
  readonly crawler: string;
  /** The crawler was running already (CrawlerRunningException): the catalog update is under way, which is fine. */
  readonly alreadyRunning: boolean;
  /** When the start was asked for: pass it to `status` to tell this crawl from an earlier one. */
  readonly requestedAt: Date;
}

/**
 * Where a crawl stands, for a poll loop: RUNNING (running or stopping), SUCCEEDED, FAILED (failed
 * or cancelled, with the reason), or PENDING (idle, and the last crawl began before `since`: the
 * crawl asked for has not shown up yet).
 */
export type CrawlPhase = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface CrawlerStatus {
  readonly crawler: string;
  readonly phase: CrawlPhase;
  /** Glue's state of the crawler: READY, RUNNING or STOPPING. */
  readonly state: string;
  readonly lastCrawl?: {
    readonly status: string;
    readonly errorMessage?: string;
    readonly startedAt?: Date;
  };
}

/** Updates the table catalog (a Glue crawler in the cloud). */
export interface Crawler {
  start(): Promise<CrawlStarted>;
  status(options?: { since?: Date }): Promise<CrawlerStatus>;
}

export class CrawlerError extends AdapterError {
  override readonly name = 'CrawlerError';
  readonly code = 'CRAWLER_FAILED';
  readonly transient = false;
  constructor(
    readonly crawler: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`crawler ${crawler}: ${detail}`, options);
  }
}

export class CrawlerUnavailableError extends AdapterError {
  override readonly name = 'CrawlerUnavailableError';
  readonly code = 'CRAWLER_UNAVAILABLE';
  readonly transient = true;
  constructor(
    readonly crawler: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`crawler ${crawler}: still unavailable after retries: ${detail}`, options);
  }
}

export const CRAWLER_TRANSIENT_ERRORS = ['CrawlerUnavailableError'] as const;

/** The part of Glue's GetCrawler answer the status is read from. */
export interface GlueCrawlerState {
  readonly State?: string;
  readonly LastCrawl?: {
    readonly Status?: string;
    readonly ErrorMessage?: string;
    readonly StartTime?: Date;
  };
}

export function crawlerStatusOf(
  crawler: string,
  glue: GlueCrawlerState | undefined,
  since?: Date,
): CrawlerStatus {
  const state = glue?.State ?? 'READY';
  const last = glue?.LastCrawl;
  const lastCrawl = last?.Status
    ? {
        status: last.Status,
        ...(last.ErrorMessage && { errorMessage: last.ErrorMessage }),
        ...(last.StartTime && { startedAt: last.StartTime }),
      }
    : undefined;
  let phase: CrawlPhase;
  if (state === 'RUNNING' || state === 'STOPPING') phase = 'RUNNING';
  else if (!lastCrawl || (since && (!lastCrawl.startedAt || lastCrawl.startedAt < since))) phase = 'PENDING';
  else phase = lastCrawl.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
  return { crawler, phase, state, ...(lastCrawl && { lastCrawl }) };
}

/** StartCrawler's answer when the crawler runs already: the catalog update is under way, which is fine. */
export const isCrawlerRunning = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'CrawlerRunningException';

/** What Glue threw (after the SDK's retries), as the typed error naming the crawler. */
export function crawlerErrorOf(crawler: string, error: unknown): Error {
  if (error instanceof AdapterError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'EntityNotFoundException')
    return new CrawlerError(crawler, 'the crawler does not exist', { cause: error });
  const detail = `${typeof name === 'string' ? `${name}: ` : ''}${messageOf(error)}`;
  return isTransientAwsError(error) ||
    name === 'OperationTimeoutException' ||
    name === 'SchedulerTransitioningException'
    ? new CrawlerUnavailableError(crawler, detail, { cause: error })
    : new CrawlerError(crawler, detail, { cause: error });
}
