import type { FileOutcome, FileRejectCode, TypedValue } from '@lakehouse/contracts';

/** A file's outcome as the validator decides it (ALREADY_PROCESSED is the pipeline's). */
export type ValidatedFileStatus = Exclude<FileOutcome, 'ALREADY_PROCESSED'>;

/** A typed value of an accepted row: contract columns (null when empty) and derived columns. */
export type AcceptedValue = TypedValue | boolean | null;

export interface AcceptedRow {
  readonly row: number;
  readonly values: Readonly<Record<string, AcceptedValue>>;
}

/** A rejected row as written under rejected/: original cells plus where it came from and why. */
export interface RejectedRow {
  readonly cells: Readonly<Record<string, string>>;
  readonly _source_file: string;
  readonly _row: number;
  readonly _reasons: readonly string[];
}

export interface SchemaDrift {
  /** Header columns the contract does not know: ignored, reported as a warning. */
  readonly extraColumns: readonly string[];
  /** Optional contract columns absent from the header: read as null. */
  readonly missingOptionalColumns: readonly string[];
}

export interface FileReport {
  readonly dataset: string;
  readonly key: string;
  readonly status: ValidatedFileStatus;
  readonly rowsIn: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rows having each code, by the code before the colon (e.g. `TYPE`). */
  readonly reasons: Readonly<Record<string, number>>;
  /** Rows having each full code (e.g. `TYPE:order_id`). */
  readonly codes: Readonly<Record<string, number>>;
  readonly schemaDrift: SchemaDrift;
  /** Why the whole file was refused (MALFORMED_FILE, MISSING_COLUMN, quarantine), with the file named. */
  readonly error?: { readonly code: FileRejectCode; readonly message: string };
}

export const NO_DRIFT: SchemaDrift = Object.freeze({ extraColumns: [], missingOptionalColumns: [] });
