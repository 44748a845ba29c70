import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { MalformedFileError } from './errors';
import { LoneCarriageReturnScanner, loneCarriageReturnMessage } from './line-endings';
import { firstInvalidUtf8, hexByte } from './utf8';

/** One data row as read: raw cells (untrimmed) and its 1-based data-row number (blank lines not counted). */
export interface RawRecord {
  readonly row: number;
  /** 1-based physical line where the record starts (quoted newlines make records span lines). */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvFile {
  /** Header names as written (untrimmed); normalise with `normaliseHeader`. */
  readonly header: readonly string[] | undefined;
  readonly records: AsyncIterable<RawRecord>;
}

/** Header names are trimmed and matched case-insensitively. */
export const normaliseHeader = (name: string): string => name.trim().toLowerCase();

/**
 * A line of only whitespace is blank: skipped and not counted. Judged on the raw text, so that a
 * quoted empty field (`""`) is still a record.
 */
const isBlank = (raw: string) => raw.trim() === '';

/**
 * Decodes UTF-8 strictly: invalid bytes, NUL characters or a lone CR outside quotes make the file
 * MALFORMED_FILE rather than being replaced silently by U+FFFD (which would change the data) or
 * read as something else; the message names the byte offset where it was found.
 */
class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lineEndings = new LoneCarriageReturnScanner();
  /** UTF-8 bytes of the text emitted so far: the offset of the next character. */
  private bytesOut = 0;
  /** The bytes the decoder holds (a character cut by the chunk boundary) start at `bytesOut`. */
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly file: string) {
    super({ decodeStrings: true, readableObjectMode: false, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.emitText(chunk, false, () => this.decoder.decode(chunk, { stream: true }), done);
  }

  override _flush(done: TransformCallback): void {
    this.emitText(new Uint8Array(0), true, () => this.decoder.decode(), done);
  }

  private emitText(chunk: Uint8Array, final: boolean, decode: () => string, done: TransformCallback): void {
    let text: string;
    try {
      text = decode();
    } catch {
      const bytes = Buffer.concat([this.pending, chunk]);
      const at = Math.max(0, firstInvalidUtf8(bytes, final));
      const detail = `not valid UTF-8 text: byte ${hexByte(bytes[at])} at byte offset ${this.bytesOut + at}`;
      return done(this.malformed(detail));
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      const at = this.bytesOut + Buffer.byteLength(text.slice(0, nul), 'utf8');
      return done(this.malformed(`contains a NUL byte (binary data) at byte offset ${at}`));
    }
    const cr = this.lineEndings.scan(text, final);
    if (cr >= 0) return done(this.malformed(loneCarriageReturnMessage(cr)));
    const used = Buffer.byteLength(text, 'utf8');
    // What the decoder keeps back (at most three bytes) is the end of what it was given.
    const kept = this.pending.length + chunk.length - used;
    this.pending =
      kept <= chunk.length
        ? chunk.slice(chunk.length - kept)
        : Buffer.concat([this.pending, chunk]).subarray(-kept);
    this.bytesOut += used;
    done(null, text);
  }

  private malformed(detail: string): MalformedFileError {
    return new MalformedFileError(this.file, detail);
  }
}

/** The CSV dialect of the contract: `,`, RFC 4180 quotes (a quote inside an unquoted field is kept), LF or CRLF. */
const DIALECT: Options = {
  delimiter: ',',
  record_delimiter: ['\r\n', '\n'],
  quote: '"',
  escape: '"',
  relax_column_count: true,
  relax_quotes: true,
};

/**
 * The cells of one line of a file, exactly as `openCsv` reads that line when it holds a whole
 * record, or undefined when it does not (a quoted field left open continues on the next line).
 * `line` is the text between two record delimiters, without them.
 */
export function parseCsvLine(line: string): string[] | undefined {
  try {
    const [record] = parseSync(line, DIALECT) as string[][];
    return record ?? [];
  } catch {
    return undefined;
  }
}

/**
 * Reads a CSV stream (UTF-8, optional BOM, `,`, RFC 4180 quoting, LF or CRLF) with constant memory:
 * records are pulled one at a time, so backpressure reaches the source stream. Any parse failure
 * surfaces as a `MalformedFileError` naming the file and line.
 */
export async function openCsv(input: Readable, file: string): Promise<CsvFile> {
  const parser = parse({
    ...DIALECT,
    bom: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  });
  const decoded = input.pipe(new StrictUtf8(file));
  input.on('error', (err) => decoded.destroy(err));
  decoded.on('error', (err) => parser.destroy(err));
  decoded.pipe(parser);

  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    raw: string;
    info: { lines: number };
  }>;
  const next = async () => {
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done || !isBlank(r.value.raw)) return r;
      }
    } catch (err) {
      input.destroy();
      throw asMalformed(err, file);
    }
  };

  const first = await next();
  const header = first.done ? undefined : first.value.record;
  let row = 0;
  const records = {
    async *[Symbol.asyncIterator]() {
      for (let r = await next(); !r.done; r = await next()) {
        const { record, info } = r.value;
        row += 1;
        yield { row, line: info.lines - countNewlines(record), cells: record };
      }
    },
  };
  return { header, records };
}

function countNewlines(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) for (let i = c.indexOf('\n'); i !== -1; i = c.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A parse failure as MALFORMED_FILE. An unclosed quote, the one failure the relaxed options leave,
 * is said in the project's words, as the Glue runner says it. (No line: csv-parse reports where
 * parsing stopped, the end of the file, and may raise before yielding the records it read.)
 */
function asMalformed(err: unknown, file: string): Error {
  if (err instanceof MalformedFileError) return err;
  const e = err as { code?: string; message?: string; lines?: number };
  if (e?.code === 'CSV_QUOTE_NOT_CLOSED')
    return new MalformedFileError(file, 'quote not closed: a quoted field never ends');
  if (typeof e?.code === 'string' && e.code.startsWith('CSV_')) {
    return new MalformedFileError(file, e.message ?? e.code, e.lines);
  }
  return err as Error;
}
