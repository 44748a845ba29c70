/**
 * The environment variables infra sets on the functions, named once (the buckets' variables come
 * from libs/storage's `bucketEnvironmentVariable`). A function reads only those it needs.
 */
export const FUNCTION_ENVIRONMENT = {
  /** The lease and circuit-breaker scope of the pipeline. */
  pipeline: 'LAKEHOUSE_PIPELINE',
  /** The state tables' name prefix (`<prefix>files`, `<prefix>runs`, `<prefix>control`). */
  stateTablePrefix: 'LAKEHOUSE_STATE_TABLE_PREFIX',
  /** The trigger: the state machine it starts runs of. */
  stateMachineArn: 'LAKEHOUSE_STATE_MACHINE_ARN',
  /** The trigger: the datasets that must each have a pending file before a run starts (comma-separated). @default every dataset */
  requiredDatasets: 'LAKEHOUSE_REQUIRED_DATASETS',
  /** The claim: how long a run's lease lasts, in seconds; it must outlast the run. @default 15 minutes */
  leaseTtlSeconds: 'LAKEHOUSE_LEASE_TTL_SECONDS',
  /** The catalog step: the Glue crawler of the lakehouse tables. */
  crawler: 'LAKEHOUSE_CRAWLER',
  /** The verify step: the Glue database of the lakehouse tables. */
  database: 'LAKEHOUSE_DATABASE',
  /** The verify step: the Athena workgroup (its enforced configuration holds the result location). */
  athenaWorkGroup: 'LAKEHOUSE_ATHENA_WORKGROUP',
  /** The notify step: the SNS topic of run outcomes. */
  topicArn: 'LAKEHOUSE_TOPIC_ARN',
  /** The notify step: the Powertools idempotency table (partition key `id`, TTL attribute `expiration`). */
  idempotencyTable: 'LAKEHOUSE_IDEMPOTENCY_TABLE',
} as const;

export type FunctionEnvironmentName = (typeof FUNCTION_ENVIRONMENT)[keyof typeof FUNCTION_ENVIRONMENT];

/** A variable's value; a missing or empty one is an error naming it. */
export function requireEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`the environment variable ${name} is not set`);
  return value;
}

/** Builds a value on first use and keeps it for the execution environment's later invocations. */
export function once<T>(build: () => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
