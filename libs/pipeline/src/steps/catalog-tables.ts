import type { Crawler } from '@lakehouse/aws';
import type { CatalogInput, CatalogOutput, CatalogPollInput } from '@lakehouse/orchestration';

export interface CatalogPorts {
  /** The Glue crawler in the cloud; none locally, where the tables are read as views at query time. */
  readonly crawler?: Crawler;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** The crawler name a run reports when there is no catalog to update (the local home). */
export const NO_CRAWLER = 'none';

/**
 * Asks for the catalog update after a run published new table versions: starts the crawler (one
 * already running is fine: it is updating the catalog). With no table changed, or no crawler,
 * there is nothing to crawl and the update is done at once.
 */
export async function startCatalogUpdate(ports: CatalogPorts, input: CatalogInput): Promise<CatalogOutput> {
  const now = (ports.clock ?? (() => new Date()))();
  if (!ports.crawler || input.tables.length === 0) {
    return { crawler: NO_CRAWLER, state: 'SUCCEEDED', requestedAt: now.toISOString() };
  }
  const started = await ports.crawler.start();
  return { crawler: started.crawler, state: 'RUNNING', requestedAt: started.requestedAt.toISOString() };
}

/**
 * Where the crawl asked for stands: RUNNING until the crawler has run since the request (a crawl
 * that has not shown up yet counts as running), then SUCCEEDED or FAILED.
 */
export async function pollCatalogUpdate(
  ports: CatalogPorts,
  input: CatalogPollInput,
): Promise<CatalogOutput> {
  if (!ports.crawler || input.crawler === NO_CRAWLER) {
    return { crawler: input.crawler, state: 'SUCCEEDED', requestedAt: input.requestedAt };
  }
  const status = await ports.crawler.status({ since: new Date(input.requestedAt) });
  const state = status.phase === 'SUCCEEDED' || status.phase === 'FAILED' ? status.phase : 'RUNNING';
  return { crawler: status.crawler, state, requestedAt: input.requestedAt };
}
