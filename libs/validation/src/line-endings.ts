const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const COMMA = 0x2c;
const NO_BYTES = Buffer.alloc(0);

/**
 * Finds a carriage return that is not part of a CRLF outside a quoted field, across the chunks of a
 * file's bytes. Records end at LF or CRLF; a lone CR outside quotes is a line ending the contract
 * does not accept (a file with CR-only line endings would otherwise read as one long header line
 * and come out EMPTY), so the reader refuses the file. Inside a quoted field a CR is data, as
 * RFC 4180 allows.
 *
 * Quote states follow csv-parse with `relax_quotes` (see openCsv): a quote opens a quoted field
 * only at the start of a field; `""` inside it is one quote; a closing quote followed by anything
 * but `,`, LF or CRLF continues the field unquoted. The scan works on bytes (the ASCII bytes it
 * looks for never occur inside a multi-byte UTF-8 character) and jumps from quote to CR with
 * native searches, so a file without quotes or CRs costs two searches per chunk.
 */
export class LoneCarriageReturnScanner {
  private state: 'fieldStart' | 'unquoted' | 'quoted' = 'fieldStart';
  /** Bytes held back from the previous chunk: what they mean depends on what follows. */
  private held: Buffer = NO_BYTES;
  /** The byte before `held` (a quote opens a field only after `,`, LF or the start); -1 at the start. */
  private before = -1;
  private started = false;
  /** The file offset of `held`. */
  private offset = 0;

  /**
   * Scans the next chunk (`final` for the end of the file); returns the byte offset from the start
   * of the file of the first lone CR outside quotes, or -1.
   */
  scan(chunk: Uint8Array, final = false): number {
    const bytes = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : asBuffer(chunk);
    let p = 0;
    if (!this.started) {
      // The BOM openCsv drops: the first field starts after it.
      if (bytes.length < 3 && !final) return this.hold(bytes, 0);
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3;
    }
    // A quote or CR near the end may need the next two bytes to be understood.
    const limit = final ? bytes.length : bytes.length - 2;
    let nextQuote = -2;
    let nextCr = -2;
    while (p < limit) {
      if (this.state === 'fieldStart') {
        this.state = bytes[p] === QUOTE ? 'quoted' : 'unquoted';
        if (this.state === 'quoted') p += 1;
        continue;
      }
      if (this.state === 'quoted') {
        const q = bytes.indexOf(QUOTE, p);
        if (q < 0 || q >= limit) {
          p = limit;
          break;
        }
        const after = bytes[q + 1];
        if (after === QUOTE) {
          p = q + 2; // an escaped quote
        } else if (after === COMMA || after === LF) {
          this.state = 'fieldStart';
          p = q + 2;
        } else if (after === CR && bytes[q + 2] === LF) {
          this.state = 'fieldStart';
          p = q + 3;
        } else if (after === CR) {
          return this.offset + q + 1;
        } else {
          this.state = 'unquoted'; // not a closing quote after all: the field goes on unquoted
          p = q + 1;
        }
        continue;
      }
      // Unquoted: only a CR, or a quote right after a field separator, matters.
      if (nextQuote < p && nextQuote !== -1) nextQuote = bytes.indexOf(QUOTE, p);
      if (nextCr < p && nextCr !== -1) nextCr = bytes.indexOf(CR, p);
      const q = nextQuote >= 0 && nextQuote < limit ? nextQuote : Infinity;
      const r = nextCr >= 0 && nextCr < limit ? nextCr : Infinity;
      if (q === Infinity && r === Infinity) {
        p = limit;
        break;
      }
      if (r < q) {
        if (bytes[r + 1] !== LF) return this.offset + r;
        p = r + 2;
        continue;
      }
      const previous = q > 0 ? bytes[q - 1] : this.before;
      if (previous === COMMA || previous === LF) this.state = 'quoted';
      p = q + 1;
    }
    return this.hold(bytes, Math.max(0, Math.min(p, bytes.length)));
  }

  /** Keeps the bytes from `from` on for the next chunk; nothing found so far. */
  private hold(bytes: Buffer, from: number): number {
    if (from > 0) this.before = bytes[from - 1];
    this.offset += from;
    this.held = Buffer.from(bytes.subarray(from));
    return -1;
  }
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The words of the refusal, shared by every reader (the Glue runner's copy says the same). */
export const loneCarriageReturnMessage = (offset: number): string =>
  `a carriage return (CR) not followed by a line feed at byte offset ${offset}: line endings must be LF or CRLF`;
