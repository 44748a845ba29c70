import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** A file whose every record is a plain line: DuckDB's CSV reader yields exactly openCsv's records. */
export interface SimpleCsv {
  /** The header cells as written (BOM removed). */
  readonly header: readonly string[];
  /** Data lines (= records: no quotes, no blank lines). */
  readonly rows: number;
  readonly newline: '\n' | '\r\n';
}

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const NUL = 0x00;
/** Far below DuckDB's default max_line_size (2 MB). */
const MAX_LINE_BYTES = 1 << 20;

/** ASCII characters of JavaScript's trim set that can sit inside a line (LF and CR cannot). */
const isAsciiSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c;

/** True when b0 b1 b2 encode U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 or U+FEFF. */
function isWideSpace(b0: number, b1: number, b2: number): boolean {
  if (b0 === 0xe1) return b1 === 0x9a && b2 === 0x80;
  if (b0 === 0xe2)
    return (
      (b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf)) ||
      (b1 === 0x81 && b2 === 0x9f)
    );
  if (b0 === 0xe3) return b1 === 0x80 && b2 === 0x80;
  if (b0 === 0xef) return b1 === 0xbb && b2 === 0xbf;
  return false;
}

/** True when the UTF-8 bytes b0 b1 b2 start with a character of JavaScript's trim set. */
const startsWithSpace = (b0: number, b1: number, b2: number) =>
  isAsciiSpace(b0) || (b0 === 0xc2 && b1 === 0xa0) || isWideSpace(b0, b1, b2);

/** The same test on the last three bytes of a cell (p0 last). */
const endsWithSpace = (p2: number, p1: number, p0: number) =>
  isAsciiSpace(p0) || (p1 === 0xc2 && p0 === 0xa0) || isWideSpace(p2, p1, p0);

/**
 * Decides, in one streaming pass over the bytes, whether a file is "simple": valid UTF-8 without
 * NUL, no quote character at all, one line ending used throughout (LF or CRLF, no lone CR), at
 * least two columns, every line after the header with exactly as many commas as the header, and
 * no data cell beginning or ending with a character that JavaScript's trim removes.
 *
 * For such a file the CSV grammar degenerates to "split lines on the newline, fields on the
 * comma", so openCsv (csv-parse with relax_quotes, BOM, skip_empty_lines) and DuckDB's read_csv
 * necessarily produce the same records in the same order — no quoting, no blank line, no ragged
 * row to interpret — and staging needs no trimming. Anything else returns undefined and is read
 * by openCsv itself, as are header-only and empty files (the reader reports them EMPTY).
 */
export async function scanSimpleCsv(path: string): Promise<SimpleCsv | undefined> {
  const headerParts: Buffer[] = [];
  let header: string[] | undefined;
  let width = -1; // commas per line, from the header
  let commas = 0;
  let lineBytes = 0;
  let rows = 0;
  let newline: '\n' | '\r\n' | undefined;
  let pendingCr = false;
  let carry: Buffer | undefined; // an incomplete UTF-8 sequence at a chunk's end
  let first = true;
  let cellBytes = 0;
  let [p2, p1, p0] = [0, 0, 0]; // the last bytes of the current cell

  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let chunk = carry ? Buffer.concat([carry, raw]) : raw;
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      const complete = utf8Boundary(chunk);
      carry = complete < chunk.length ? Buffer.from(chunk.subarray(complete)) : undefined;
      chunk = chunk.subarray(0, complete);
      if (!isUtf8(chunk) || chunk.includes(NUL) || chunk.includes(QUOTE)) return undefined;

      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (pendingCr && b !== LF) return undefined; // a lone CR
        if (b === CR) {
          pendingCr = true;
          continue;
        }
        if (b === COMMA || b === LF) {
          if (header !== undefined && cellBytes > 0 && endsWithSpace(p2, p1, p0)) return undefined;
          cellBytes = 0;
          p2 = p1 = p0 = 0;
          if (b === COMMA) {
            commas++;
            lineBytes++;
            continue;
          }
          const ending = pendingCr ? '\r\n' : '\n';
          if (newline === undefined) newline = ending;
          else if (newline !== ending) return undefined; // mixed line endings
          if (header === undefined) {
            headerParts.push(chunk.subarray(start, i));
            header = Buffer.concat(headerParts).toString('utf8').replace(/\r$/, '').split(',');
            width = commas;
            if (width === 0) return undefined; // one column: a whitespace-only line would be a blank record
          } else {
            if (commas !== width) return undefined;
            rows++;
          }
          commas = 0;
          lineBytes = 0;
          start = i + 1;
          pendingCr = false;
          continue;
        }
        pendingCr = false;
        if (cellBytes === 0 && header !== undefined) {
          // Near the chunk's end the following bytes are unknown: be conservative.
          if (
            i + 2 >= chunk.length
              ? b >= 0xc2 || isAsciiSpace(b)
              : startsWithSpace(b, chunk[i + 1], chunk[i + 2])
          )
            return undefined;
        }
        cellBytes++;
        [p2, p1, p0] = [p1, p0, b];
        if (++lineBytes > MAX_LINE_BYTES) return undefined;
      }
      if (header === undefined) headerParts.push(Buffer.from(chunk.subarray(start)));
    }
  } finally {
    stream.destroy();
  }
  if (carry || pendingCr || header === undefined || newline === undefined) return undefined;
  if (lineBytes > 0) {
    // The last line has no line ending.
    if (commas !== width || (cellBytes > 0 && endsWithSpace(p2, p1, p0))) return undefined;
    rows++;
  }
  return rows === 0 ? undefined : { header, rows, newline };
}

/** The length of the longest prefix of `buf` that does not end inside a UTF-8 sequence. */
function utf8Boundary(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}
