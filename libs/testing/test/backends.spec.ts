import { describeEachBackend, startInMemoryDynalite, uniquePrefix } from '../src';

async function listTables(endpoint: string): Promise<unknown> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      // Both servers check that a SigV4 header and a date are present, not that the signature verifies.
      'x-amz-date': '20240101T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: '{}',
  });
  return response.json();
}

describe('uniquePrefix', () => {
  it('is unique per call and uses only table-name characters', () => {
    const a = uniquePrefix('file registry/spec');
    const b = uniquePrefix('file registry/spec');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_.-]+$/);
  });
});

describe('startInMemoryDynalite', () => {
  it('serves the DynamoDB JSON protocol until closed', async () => {
    const server = await startInMemoryDynalite();
    try {
      expect(await listTables(server.endpoint)).toEqual({ TableNames: [] });
    } finally {
      await server.close();
    }
    await server.close(); // idempotent
    await expect(listTables(server.endpoint)).rejects.toThrow();
  });
});

const seen: string[] = [];
describeEachBackend('describeEachBackend', (ctx) => {
  it('starts the backend before the tests and exposes its endpoint', async () => {
    seen.push(ctx.backend);
    expect(ctx.prefix).toMatch(/^describeEachBackend-/);
    expect(await listTables(ctx.endpoint)).toHaveProperty('TableNames');
  });
});

describe('describeEachBackend coverage', () => {
  it('ran the body once per default backend', () => {
    expect(seen).toEqual(['dynamodb-local', 'dynalite']);
  });
});
