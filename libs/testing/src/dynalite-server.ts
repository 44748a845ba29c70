import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { RunningServer } from './running-server';

type DynaliteFactory = (options: Record<string, unknown>) => Server;

/**
 * An in-memory dynalite for tests of libraries that cannot depend on `@lakehouse/state`
 * (which ships the production embedded server). dynalite has no type declarations; it is loaded
 * through `createRequire` so type-checking consumers need no ambient module declaration.
 */
export async function startInMemoryDynalite(port = 0): Promise<RunningServer> {
  const dynalite = createRequire(__filename)('dynalite') as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('dynalite did not bind a TCP port');
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
