import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { FAUXQS_CREDENTIALS, FAUXQS_ENDPOINT_ENV, FAUXQS_REGION, fauxqsForTests, startFauxqs } from '../src';
import setup from '../src/jest/fauxqs-setup';
import teardown from '../src/jest/fauxqs-teardown';

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: FAUXQS_REGION,
  credentials: FAUXQS_CREDENTIALS,
});

describe('startFauxqs', () => {
  it('serves S3 and SQS on one endpoint, and stops', async () => {
    const server = await startFauxqs();
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      const s3 = new S3Client({ ...clientConfig(server.endpoint), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'probe' }));
      await s3.send(new PutObjectCommand({ Bucket: 'probe', Key: 'a b/ü.txt', Body: 'hello' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'probe', Key: 'a b/ü.txt' }));
      expect(await got.Body!.transformToString()).toBe('hello');

      const sqs = new SQSClient(clientConfig(server.endpoint));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'probe' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'ping' }));
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(Messages?.map((m) => m.Body)).toEqual(['ping']);
      s3.destroy();
      sqs.destroy();
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.endpoint}/health`)).rejects.toThrow();
  }, 60_000);

  it('shares the global setup server with every file and stops it at teardown', async () => {
    const before = process.env[FAUXQS_ENDPOINT_ENV];
    delete process.env[FAUXQS_ENDPOINT_ENV];
    try {
      await setup();
      const endpoint = process.env[FAUXQS_ENDPOINT_ENV];
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const shared = await fauxqsForTests();
      expect(shared.endpoint).toBe(endpoint);
      await shared.close(); // a no-op for the shared server
      expect((await fetch(`${endpoint}/health`)).ok).toBe(true);
      await teardown();
      expect(process.env[FAUXQS_ENDPOINT_ENV]).toBeUndefined();
      await expect(fetch(`${endpoint}/health`)).rejects.toThrow();
    } finally {
      if (before) process.env[FAUXQS_ENDPOINT_ENV] = before;
    }
  }, 60_000);
});
