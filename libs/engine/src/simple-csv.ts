import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** A file that DuckDB's CSV reader reads exactly as openCsv does (see scanSimpleCsv). */
export interface SimpleCsv {
  /** The header cells as written (BOM removed). */
  readonly header: readonly string[];
}

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const NUL = 0x00;
const MAX_HEADER_BYTES = 1 << 20;

/** A space next to a delimiter or a line boundary: a cell that JavaScript's trim would change. */
const EDGE_SPACES = [', ', ' ,', '\n ', ' \n', ' \r'].map((p) => Buffer.from(p, 'latin1'));
/** Other ASCII members of the trim set (LF and CR are line ends): refused wherever they occur. */
const OTHER_ASCII_SPACES = [0x09, 0x0b, 0x0c];
/** Lead bytes of the multi-byte members of the trim set (U+00A0, U+1680, U+2000…, U+3000, U+FEFF). */
const WIDE_LEADS = [0xc2, 0xe1, 0xe2, 0xe3, 0xef];

/** The byte length of the trim-set character starting at `i`, or 0. */
function wideSpaceAt(buf: Buffer, i: number): number {
  const [b0, b1, b2] = [buf[i], buf[i + 1], buf[i + 2]];
  if (b0 === 0xc2) return b1 === 0xa0 ? 2 : 0;
  if (b0 === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0;
  if (b0 === 0xe2) {
    const general = b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8a) || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf);
    return general || (b1 === 0x81 && b2 === 0x9f) ? 3 : 0;
  }
  if (b0 === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0;
  if (b0 === 0xef) return b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  return 0;
}

const isBoundary = (b: number | undefined) => b === COMMA || b === LF || b === CR;

/**
 * Decides whether DuckDB's `read_csv` (header, `,`, strict mode, all VARCHAR) reads a file exactly
 * as libs/validation `openCsv` does, with no cell needing JavaScript trimming. It does when the
 * file is valid UTF-8 without NUL, has no quote character at all (the CSV grammar then
 * degenerates to "lines of comma-separated fields"), no CR except in CRLF, a first line that is a
 * header of at least two columns, and no data cell beginning or ending with a character of
 * JavaScript's trim set. What remains is checked by DuckDB itself: a row with another field
 * count or mixed line endings fail strict mode and the file goes to openCsv; empty lines are
 * skipped and not counted by both.
 *
 * Everything here is a native search over the bytes (indexOf, includes, isUtf8); JavaScript
 * only looks at occurrences of rare bytes. Returns undefined for anything else, including empty
 * and header-less files (openCsv reports those).
 */
export async function scanSimpleCsv(path: string): Promise<SimpleCsv | undefined> {
  let header: string[] | undefined;
  let headerBytes: Buffer[] = [];
  let carry: Buffer | undefined; // an incomplete UTF-8 sequence at a chunk's end
  let previous = Buffer.from([LF]); // the bytes before the current chunk (a line start at first)
  let first = true;
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
      if (header === undefined) {
        const end = chunk.indexOf(LF);
        if (end < 0) {
          headerBytes.push(Buffer.from(chunk));
          if (headerBytes.reduce((n, b) => n + b.length, 0) > MAX_HEADER_BYTES) return undefined;
          continue;
        }
        headerBytes.push(chunk.subarray(0, end));
        const line = Buffer.concat(headerBytes).toString('utf8');
        headerBytes = [];
        if (line.includes('\r') && !/^[^\r]*\r$/.test(line)) return undefined; // a lone CR
        header = line.replace(/\r$/, '').split(',');
        if (header.length < 2) return undefined; // one column: a whitespace-only line would be a blank record
        chunk = chunk.subarray(end + 1);
      }
      if (!dataChunkIsSimple(previous, chunk)) return undefined;
      if (chunk.length > 0) previous = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 3)));
    }
  } finally {
    stream.destroy();
  }
  if (carry || header === undefined) return undefined;
  // The file's last cell, when the last line has no line ending.
  const last = previous[previous.length - 1];
  if (last === CR || last === 0x20 || OTHER_ASCII_SPACES.includes(last)) return undefined;
  for (let i = 0; i < previous.length; i++)
    if (wideSpaceAt(previous, i) === previous.length - i) return undefined;
  return { header };
}

/** The checks on data bytes; `previous` holds the (up to three) bytes before the chunk. */
function dataChunkIsSimple(previous: Buffer, chunk: Buffer): boolean {
  // Searching `previous + chunk` catches a pattern across the chunk boundary.
  const window = Buffer.concat([previous, chunk]);
  if (EDGE_SPACES.some((p) => window.includes(p))) return false;
  if (OTHER_ASCII_SPACES.some((b) => chunk.includes(b))) return false;
  for (let i = window.indexOf(CR); i >= 0; i = window.indexOf(CR, i + 1)) {
    // A CR must be followed by LF; one at the very end is checked with the next chunk (or at EOF).
    if (i + 1 < window.length && window[i + 1] !== LF) return false;
  }
  for (const lead of WIDE_LEADS) {
    for (let i = window.indexOf(lead); i >= 0; i = window.indexOf(lead, i + 1)) {
      const length = wideSpaceAt(window, i);
      if (length === 0) continue;
      if (i + length >= window.length) return false; // the byte after it is in the next chunk: be conservative
      if (isBoundary(window[i - 1]) || isBoundary(window[i + length])) return false;
    }
  }
  return true;
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
