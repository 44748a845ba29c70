import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '.';

describe('awsClientConfig', () => {
  it('gives every client timeouts and the standard retry strategy', () => {
    expect(awsClientConfig({ region: 'eu-west-1' })).toEqual({
      region: 'eu-west-1',
      maxAttempts: 5,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: 3_000,
        requestTimeout: 30_000,
        socketTimeout: 30_000,
        throwOnRequestTimeout: true,
      },
    });
  });

  it('takes an endpoint override, credentials and limits', () => {
    const config = awsClientConfig({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      connectTimeoutMs: 100,
      requestTimeoutMs: 200,
      socketTimeoutMs: 300,
      maxAttempts: 2,
    });
    expect(config).toMatchObject({
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 100, requestTimeout: 200, socketTimeout: 300 },
    });
  });

  it('is what an SDK client accepts and resolves', async () => {
    const client = new S3Client({
      ...awsClientConfig({ region: 'eu-central-1', maxAttempts: 3 }),
      forcePathStyle: true,
    });
    expect(await client.config.region()).toBe('eu-central-1');
    expect(await client.config.maxAttempts()).toBe(3);
    client.destroy();
  });

  it('refuses settings that would disable a limit, naming the setting', () => {
    expect(() => awsClientConfig({ maxAttempts: 0 })).toThrow(
      'AWS client setting maxAttempts must be an integer ≥ 1 (got 0)',
    );
    expect(() => awsClientConfig({ requestTimeoutMs: 0 })).toThrow(
      /requestTimeoutMs must be a positive number/,
    );
    expect(() => awsClientConfig({ endpoint: 'not a url' })).toThrow(/endpoint is not a URL: "not a url"/);
  });
});
