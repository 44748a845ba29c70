import { isUtf8 } from 'node:buffer';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, type Options, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { MalformedFileError } from './errors';

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

/** The length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence. */
function completeUtf8(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Checks the bytes strictly: bytes that are not UTF-8, or a NUL character, make the file
 * MALFORMED_FILE rather than being replaced silently by U+FFFD (which would change the data).
 * The bytes pass on unchanged (csv-parse decodes each field), checked natively.
 */
class StrictUtf8 extends Transform {
  private carry: Buffer | undefined;

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeUtf8(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : undefined;
    const whole = bytes.subarray(0, end);
    done(this.problem(whole), whole);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry ? new MalformedFileError(this.file, 'not valid UTF-8 text') : null);
  }

  private problem(bytes: Buffer): MalformedFileError | null {
    if (!isUtf8(bytes)) return new MalformedFileError(this.file, 'not valid UTF-8 text');
    if (bytes.includes(0)) return new MalformedFileError(this.file, 'contains NUL bytes (binary data)');
    return null;
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

function asMalformed(err: unknown, file: string): Error {
  if (err instanceof MalformedFileError) return err;
  const e = err as { code?: string; message?: string; lines?: number };
  if (typeof e?.code === 'string' && e.code.startsWith('CSV_')) {
    return new MalformedFileError(file, e.message ?? e.code, e.lines);
  }
  return err as Error;
}
