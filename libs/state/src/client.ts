import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from '@lakehouse/aws';

export interface DynamoClientOptions {
  /** A DynamoDB-API endpoint (DynamoDB Local, the embedded server). @default the regional AWS endpoint */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION, else 'us-east-1' (any region works for a local endpoint) */
  readonly region?: string;
  /**
   * Per-attempt limit for the whole request/response, in ms; a breach is a retryable TimeoutError.
   * @default 5_000
   */
  readonly timeoutMs?: number;
  /**
   * TCP connect limit in ms. @default min(timeoutMs, 2_000); timeoutMs for an emulator endpoint, whose
   * loopback connect only waits for a busy process, never for a network
   */
  readonly connectTimeoutMs?: number;
  /**
   * Attempts per call, including the first; throttling, 5xx and timeouts are retried with
   * exponential backoff and jitter. @default 5
   */
  readonly maxAttempts?: number;
  /** 'adaptive' also rate-limits the client after throttling. @default 'standard' */
  readonly retryMode?: 'standard' | 'adaptive';
  /**
   * @default the SDK's default provider chain; for a local `endpoint` with no AWS credentials in the
   * environment, fixed dummy credentials (local servers check a signature is present, not its key).
   */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Plain HTTP or a loopback host is never AWS: an emulator that needs no real credentials. */
function isEmulator(endpoint: string): boolean {
  const url = new URL(endpoint);
  return url.protocol === 'http:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** A DynamoDB client with a timeout on every attempt and retries with backoff. */
export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const useLocalCredentials =
    !options.credentials &&
    options.endpoint !== undefined &&
    isEmulator(options.endpoint) &&
    !process.env.AWS_ACCESS_KEY_ID &&
    !process.env.AWS_PROFILE;
  const credentials = options.credentials ?? (useLocalCredentials ? LOCAL_CREDENTIALS : undefined);
  return new DynamoDBClient({
    // The project's one client configuration, with DynamoDB's shorter limits.
    ...awsClientConfig({
      endpoint: options.endpoint,
      region: options.region,
      credentials,
      connectTimeoutMs:
        options.connectTimeoutMs ??
        (options.endpoint !== undefined && isEmulator(options.endpoint)
          ? timeoutMs
          : Math.min(timeoutMs, 2_000)),
      requestTimeoutMs: timeoutMs,
      socketTimeoutMs: timeoutMs,
      maxAttempts: options.maxAttempts ?? 5,
    }),
    retryMode: options.retryMode ?? 'standard',
  });
}

/**
 * The document client every store uses. Undefined attributes are dropped, so optional fields of
 * the record types never reach DynamoDB as an invalid NULL-less undefined.
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
