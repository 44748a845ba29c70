import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describeEachBackend, dynamoDbLocalBackend, type DynamoBackend } from '@lakehouse/testing';
import {
  createDynamoClient,
  createStateStore,
  ensureTables,
  startEmbeddedDynamo,
  stateTableNames,
  type StateStore,
  type StateStoreProps,
  type StateTableNames,
} from '../src';

/** The production embedded server of the local pipeline, in memory. */
export const embeddedBackend: DynamoBackend = {
  name: 'embedded-dynalite',
  start: () => startEmbeddedDynamo(),
};

/** Every state suite runs against both real DynamoDB-API servers. */
export const STATE_BACKENDS: readonly DynamoBackend[] = [dynamoDbLocalBackend, embeddedBackend];

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time = Date.UTC(2024, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.time;
  advance(ms: number): number {
    this.time += ms;
    return this.time;
  }
}

export interface StateTestEnv {
  readonly backend: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly tables: StateTableNames;
  /** A store over this suite's tables; pass a clock (or other props) to control time. */
  store(props?: Omit<StateStoreProps, 'client' | 'tables'>): StateStore;
}

let sequence = 0;
/** Names (pipelines, jobs, datasets) unique within the test process, so tests never share items. */
export const uid = (label: string) => `${label}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * describeEachBackend + a client and freshly ensured tables (unique prefix per describe block).
 */
export function describeState(title: string, body: (env: StateTestEnv) => void): void {
  describeEachBackend(
    title,
    (ctx) => {
      let client: DynamoDBClient | undefined;
      const tables = stateTableNames(ctx.prefix);
      const env: StateTestEnv = {
        backend: ctx.backend,
        get endpoint() {
          return ctx.endpoint;
        },
        get client() {
          if (!client) throw new Error('client is created in beforeAll');
          return client;
        },
        tables,
        store: (props = {}) => createStateStore({ ...props, client: env.client, tables }),
      };
      beforeAll(async () => {
        client = createDynamoClient({ endpoint: ctx.endpoint, timeoutMs: 10_000 });
        await ensureTables(client, tables);
      }, 60_000);
      afterAll(() => client?.destroy());
      body(env);
    },
    STATE_BACKENDS,
  );
}
