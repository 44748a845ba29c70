import type { GlueClient } from '@aws-sdk/client-glue';
import {
  crawlerErrorOf,
  crawlerStatusOf,
  isCrawlerRunning,
  type Crawler,
  type CrawlerStatus,
  type CrawlStarted,
} from './crawler';

// The SDK client is loaded on first use: importing this library must not load every AWS client (~1 s each).
const sdk = () => import('./commands/glue');

export interface GlueCrawlerOptions {
  /** Build it with `new GlueClient(awsClientConfig(settings))`: timeouts and retries come from there. */
  readonly client: GlueClient;
  readonly crawlerName: string;
}

/** The Glue crawler of the lakehouse tables (IAM: `glue:StartCrawler`, `glue:GetCrawler` on the crawler). */
export class GlueCrawler implements Crawler {
  constructor(private readonly options: GlueCrawlerOptions) {}

  async start(): Promise<CrawlStarted> {
    const { client, crawlerName: crawler } = this.options;
    const requestedAt = new Date();
    try {
      const { StartCrawlerCommand } = await sdk();
      await client.send(new StartCrawlerCommand({ Name: crawler }));
      return { crawler, alreadyRunning: false, requestedAt };
    } catch (error) {
      if (isCrawlerRunning(error)) return { crawler, alreadyRunning: true, requestedAt };
      throw crawlerErrorOf(crawler, error);
    }
  }

  async status(options: { since?: Date } = {}): Promise<CrawlerStatus> {
    const { client, crawlerName: crawler } = this.options;
    try {
      const { GetCrawlerCommand } = await sdk();
      const output = await client.send(new GetCrawlerCommand({ Name: crawler }));
      return crawlerStatusOf(crawler, output.Crawler, options.since);
    } catch (error) {
      throw crawlerErrorOf(crawler, error);
    }
  }
}
