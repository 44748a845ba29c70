import {
  createDynamoClient,
  createStateStore,
  ensureTables,
  startEmbeddedDynamo,
  type StateStore,
} from '@lakehouse/state';

export interface LocalState {
  readonly store: StateStore;
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
