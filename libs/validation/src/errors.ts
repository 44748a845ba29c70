/** A file that cannot be read as CSV at all: not UTF-8, binary, or broken quoting. */
export class MalformedFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    /** 1-based physical line where reading stopped, when known. */
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: MALFORMED_FILE: ${detail}`);
    this.name = 'MalformedFileError';
  }
}
