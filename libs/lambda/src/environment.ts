/**
 * The environment variables infra sets on the functions, named once (the buckets' variables come
 * from libs/storage's `bucketEnvironmentVariable`). A function reads only those it needs.
 */
export const FUNCTION_ENVIRONMENT = {
  /** The lease and circuit-breaker scope of the pipeline. */
  pipeline: 'LAKEHOUSE_PIPELINE',
  /** The state tables' name prefix (`<prefix>files`, `<prefix>runs`, `<prefix>control`). */
  stateTablePrefix: 'LAKEHOUSE_STATE_TABLE_PREFIX',
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
