import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseCsvLine } from '@lakehouse/validation';
import { duckdbDialect as d } from './dialects';
import { jsBlankSql } from './js-trim';

/*
 * Reading a CSV file as physical lines with DuckDB's parallel CSV reader, the way libs/validation
 * `openCsv` reads it. DuckDB is told there is no quote character and a delimiter no text holds,
 * so each line is one value; strict mode makes it refuse a file it would read differently from
 * `openCsv` (bytes that are not UTF-8, line endings other than all-LF or all-CRLF, the delimiter
 * present, a line over 2 MB). What stays for the caller: lines holding a quote (csv-parse reads
 * them, one at a time), NUL (the file is MALFORMED_FILE), blank lines and trimming.
 */

/** U+FFFF, a noncharacter: a line holding it makes DuckDB see two fields and refuse the file. */
const NO_DELIMITER = 'chr(65535)';

/** `read_csv` of a file's physical lines: one VARCHAR column `l`, NULL for an empty line. */
export function linesSource(path: string): string {
  const options = [
    d.string(path),
    "columns = {'l': 'VARCHAR'}",
    'header = false',
    `delim = ${NO_DELIMITER}`,
    "quote = ''",
    "escape = ''",
    'auto_detect = false',
    'strict_mode = true',
    "compression = 'none'",
    'hive_partitioning = false',
  ];
  return `read_csv(${options.join(', ')})`;
}

/**
 * Copies a file's lines into `table` (`l`, and `canonical`: the line matches `canonicalShape`),
 * in parallel; DuckDB preserves insertion order, so the row of line `n` (1-based) has rowid
 * `n - 1`. False when DuckDB refuses the file (see above).
 */
export async function loadLines(
  conn: DuckDBConnection,
  path: string,
  table: string,
  canonicalShape: string,
): Promise<boolean> {
  try {
    await conn.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT l, COALESCE(regexp_full_match(l, ${d.string(canonicalShape)}), FALSE) AS canonical FROM ${linesSource(path)}`,
    );
    return true;
  } catch {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    return false;
  }
}

/** True for a line openCsv skips as blank: empty or only JS-trim characters (a comma never is). */
export function blankSql(line: string): string {
  return `CASE WHEN ${line} IS NULL THEN TRUE WHEN contains(${line}, ',') THEN FALSE ELSE ${jsBlankSql(line)} END`;
}

/** Lines DuckDB alone cannot split or number, by their 1-based number. */
export interface SpecialLines {
  /** Lines holding a quote (csv-parse reads them) or NUL (the file is MALFORMED_FILE). */
  readonly quoted: readonly { readonly n: number; readonly text: string }[];
  /** Blank lines: skipped, and not counted in data-row numbers. */
  readonly blank: readonly number[];
}

/**
 * The special lines of a lines table, in one parallel scan (a U+FEFF that starts a line is kept:
 * see duckdb-session's decoder).
 */
export async function specialLines(conn: DuckDBConnection, table: string): Promise<SpecialLines> {
  const reader = await conn.runAndReadAll(
    `SELECT rowid + 1 AS n, l, ${blankSql('l')} AS blank FROM ${table} WHERE contains(l, chr(0)) OR (NOT canonical AND (contains(l, '"') OR ${blankSql('l')})) ORDER BY n`,
  );
  const quoted: { n: number; text: string }[] = [];
  const blank: number[] = [];
  for (const [n, text, isBlank] of reader.getRowsJS()) {
    if (isBlank) blank.push(Number(n));
    else quoted.push({ n: Number(n), text: text as string });
  }
  return { quoted, blank };
}

/** The header as openCsv reads it and the 1-based line it is on; data starts on the next line. */
export interface FoundHeader {
  readonly cells: readonly string[];
  readonly line: number;
  /** The file starts with a UTF-8 BOM (DuckDB skips it too). */
  readonly bom: boolean;
  /** The header line ends with CRLF (strict mode holds the whole file to the same ending). */
  readonly crlf: boolean;
}

const SNIFF_BYTES = 1 << 20;

/**
 * Finds the header in the file's first megabyte: the first line that is not blank, after an
 * optional BOM. Undefined when openCsv could read it otherwise: no such line there, bytes that are
 * not UTF-8, NUL, a CR that does not end the line, a quoted field left open.
 */
export async function findHeader(path: string): Promise<FoundHeader | undefined> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const complete = bytes.length < SNIFF_BYTES;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let start = bom ? 3 : 0;
  // The file's BOM is skipped above; any other U+FEFF is text (a default decoder drops one that
  // starts a line).
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let line = 1; start < bytes.length; line++) {
    const lf = bytes.indexOf(0x0a, start);
    if (lf < 0 && !complete) return undefined;
    const end = lf < 0 ? bytes.length : lf;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      return undefined;
    }
    const crlf = text.endsWith('\r');
    if (crlf) text = text.slice(0, -1);
    if (text.includes('\r') || text.includes('\u0000')) return undefined;
    if (text.trim() !== '') {
      const cells = parseCsvLine(text);
      return cells && { cells, line, bom, crlf };
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * True when the lines DuckDB copied into `table` add up to every byte of the file. DuckDB's reader
 * drops a delimiter that ends a line without an error (`1,<U+FFFF>` reads as `1,`), and U+FFFF is
 * the delimiter: a file whose lines lost a byte is read by openCsv instead.
 */
export async function linesCoverFile(
  conn: DuckDBConnection,
  table: string,
  path: string,
  header: FoundHeader,
): Promise<boolean> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  const last = Buffer.alloc(1);
  try {
    await handle.read(last, 0, 1, size - 1);
  } finally {
    await handle.close();
  }
  const reader = await conn.runAndReadAll(`SELECT count(*), COALESCE(sum(strlen(l)), 0) FROM ${table}`);
  const [lines, bytes] = reader.getRowsJS()[0].map(Number);
  const terminators = last[0] === 0x0a ? lines : lines - 1;
  if ((header.bom ? 3 : 0) + bytes + terminators * (header.crlf ? 2 : 1) !== size) return false;
  // DuckDB splits a CRLF file's line at a lone CR (two lines for one) and may drop the byte after
  // it, which a byte count cannot see: each line must end with a line feed of the file.
  return !header.crlf || (await countLineFeeds(path)) === terminators;
}

/** The line feeds of a file, counted as it streams by. */
async function countLineFeeds(path: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) count++;
  }
  return count;
}
