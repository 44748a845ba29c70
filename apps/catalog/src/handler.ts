import { GlueClient } from '@aws-sdk/client-glue';
import { awsClientConfig, GlueCrawler } from '@lakehouse/aws';
import { FUNCTION_ENVIRONMENT, once, requireEnvironment, taskHandler, tracer } from '@lakehouse/lambda';
import { pollCatalogUpdate, startCatalogUpdate, type CatalogPorts } from '@lakehouse/pipeline/steps';

/** The catalog task (start the crawl) and its poll (`catalog-poll`): one function, two handlers. */
export function createHandlers(ports: () => CatalogPorts) {
  return {
    start: taskHandler('catalog', (input) => startCatalogUpdate(ports(), input)),
    poll: taskHandler('catalog-poll', (input) => pollCatalogUpdate(ports(), input)),
  };
}

const handlers = createHandlers(
  once(() => ({
    crawler: new GlueCrawler({
      client: tracer.captureAWSv3Client(new GlueClient(awsClientConfig())),
      crawlerName: requireEnvironment(FUNCTION_ENVIRONMENT.crawler),
    }),
  })),
);

/** One entry point for the state machine's catalog and catalog-poll tasks: their `action` says which. */
export const handler = (event: unknown, context: Parameters<typeof handlers.start>[1]) =>
  (event as { action?: unknown } | null)?.action === 'poll'
    ? handlers.poll(event, context)
    : handlers.start(event, context);
