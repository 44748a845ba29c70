/** Static credentials (a local server checks that a signature is present, not its key). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What every AWS SDK v3 client of the project is built from. */
export interface AwsClientSettings {
  /** @default process.env.AWS_REGION, else 'us-east-1' */
  readonly region?: string;
  /**
   * An endpoint override for a local server (fauxqs for S3/SQS/SNS, DynamoDB Local).
   * @default the regional AWS endpoint (or the SDK's own AWS_ENDPOINT_URL handling)
   */
  readonly endpoint?: string;
  /** @default the SDK's default provider chain (the Lambda role, a profile, the environment) */
  readonly credentials?: AwsCredentials;
  /** TCP connect limit per attempt, in ms. @default 3_000 */
  readonly connectTimeoutMs?: number;
  /**
   * Per-attempt limit from sending the request to the response headers, in ms; a breach is a
   * retryable TimeoutError. @default 30_000
   */
  readonly requestTimeoutMs?: number;
  /** Limit on socket inactivity, in ms: also bounds a stalled streaming body. @default 30_000 */
  readonly socketTimeoutMs?: number;
  /**
   * Attempts per call, including the first. Throttling, 5xx, timeouts and connection errors are
   * retried by the SDK's standard strategy: exponential backoff with jitter and a retry quota.
   * @default 5
   */
  readonly maxAttempts?: number;
}

/** The resolved client configuration: spread it into any `new XxxClient({...})`. */
export interface AwsClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: AwsCredentials;
  readonly maxAttempts: number;
  readonly retryMode: 'standard';
  readonly requestHandler: {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly socketTimeout: number;
    /** Without it the SDK only logs a breached requestTimeout and keeps waiting. */
    readonly throwOnRequestTimeout: true;
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`AWS client setting ${name} must be a positive number (got ${value})`);
  }
  return value;
}

/**
 * The one client configuration of the project: region, endpoint override, timeouts and the
 * standard retry strategy. Every adapter builds its client as
 * `new S3Client({ ...awsClientConfig(settings), forcePathStyle })`.
 */
export function awsClientConfig(settings: AwsClientSettings = {}): AwsClientConfig {
  const maxAttempts = settings.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`AWS client setting maxAttempts must be an integer ≥ 1 (got ${maxAttempts})`);
  }
  if (settings.endpoint !== undefined && !URL.canParse(settings.endpoint)) {
    throw new RangeError(`AWS client setting endpoint is not a URL: "${settings.endpoint}"`);
  }
  return {
    region: settings.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(settings.endpoint !== undefined && { endpoint: settings.endpoint }),
    ...(settings.credentials !== undefined && { credentials: settings.credentials }),
    maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: positive('connectTimeoutMs', settings.connectTimeoutMs ?? 3_000),
      requestTimeout: positive('requestTimeoutMs', settings.requestTimeoutMs ?? 30_000),
      socketTimeout: positive('socketTimeoutMs', settings.socketTimeoutMs ?? 30_000),
      throwOnRequestTimeout: true,
    },
  };
}
