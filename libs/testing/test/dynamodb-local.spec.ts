import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbLocalError, defaultEmulatorDir, startDynamoDbLocal } from '../src';

describe('startDynamoDbLocal', () => {
  it('says that java is missing', async () => {
    const error = await startDynamoDbLocal({ javaPath: '/nonexistent/bin/java' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbLocalError);
    expect((error as Error).message).toMatch(/needs a Java runtime.*\/nonexistent\/bin\/java/);
  });

  it('says that the jar is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-jar-'));
    const error = await startDynamoDbLocal({ emulatorDir: empty }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbLocalError);
    expect((error as Error).message).toContain(join(empty, 'DynamoDBLocal.jar'));
  });

  it('finds the jar shipped in amplify-dynamodb-simulator', () => {
    expect(defaultEmulatorDir()).toMatch(/amplify-dynamodb-simulator[/\\]emulator$/);
  });

  it('starts the jar, answers the DynamoDB JSON protocol, and stops', async () => {
    const server = await startDynamoDbLocal();
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      const response = await fetch(server.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          // DynamoDB Local checks that a SigV4 header is present, not that it verifies.
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        },
        body: '{}',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ TableNames: [] });
    } finally {
      await server.close();
    }
    await expect(fetch(server.endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
  }, 90_000);
});
