/**
 * CSV text: RFC 4180 quoting, the timestamp format of the generated files, and `CsvSeries`, which
 * turns rows into a dataset's sequence of files as a stream of events (open, text chunks, close).
 * The events are what lets the same generator fill memory for tests or stream to disk with
 * backpressure for millions of rows.
 */
import type { DatasetName } from './options';

/** What the generator produces, in order. Chunks of different datasets interleave. */
export type SampleEvent =
  | { readonly type: 'open'; readonly dataset: DatasetName; readonly path: string }
  | {
      readonly type: 'data';
      readonly dataset: DatasetName;
      readonly path: string;
      readonly chunk: string | Buffer;
    }
  | { readonly type: 'close'; readonly dataset: DatasetName; readonly path: string; readonly rows: number };

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a cell when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row of cells as one CSV line, without the line ending. */
export function csvLine(cells: readonly string[]): string {
  let line = csvCell(cells[0]);
  for (let i = 1; i < cells.length; i++) line += ',' + csvCell(cells[i]);
  return line;
}

/** Cells known to need no quoting (numbers, dates) as one line; much cheaper than Array.join. */
export function plainLine(cells: readonly string[]): string {
  let line = cells[0];
  for (let i = 1; i < cells.length; i++) line += ',' + cells[i];
  return line;
}

/** Splits one line written by csvLine back into cells (no line breaks inside cells). */
export function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] !== '"') cell += line[i];
        else if (line[i + 1] === '"') cell += line[i++];
        else break;
      }
      i++; // the closing quote
    }
    const comma = line.indexOf(',', i);
    cell += line.slice(i, comma < 0 ? line.length : comma);
    cells.push(cell);
    if (comma < 0) return cells;
    i = comma + 1;
  }
}

/**
 * A dataset line where a few columns change per row and the rest are fixed for a while (an
 * order's lines share its order, user and timestamp): the fixed text between the changing cells
 * is joined once, each row only concatenates its own values. Columns keep the contract's order.
 */
export class LineTemplate {
  /** Column index of each changing value, in the caller's order. */
  private readonly positions: readonly number[];
  /** For each changing value (caller's order), its rank among the changing columns. */
  private readonly rank: readonly number[];
  private readonly fixed: string[];
  private readonly segments: string[];
  private readonly ordered: (string | number)[];

  constructor(
    private readonly columns: readonly string[],
    /** The changing columns, in the order `line()` receives their values. */
    changing: readonly string[],
  ) {
    this.positions = changing.map((name) => {
      const i = columns.indexOf(name);
      if (i < 0) throw new Error(`LineTemplate: unknown column ${name}`);
      return i;
    });
    const sorted = [...this.positions].sort((a, b) => a - b);
    this.rank = this.positions.map((p) => sorted.indexOf(p));
    this.fixed = columns.map(() => '');
    this.segments = new Array<string>(changing.length + 1).fill('');
    this.ordered = new Array<string | number>(changing.length).fill('');
  }

  /** Sets fixed cells by column name and rebuilds the text between the changing cells. */
  setFixed(cells: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(cells)) this.fixed[this.columns.indexOf(name)] = value;
    let segment = 0;
    let text = '';
    for (let i = 0; i < this.columns.length; i++) {
      if (i > 0) text += ',';
      if (this.positions.includes(i)) {
        this.segments[segment++] = text;
        text = '';
      } else {
        text += this.fixed[i];
      }
    }
    this.segments[segment] = text;
  }

  /** The line for the changing values, given in the constructor's order (the array is only read). */
  line(values: readonly (string | number)[]): string {
    for (let k = 0; k < values.length; k++) this.ordered[this.rank[k]] = values[k];
    let line = this.segments[0];
    for (let k = 0; k < this.ordered.length; k++) line += this.ordered[k] + this.segments[k + 1];
    return line;
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDate = '';

/**
 * `YYYY-MM-DD HH:MM:SS` in UTC, the form the Instacart exports use. Called once per order, so the
 * date part is cached per day (toISOString costs more than the rest of an order's row).
 */
export function formatTimestamp(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  const seconds = Math.floor((epochMs - day * DAY_MS) / 1000);
  return `${cachedDate} ${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
}

/** The UTC calendar date `YYYY-MM-DD` of an instant. */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Epoch milliseconds of a `YYYY-MM-DD HH:MM:SS` UTC timestamp written by formatTimestamp. */
export function timestampMs(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** Files are flushed as chunks of about this many characters: large enough to make writes cheap. */
const FLUSH_AT = 1 << 16;
/** Width of the file number: names sort in the order the files were written. */
const NUMBER_WIDTH = 4;

/**
 * One dataset's files, written one after the other: `<dataset>/<dataset>-0001.csv`, … Rows are
 * numbered from 1 after the header, as the pipeline numbers them.
 */
export class CsvSeries {
  /** Path of the open file, relative to the output folder. */
  path = '';
  /** Data rows written to the open file so far. */
  rows = 0;
  /** Number of files opened so far (the open one included). */
  opened = 0;
  /** Text before the buffered lines (BOM and header of a just-opened file). */
  private head = '';
  /** Buffered lines; joined once per chunk, which is far cheaper than growing one string. */
  private lines: string[] = [];
  private size = 0;
  private isOpen = false;

  constructor(
    readonly dataset: DatasetName,
    private readonly header: readonly string[],
    private readonly eol: string,
    private readonly bom: boolean,
    private readonly out: SampleEvent[],
  ) {}

  /** Opens the next file, optionally with a name suffix and a different header; returns its path. */
  open(suffix = '', header: readonly string[] = this.header): string {
    if (this.isOpen) this.close();
    this.opened++;
    this.path = `${this.dataset}/${this.dataset}-${String(this.opened).padStart(NUMBER_WIDTH, '0')}${suffix}.csv`;
    this.rows = 0;
    this.isOpen = true;
    this.out.push({ type: 'open', dataset: this.dataset, path: this.path });
    this.head = (this.bom ? '\uFEFF' : '') + csvLine(header) + this.eol;
    return this.path;
  }

  /** Appends a data row given as ready CSV text (cells already quoted where needed); returns its row number. */
  line(text: string): number {
    this.lines.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
    return ++this.rows;
  }

  /** Appends a data row given as cells; returns its 1-based row number. */
  cells(cells: readonly string[]): number {
    return this.line(csvLine(cells));
  }

  /** Writes bytes as they are (for files that are not CSV at all). */
  bytes(chunk: Buffer): void {
    this.flush();
    this.out.push({ type: 'data', dataset: this.dataset, path: this.path, chunk });
  }

  /** Drops the BOM and header of the just-opened file (for files that are not CSV at all). */
  discardHeader(): void {
    this.head = '';
  }

  close(): void {
    if (!this.isOpen) return;
    this.flush();
    this.isOpen = false;
    this.out.push({ type: 'close', dataset: this.dataset, path: this.path, rows: this.rows });
  }

  private flush(): void {
    let chunk = this.head;
    if (this.lines.length > 0) chunk += this.lines.join(this.eol) + this.eol;
    this.head = '';
    this.lines = [];
    this.size = 0;
    if (chunk.length > 0) this.out.push({ type: 'data', dataset: this.dataset, path: this.path, chunk });
  }
}
