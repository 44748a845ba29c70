/**
 * The base of every error the libraries raise on purpose. `name` is the class name (what a Step
 * Functions Catch matches on `Error`) and `code` a stable identifier for programs; both survive
 * serialisation, unlike `instanceof`.
 */
export abstract class LakehouseError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message of anything thrown, for logs and records (a non-Error value is printed as is). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for a file-system error saying the path does not exist. */
export function isMissingPath(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * For `.catch()` on a file-system call whose path may legitimately be absent: the fallback's value
 * when the path does not exist, and every other error (permissions, I/O) rethrown, never swallowed.
 */
export function ifMissing<T>(fallback: () => T): (error: unknown) => T {
  return (error) => {
    if (isMissingPath(error)) return fallback();
    throw error;
  };
}
