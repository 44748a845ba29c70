import type { Context } from 'aws-lambda';
import type { Crawler, CrawlerStatus, CrawlPhase } from '@lakehouse/aws';
import { createHandlers } from './handler';

const context = { functionName: 'lakehouse-test-catalog', awsRequestId: 'req-1' } as Context;
const RUN = 'run-0123456789abcdef0123456789abcdef01234567';

/** The Crawler port over a scripted sequence of phases (Glue has no local server). */
function scriptedCrawler(phases: CrawlPhase[]): Crawler & { starts: number; since: (Date | undefined)[] } {
  const since: (Date | undefined)[] = [];
  return {
    starts: 0,
    since,
    async start() {
      this.starts++;
      return {
        crawler: 'lakehouse-tables',
        alreadyRunning: false,
        requestedAt: new Date('2024-06-02T10:00:00Z'),
      };
    },
    async status(options): Promise<CrawlerStatus> {
      since.push(options?.since);
      return { crawler: 'lakehouse-tables', phase: phases.shift()!, state: 'READY' };
    },
  };
}

describe('the catalog handlers', () => {
  it('start the crawl after new table versions and report it until it has run', async () => {
    const crawler = scriptedCrawler(['PENDING', 'RUNNING', 'SUCCEEDED']);
    const { start, poll } = createHandlers(() => ({ crawler }));
    const started = await start({ action: 'start', runId: RUN, tables: ['orders', 'daily_sales'] }, context);
    expect(started).toEqual({
      crawler: 'lakehouse-tables',
      state: 'RUNNING',
      requestedAt: '2024-06-02T10:00:00.000Z',
    });
    const pollInput = {
      action: 'poll',
      runId: RUN,
      crawler: 'lakehouse-tables',
      requestedAt: started.requestedAt,
    };
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await poll(pollInput, context)).state);
    expect(states).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(crawler.since).toEqual([1, 2, 3].map(() => new Date('2024-06-02T10:00:00Z')));
  });

  it('report a failed crawl as FAILED, and crawl nothing when no table changed', async () => {
    const crawler = scriptedCrawler(['FAILED']);
    const { start, poll } = createHandlers(() => ({ crawler }));
    expect(
      (
        await poll(
          { action: 'poll', runId: RUN, crawler: 'lakehouse-tables', requestedAt: '2024-06-02T10:00:00Z' },
          context,
        )
      ).state,
    ).toBe('FAILED');
    expect(await start({ action: 'start', runId: RUN, tables: [] }, context)).toMatchObject({
      crawler: 'none',
      state: 'SUCCEEDED',
    });
    expect(crawler.starts).toBe(0);
  });

  it('refuse a poll without the crawl it asks about', async () => {
    const { poll } = createHandlers(() => ({ crawler: scriptedCrawler([]) }));
    await expect(poll({ action: 'poll', runId: RUN }, context)).rejects.toThrow(
      /^malformed catalog-poll task input: crawler: .*; requestedAt: /,
    );
  });
});
