import type { DatasetContract, TypedValue } from '@lakehouse/contracts';

/** The reject codes of CONTRACTS.md; a row's code is `<CODE>` or `<CODE>:<column or rule>`. */
export type RejectCode =
  'MALFORMED_ROW' | 'NOT_NULL' | 'TYPE' | 'RULE' | 'FK' | 'DUPLICATE' | 'MISSING_COLUMN' | 'FILE_QUARANTINED';

export type FileStatus = 'PROCESSED' | 'QUARANTINED' | 'REJECTED' | 'EMPTY';

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
  readonly status: FileStatus;
  readonly rowsIn: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rows having each code, by the code before the colon (e.g. `TYPE`). */
  readonly reasons: Readonly<Record<string, number>>;
  /** Rows having each full code (e.g. `TYPE:order_id`). */
  readonly codes: Readonly<Record<string, number>>;
  readonly schemaDrift: SchemaDrift;
  /** Why the whole file was refused (MALFORMED_FILE, MISSING_COLUMN, quarantine), with the file named. */
  readonly error?: {
    readonly code: 'MALFORMED_FILE' | 'MISSING_COLUMN' | 'FILE_QUARANTINED';
    readonly message: string;
  };
}

export const codeName = (code: string): string => code.split(':', 1)[0];

export function emptyDrift(): SchemaDrift {
  return { extraColumns: [], missingOptionalColumns: [] };
}

export function contractColumns(contract: DatasetContract): string[] {
  return contract.columns.map((c) => c.name);
}
