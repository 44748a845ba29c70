/**
 * Base of every error an adapter raises. `name` is a stable literal equal to the class name (a
 * Step Functions Catch/Retry matches on it, and the bundles keep class names); `code` is the same
 * fact for programs; `transient` says whether the same call may succeed later (throttling,
 * timeouts, 5xx after the SDK's own retries were spent).
 */
export abstract class AdapterError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
  abstract readonly transient: boolean;
}

/**
 * The message of any thrown value, for wrapping it into an error that names what failed (also of
 * errors from another realm, such as a native addon's under Jest, which fail `instanceof Error`).
 */
export function messageOf(error: unknown): string {
  const { message, name } = (error ?? {}) as { message?: unknown; name?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  if (typeof name === 'string' && name !== '') return name;
  return String(error);
}
