import {
  CrawlerError,
  CrawlerUnavailableError,
  CRAWLER_TRANSIENT_ERRORS,
  crawlerErrorOf,
  crawlerStatusOf,
  isCrawlerRunning,
} from '.';

const sdkError = (name: string, message = name) => Object.assign(new Error(message), { name });
const at = (iso: string) => new Date(iso);

describe('crawlerStatusOf', () => {
  const requested = at('2024-06-01T10:00:00Z');

  it('is RUNNING while the crawler runs or stops', () => {
    expect(crawlerStatusOf('c', { State: 'RUNNING' }).phase).toBe('RUNNING');
    expect(crawlerStatusOf('c', { State: 'STOPPING' }, requested).phase).toBe('RUNNING');
  });

  it('reads the last crawl once the crawler is idle', () => {
    const done = crawlerStatusOf(
      'c',
      { State: 'READY', LastCrawl: { Status: 'SUCCEEDED', StartTime: at('2024-06-01T10:00:01Z') } },
      requested,
    );
    expect(done).toEqual({
      crawler: 'c',
      phase: 'SUCCEEDED',
      state: 'READY',
      lastCrawl: { status: 'SUCCEEDED', startedAt: at('2024-06-01T10:00:01Z') },
    });
    const failed = crawlerStatusOf(
      'c',
      {
        State: 'READY',
        LastCrawl: { Status: 'FAILED', ErrorMessage: 'Access denied to s3://x', StartTime: requested },
      },
      requested,
    );
    expect(failed.phase).toBe('FAILED');
    expect(failed.lastCrawl?.errorMessage).toBe('Access denied to s3://x');
    expect(crawlerStatusOf('c', { State: 'READY', LastCrawl: { Status: 'CANCELLED' } }).phase).toBe('FAILED');
  });

  it('is PENDING while the idle crawler shows only a crawl from before the start', () => {
    const earlier = {
      State: 'READY',
      LastCrawl: { Status: 'SUCCEEDED', StartTime: at('2024-06-01T09:00:00Z') },
    };
    expect(crawlerStatusOf('c', earlier, requested).phase).toBe('PENDING');
    expect(crawlerStatusOf('c', earlier).phase).toBe('SUCCEEDED');
    expect(crawlerStatusOf('c', { State: 'READY' }).phase).toBe('PENDING');
  });
});

describe('crawler errors', () => {
  it('takes CrawlerRunningException as "already running", and only that', () => {
    expect(isCrawlerRunning(sdkError('CrawlerRunningException'))).toBe(true);
    expect(isCrawlerRunning(sdkError('EntityNotFoundException'))).toBe(false);
  });

  it('names the crawler, and keeps transient failures apart', () => {
    expect(crawlerErrorOf('lake-crawler', sdkError('EntityNotFoundException')).message).toBe(
      'crawler lake-crawler: the crawler does not exist',
    );
    expect(crawlerErrorOf('c', sdkError('AccessDeniedException', 'no'))).toBeInstanceOf(CrawlerError);
    for (const transient of [
      'OperationTimeoutException',
      'ThrottlingException',
      'SchedulerTransitioningException',
    ]) {
      const error = crawlerErrorOf('c', sdkError(transient));
      expect(error).toBeInstanceOf(CrawlerUnavailableError);
      expect(CRAWLER_TRANSIENT_ERRORS).toContain(error.name);
    }
  });
});
