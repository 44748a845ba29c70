/**
 * Finds a carriage return that is not part of a CRLF outside a quoted field, across the decoded
 * chunks of a file. Records end at LF or CRLF; a lone CR outside quotes is a line ending the
 * contract does not accept (a file with CR-only line endings would otherwise read as one long
 * header line and come out EMPTY), so the reader refuses the file. Inside a quoted field a CR is
 * data, as RFC 4180 allows.
 *
 * Quote states follow csv-parse with `relax_quotes` (see openCsv): a quote opens a quoted field
 * only at the start of a field; `""` inside it is one quote; a closing quote followed by anything
 * but `,`, LF or CRLF continues the field unquoted. The scan jumps from quote to CR with indexOf,
 * so a file without quotes or CRs costs two native searches per chunk.
 */
export class LoneCarriageReturnScanner {
  private state: 'fieldStart' | 'unquoted' | 'quoted' = 'fieldStart';
  /** Characters held back from the previous chunk: what they mean depends on what follows. */
  private held = '';
  /** The character before `held` (a quote opens a field only after `,`, LF or the start). */
  private before = '';
  private started = false;
  /** UTF-8 bytes of the text before `held`. */
  private bytes = 0;

  /**
   * Scans the next chunk (`final` for the end of the file); returns the byte offset from the start
   * of the file of the first lone CR outside quotes, or -1.
   */
  scan(chunk: string, final = false): number {
    const text = this.held + chunk;
    let p = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) p = 1; // the BOM openCsv drops: the first field starts after it
    }
    // A quote or CR near the end may need the next two characters to be understood.
    const limit = final ? text.length : text.length - 2;
    let nextQuote = -2;
    let nextCr = -2;
    while (p < limit) {
      if (this.state === 'fieldStart') {
        this.state = text[p] === '"' ? 'quoted' : 'unquoted';
        if (this.state === 'quoted') p += 1;
        continue;
      }
      if (this.state === 'quoted') {
        const q = text.indexOf('"', p);
        if (q < 0 || q >= limit) {
          p = limit;
          break;
        }
        const after = text[q + 1];
        if (after === '"') {
          p = q + 2; // an escaped quote
        } else if (after === ',' || after === '\n') {
          this.state = 'fieldStart';
          p = q + 2;
        } else if (after === '\r' && text[q + 2] === '\n') {
          this.state = 'fieldStart';
          p = q + 3;
        } else if (after === '\r') {
          return this.offsetOf(text, q + 1);
        } else {
          this.state = 'unquoted'; // not a closing quote after all: the field goes on unquoted
          p = q + 1;
        }
        continue;
      }
      // Unquoted: only a CR, or a quote right after a field separator, matters.
      if (nextQuote < p && nextQuote !== -1) nextQuote = text.indexOf('"', p);
      if (nextCr < p && nextCr !== -1) nextCr = text.indexOf('\r', p);
      const q = nextQuote >= 0 && nextQuote < limit ? nextQuote : Infinity;
      const r = nextCr >= 0 && nextCr < limit ? nextCr : Infinity;
      if (q === Infinity && r === Infinity) {
        p = limit;
        break;
      }
      if (r < q) {
        if (text[r + 1] !== '\n') return this.offsetOf(text, r);
        p = r + 2;
        continue;
      }
      const previous = q > 0 ? text[q - 1] : this.before;
      if (previous === ',' || previous === '\n') this.state = 'quoted';
      p = q + 1;
    }
    p = Math.max(0, Math.min(p, text.length));
    const done = text.slice(0, p);
    if (done.length > 0) this.before = done[done.length - 1];
    this.bytes += Buffer.byteLength(done, 'utf8');
    this.held = text.slice(p);
    return -1;
  }

  private offsetOf(text: string, index: number): number {
    return this.bytes + Buffer.byteLength(text.slice(0, index), 'utf8');
  }
}

/** The words of the refusal, shared by every reader (the Glue runner's copy says the same). */
export const loneCarriageReturnMessage = (offset: number): string =>
  `a carriage return (CR) not followed by a line feed at byte offset ${offset}: line endings must be LF or CRLF`;
