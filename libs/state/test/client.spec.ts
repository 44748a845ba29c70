import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createDynamoClient, startEmbeddedDynamo, type EmbeddedDynamo } from '../src';

// Fault injection with real servers: an HTTP front that answers some requests with DynamoDB
// errors (or never answers) and forwards the rest to a real embedded DynamoDB server.

interface Front {
  endpoint: string;
  requests: number;
  close(): Promise<void>;
}

async function front(
  handle: (n: number, req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | void,
  target?: string,
): Promise<Front> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    state.requests += 1;
    if (handle(state.requests, req, res, body) || !target) return;
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'connection', 'content-length'].includes(name),
      ),
    ) as Record<string, string>;
    const upstream = await fetch(target, { method: 'POST', headers, body });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  };
  // A failure inside the handler ends that response instead of becoming an unhandled rejection.
  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  } as Front;
}

const dynamoError = (res: ServerResponse, status: number, type: string) => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(
    JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${type}` }),
  );
  return true;
};

describe('createDynamoClient', () => {
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => (dynamo = await startEmbeddedDynamo()));
  afterAll(() => dynamo.close());

  it('talks to a local endpoint without AWS credentials in the environment', async () => {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
    client.destroy();
  });

  it('retries throttling and 5xx with backoff until the call succeeds', async () => {
    const flaky = await front(
      (n, _req, res) =>
        n === 1
          ? dynamoError(res, 400, 'ThrottlingException')
          : n === 2
            ? dynamoError(res, 500, 'InternalServerError')
            : false,
      dynamo.endpoint,
    );
    const client = createDynamoClient({ endpoint: flaky.endpoint, maxAttempts: 3 });
    try {
      await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
      expect(flaky.requests).toBe(3);
    } finally {
      client.destroy();
      await flaky.close();
    }
  });

  it('gives up after maxAttempts with the server’s error', async () => {
    const throttled = await front((_n, _req, res) =>
      dynamoError(res, 400, 'ProvisionedThroughputExceededException'),
    );
    const client = createDynamoClient({ endpoint: throttled.endpoint, maxAttempts: 2 });
    try {
      await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({
        name: 'ProvisionedThroughputExceededException',
      });
      expect(throttled.requests).toBe(2);
    } finally {
      client.destroy();
      await throttled.close();
    }
  });

  it('does not retry a client error such as a validation failure', async () => {
    const invalid = await front((_n, _req, res) => dynamoError(res, 400, 'ValidationException'));
    const client = createDynamoClient({ endpoint: invalid.endpoint, maxAttempts: 4 });
    try {
      await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({
        name: 'ValidationException',
      });
      expect(invalid.requests).toBe(1);
    } finally {
      client.destroy();
      await invalid.close();
    }
  });

  it('times out a call the server never answers, on every attempt', async () => {
    const silent = await front(() => true); // accepts the request, never responds
    const client = createDynamoClient({ endpoint: silent.endpoint, timeoutMs: 300, maxAttempts: 2 });
    const started = Date.now();
    try {
      const error = await client.send(new ListTablesCommand({})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('TimeoutError');
      expect(silent.requests).toBe(2);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      client.destroy();
      await silent.close();
    }
  });
});
