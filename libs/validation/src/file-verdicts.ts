import { MalformedFileError } from './errors';
import type { HeaderLayout } from './row-checker';

// The file-level messages of a run, written once: the validator, staging and the executor all
// report a refused file with these words (the Glue runner's copy is checked by the parity corpus).

/** `raw/orders/a.csv: required columns user_id, date missing from the header` */
export function missingColumnsMessage(key: string, columns: readonly string[]): string {
  return `${key}: required column${columns.length > 1 ? 's' : ''} ${columns.join(', ')} missing from the header`;
}

/** `raw/orders/a.csv: 3 of 8 rows rejected (37.5% > 20%)` */
export function quarantineMessage(
  key: string,
  rejected: number,
  rowsIn: number,
  maxRejectRatio: number,
): string {
  return `${key}: ${rejected} of ${rowsIn} rows rejected (${((rejected / rowsIn) * 100).toFixed(1)}% > ${maxRejectRatio * 100}%)`;
}

/** A header naming a contract column twice makes the file MALFORMED_FILE: which one to read would be a guess. */
export function refuseDuplicatedColumns(key: string, layout: HeaderLayout): void {
  if (layout.duplicated.length === 0) return;
  const names = layout.duplicated.map((c) => `"${c}"`).join(', ');
  throw new MalformedFileError(key, `column ${names} appears twice in the header`, 1);
}
