import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { truncate } from 'node:fs/promises';
import { normaliseHeader } from './reader';
import type { AcceptedRow, RejectedRow } from './verdict';
import type { ValidationSink } from './validate';

/** The JSON Lines shape of a rejected row (docs/contracts.md, "Conservation"): original cells plus `_source_file`, `_row`, `_reasons`. */
export function rejectedRecord(row: RejectedRow): Record<string, unknown> {
  return { ...row.cells, _source_file: row._source_file, _row: row._row, _reasons: row._reasons };
}

/**
 * Names the cells of a rejected row: the normalised header names, a repeated name suffixed `_2`,
 * `_3`…, an empty name `_unnamed`, and the extra fields of a long row `_extra_1`, `_extra_2`…
 */
export function cellNamer(header: readonly string[]): (cells: readonly string[]) => Record<string, string> {
  const seen = new Map<string, number>();
  const names = header.map((h) => {
    const name = normaliseHeader(h) || '_unnamed';
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
  return (cells) =>
    Object.fromEntries(cells.map((cell, i) => [names[i] ?? `_extra_${i - names.length + 1}`, cell]));
}

/**
 * Writes rejected rows as JSON Lines to a file, honouring backpressure; accepted rows go to
 * `onAccepted`. A write error (a missing folder, a full disk) is thrown by the next call instead
 * of escaping as an unhandled 'error' event.
 */
export class JsonLinesRejectSink implements ValidationSink {
  private out!: WriteStream;
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly onAccepted: (row: AcceptedRow) => void = () => undefined,
  ) {
    this.open('w');
  }

  accepted(row: AcceptedRow): void {
    this.onAccepted(row);
  }

  async rejected(row: RejectedRow): Promise<void> {
    this.throwIfFailed();
    if (!this.out.write(JSON.stringify(rejectedRecord(row)) + '\n')) await this.drained();
  }

  async discard(): Promise<void> {
    await this.close();
    await truncate(this.path, 0);
    this.open('a');
  }

  async close(): Promise<void> {
    if (!this.out.closed) {
      this.out.end();
      await once(this.out, 'close').catch(() => undefined); // an error is recorded by the listener
    }
    this.throwIfFailed();
  }

  private open(flags: 'w' | 'a'): void {
    this.out = createWriteStream(this.path, { flags });
    this.out.on('error', (error) => (this.failure ??= error));
  }

  private async drained(): Promise<void> {
    await once(this.out, 'drain').catch(() => undefined); // an error is recorded by the listener
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error(`cannot write rejected rows to ${this.path}: ${this.failure.message}`);
  }
}
