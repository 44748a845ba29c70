import { isUtf8 } from 'node:buffer';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, type Options, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { MalformedFileError } from './errors';
import { LoneCarriageReturnScanner, loneCarriageReturnMessage } from './line-endings';
import { completeUtf8, firstInvalidUtf8, hexByte } from './utf8';

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
  /**
   * The data records, in order, in the batches the parser had ready (fewer promises than one per
   * record). Iterate either this or `records`, once.
   */
  readonly batches: AsyncIterable<readonly RawRecord[]>;
  /** The data records one at a time. */
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
 * Checks the bytes strictly: bytes that are not UTF-8, a NUL character or a lone CR outside quotes
 * make the file MALFORMED_FILE rather than being replaced silently by U+FFFD (which would change
 * the data) or read as something else; the message names the byte offset where it was found. The
 * bytes pass on unchanged (csv-parse decodes each field), checked by native searches: a decode
 * pass here would be paid twice, as csv-parse turns text back into bytes.
 */
class StrictUtf8 extends Transform {
  private readonly lineEndings = new LoneCarriageReturnScanner();
  /** The end of a chunk that stops inside a UTF-8 sequence: checked with the next chunk. */
  private carry: Buffer | undefined;
  /** Bytes passed on so far: the file offset of `carry` or of the next chunk. */
  private offset = 0;

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeUtf8(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    const whole = bytes.subarray(0, end);
    const problem = this.problem(whole, false);
    if (problem) return done(problem);
    this.offset += whole.length;
    done(null, whole);
  }

  override _flush(done: TransformCallback): void {
    done(this.problem(this.carry ?? Buffer.alloc(0), true));
  }

  private problem(bytes: Buffer, final: boolean): MalformedFileError | null {
    if (!isUtf8(bytes) || (final && bytes.length > 0)) {
      // Only an incomplete sequence is left over at the end of the file.
      const at = Math.max(0, firstInvalidUtf8(bytes, true));
      return this.malformed(
        `not valid UTF-8 text: byte ${hexByte(bytes[at])} at byte offset ${this.offset + at}`,
      );
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0)
      return this.malformed(`contains a NUL byte (binary data) at byte offset ${this.offset + nul}`);
    const cr = this.lineEndings.scan(bytes, final);
    return cr >= 0 ? this.malformed(loneCarriageReturnMessage(cr)) : null;
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

/** A record as the parser gives it with `info` and `raw`. */
interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

/**
 * Reads a CSV stream (UTF-8, optional BOM, `,`, RFC 4180 quoting, LF or CRLF) with constant memory:
 * records are pulled as the parser produces them, so backpressure reaches the source stream. Any
 * parse failure surfaces as a `MalformedFileError` naming the file and line.
 */
export async function openCsv(input: Readable, file: string): Promise<CsvFile> {
  const parser = parse({
    ...DIALECT,
    bom: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  });
  const checked = input.pipe(new StrictUtf8(file));
  input.on('error', (err) => checked.destroy(err));
  checked.on('error', (err) => parser.destroy(err));
  checked.pipe(parser);
  // Failures are read from `parser.errored` when records are pulled; this keeps the event handled.
  parser.on('error', () => undefined);

  const pull = async (): Promise<ParsedRecord[] | undefined> => {
    try {
      return await nextRecords(parser);
    } catch (err) {
      input.destroy();
      throw asMalformed(err, file);
    }
  };

  // The header is the first record that is not blank.
  let pending: ParsedRecord[] | undefined = [];
  let header: readonly string[] | undefined;
  while (header === undefined && pending !== undefined) {
    const first = pending.findIndex((r) => !isBlank(r.raw));
    if (first >= 0) {
      header = pending[first].record;
      pending = pending.slice(first + 1);
    } else pending = await pull();
  }

  let row = 0;
  const toRecords = (parsed: readonly ParsedRecord[]): RawRecord[] => {
    const out: RawRecord[] = [];
    for (const { record, raw, info } of parsed) {
      if (isBlank(raw)) continue;
      row += 1;
      out.push({ row, line: info.lines - countNewlines(record), cells: record });
    }
    return out;
  };
  const batches = {
    async *[Symbol.asyncIterator]() {
      for (let parsed = pending; parsed !== undefined; parsed = await pull()) {
        const batch = toRecords(parsed);
        if (batch.length > 0) yield batch;
      }
    },
  };
  const records = {
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches) yield* batch;
    },
  };
  return { header, batches, records };
}

/**
 * The records the parser has ready, waiting for some when it has none; undefined at the end.
 * Reading them together, rather than one promise per record, is what keeps the reader close to
 * csv-parse's own speed.
 */
async function nextRecords(parser: Parser): Promise<ParsedRecord[] | undefined> {
  for (;;) {
    const ready: ParsedRecord[] = [];
    for (let r = parser.read() as ParsedRecord | null; r !== null; r = parser.read() as ParsedRecord | null)
      ready.push(r);
    if (ready.length > 0) return ready;
    if (parser.errored) throw parser.errored;
    if (parser.readableEnded || parser.destroyed) return undefined;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        parser.off('readable', wake).off('end', wake).off('close', wake).off('error', settle);
        if (err) reject(err);
        else resolve();
      };
      const wake = () => settle();
      parser.on('readable', wake).on('end', wake).on('close', wake).on('error', settle);
    });
  }
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
