import { randomBytes } from 'node:crypto';
import { startDynamoDbLocal } from './dynamodb-local';
import { startInMemoryDynalite } from './dynalite-server';
import type { RunningServer } from './running-server';

/** Set by the Jest global setup so every test file of a project shares one DynamoDB Local JVM. */
export const DYNAMODB_LOCAL_ENDPOINT_ENV = 'LAKEHOUSE_DYNAMODB_LOCAL_ENDPOINT';

/** A DynamoDB-API server implementation a suite can run against. */
export interface DynamoBackend {
  /** Shown in the describe title, e.g. "dynamodb-local". */
  readonly name: string;
  start(): Promise<RunningServer>;
}

/**
 * The AWS DynamoDB Local jar. Reuses the server of the Jest global setup when there is one
 * (closing the handle then leaves it running for the other files), else spawns a JVM for this file.
 */
export const dynamoDbLocalBackend: DynamoBackend = {
  name: 'dynamodb-local',
  async start() {
    const shared = process.env[DYNAMODB_LOCAL_ENDPOINT_ENV];
    if (shared) {
      return { endpoint: shared, port: Number(new URL(shared).port), close: async () => undefined };
    }
    return startDynamoDbLocal();
  },
};

/** dynalite, in this process, in memory. */
export const dynaliteBackend: DynamoBackend = {
  name: 'dynalite',
  start: () => startInMemoryDynalite(),
};

export const DEFAULT_DYNAMO_BACKENDS: readonly DynamoBackend[] = [dynamoDbLocalBackend, dynaliteBackend];

/** What a suite body gets: the backend's endpoint (readable from beforeAll on) and a table-name prefix. */
export interface BackendContext {
  readonly backend: string;
  /** Throws when read before the server started (i.e. at describe time instead of in a hook or test). */
  readonly endpoint: string;
  /** Unique per describe block, so suites sharing one server never see each other's tables. */
  readonly prefix: string;
}

/** A table-name prefix unique to this call: `<label>-<pid>-<random>-` (only characters DynamoDB allows). */
export function uniquePrefix(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40);
  return `${safe}-${process.pid}-${randomBytes(4).toString('hex')}-`;
}

/**
 * Declares `body` once per backend, each in its own describe block whose beforeAll starts the
 * server and afterAll stops it. Titles end with `[<backend name>]` so a failure names the server.
 */
export function describeEachBackend(
  title: string,
  body: (context: BackendContext) => void,
  backends: readonly DynamoBackend[] = DEFAULT_DYNAMO_BACKENDS,
  startTimeoutMs = 90_000,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend.name}]`, () => {
      let server: RunningServer | undefined;
      const context: BackendContext = {
        backend: backend.name,
        prefix: uniquePrefix(title),
        get endpoint() {
          if (!server)
            throw new Error(`the ${backend.name} server is not started yet: read endpoint in a hook or test`);
          return server.endpoint;
        },
      };
      beforeAll(async () => {
        server = await backend.start();
      }, startTimeoutMs);
      afterAll(async () => {
        await server?.close();
      }, 30_000);
      body(context);
    });
  }
}
