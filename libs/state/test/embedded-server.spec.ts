import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDynamoClient,
  createStateStore,
  ensureTables,
  startEmbeddedDynamo,
  stateTableNames,
} from '../src';

describe('startEmbeddedDynamo', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'state-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  async function withServer<T>(path: string | undefined, work: (endpoint: string) => Promise<T>): Promise<T> {
    const server = await startEmbeddedDynamo({ path });
    const client = createDynamoClient({ endpoint: server.endpoint });
    try {
      return await work(server.endpoint);
    } finally {
      client.destroy();
      await server.close();
      await server.close(); // closing twice is harmless
    }
  }

  const register = (endpoint: string) =>
    withClient(endpoint, async (client) => {
      const tables = stateTableNames('local-');
      await ensureTables(client, tables);
      const store = createStateStore({ client, tables });
      return store.files.register({ bucket: 'local', key: 'raw/orders/a.csv', eTag: 'abc' });
    });

  async function withClient<T>(
    endpoint: string,
    work: (client: ReturnType<typeof createDynamoClient>) => Promise<T>,
  ) {
    const client = createDynamoClient({ endpoint });
    try {
      return await work(client);
    } finally {
      client.destroy();
    }
  }

  it('keeps state in the folder across restarts', async () => {
    const first = await withServer(join(folder, 'state'), register);
    expect(first.created).toBe(true);
    const second = await withServer(join(folder, 'state'), register);
    expect(second.created).toBe(false);
    expect(second.file.fileId).toBe(first.file.fileId);
  });

  it('forgets everything without a folder', async () => {
    expect((await withServer(undefined, register)).created).toBe(true);
    expect((await withServer(undefined, register)).created).toBe(true);
  });

  it('listens on loopback on the requested port', async () => {
    const probe = await startEmbeddedDynamo();
    const port = probe.port;
    await probe.close();
    const server = await startEmbeddedDynamo({ port });
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await server.close();
    }
  });
});
