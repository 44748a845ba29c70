import { LakehouseError, REJECT } from '@lakehouse/contracts';

/** A file that cannot be read as CSV at all: not UTF-8, binary, or broken quoting. */
export class MalformedFileError extends LakehouseError {
  readonly code = REJECT.MALFORMED_FILE;
  constructor(
    readonly file: string,
    readonly detail: string,
    /** 1-based physical line where reading stopped, when known. */
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${REJECT.MALFORMED_FILE}: ${detail}`);
  }
}

/** A quarantined file read a second time gave other rows: it changed while the run read it. */
export class FileChangedError extends LakehouseError {
  readonly code = 'FILE_CHANGED';
  constructor(readonly file: string) {
    super(`${file}: the file changed between the two passes of quarantine`);
  }
}
