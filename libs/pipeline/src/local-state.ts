import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createDynamoClient,
  createStateStore,
  ensureTables,
  startEmbeddedDynamo,
  type StateStore,
} from '@lakehouse/state';

export interface LocalState {
  readonly store: StateStore;
  /** The client of the embedded server (for tables beside the state's, such as idempotency). */
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

/**
 * Opens the pipeline state on the embedded DynamoDB-API server, persisted under `folder`, and
 * creates the tables the state library defines if they are missing.
 */
export async function openLocalState(
  folder: string,
  options: { leaseTtlMs?: number } = {},
): Promise<LocalState> {
  const server = await startEmbeddedDynamo({ path: folder });
  const client = createDynamoClient({ endpoint: server.endpoint });
  try {
    const store = createStateStore({ client, leaseTtlMs: options.leaseTtlMs });
    await ensureTables(client, store.tables);
    return {
      store,
      client,
      async close() {
        client.destroy();
        await server.close();
      },
    };
  } catch (error) {
    client.destroy();
    await server.close();
    throw error;
  }
}
