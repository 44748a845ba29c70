import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export interface EmbeddedDynamoOptions {
  /** Folder for the LevelDB files; state survives restarts. @default in memory (lost on close) */
  readonly path?: string;
  /** @default 0 (a free port chosen by the OS) */
  readonly port?: number;
  /** @default '127.0.0.1' (never exposed beyond the machine) */
  readonly host?: string;
}

export interface EmbeddedDynamo {
  /** e.g. `http://127.0.0.1:43121`, for `createDynamoClient({ endpoint })` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening and closes the LevelDB store; safe to call twice. */
  close(): Promise<void>;
}

type DynaliteFactory = (options: Record<string, unknown>) => Server;

/**
 * Starts the embedded DynamoDB-API server of the local pipeline: dynalite, in this process,
 * optionally persisted to a folder. Tables become ACTIVE at once (no simulated CREATING delay).
 *
 * dynalite is loaded on first use (and through createRequire, which bundlers leave alone), so
 * Lambda bundles that import this library do not carry it or its LevelDB native module.
 * It has no transactions, TTL or PartiQL; nothing in this library needs them.
 */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const dynalite = createRequire(__filename)('dynalite') as DynaliteFactory;
  const path = options.path === undefined ? undefined : resolve(options.path);
  if (path) mkdirSync(path, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the embedded DynamoDB server did not bind a TCP port');
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((done, fail) => {
        // dynalite's close also closes its LevelDB store once in-flight requests finished.
        server.close((error?: Error) => (error ? fail(error) : done()));
        // Idle keep-alive sockets of SDK clients would otherwise hold the server open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
