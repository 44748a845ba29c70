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

/** Writes rejected rows as JSON Lines to a file, honouring backpressure; accepted rows go to `onAccepted`. */
export class JsonLinesRejectSink implements ValidationSink {
  private out: WriteStream;

  constructor(
    private readonly path: string,
    private readonly onAccepted: (row: AcceptedRow) => void = () => undefined,
  ) {
    this.out = createWriteStream(path);
  }

  accepted(row: AcceptedRow): void {
    this.onAccepted(row);
  }

  async rejected(row: RejectedRow): Promise<void> {
    if (!this.out.write(JSON.stringify(rejectedRecord(row)) + '\n')) await once(this.out, 'drain');
  }

  async discard(): Promise<void> {
    await this.close();
    await truncate(this.path, 0);
    this.out = createWriteStream(this.path, { flags: 'a' });
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
  }
}
