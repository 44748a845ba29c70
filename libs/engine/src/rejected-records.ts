import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CODE_SEPARATOR, type DatasetContract } from '@lakehouse/contracts';
import { cellNamer, normaliseHeader, rejectedRecord } from '@lakehouse/validation';
import { relationNames } from './relations';
import type { StagedFile } from './stage';

/**
 * Rebuilds a rejected row's original cells: from `_cells` when staging kept them, else from the
 * trimmed contract columns in header order (staging keeps `_cells` whenever that would not give
 * back the original text).
 */
export function originalCells(
  header: readonly string[],
  staged: Readonly<Record<string, string | null>>,
  cellsJson: string | null,
): string[] {
  if (cellsJson !== null) return JSON.parse(cellsJson) as string[];
  return header.map((h) => staged[normaliseHeader(h)] ?? '');
}

/**
 * Writes the rejected rows of a dataset's plan as JSON Lines — the objects of libs/validation
 * `rejectedRecord`, in file then row order — and returns how many were written. The file is
 * created only when there is at least one row.
 */
export async function writeRejected(
  conn: DuckDBConnection,
  contract: DatasetContract,
  files: readonly StagedFile[],
  path: string,
): Promise<number> {
  const bySeq = new Map(files.map((f) => [f.seq, { file: f, name: cellNamer(f.header ?? []) }]));
  const columns = contract.columns.map((c) => c.name);
  const result = await conn.stream(
    `SELECT * FROM ${relationNames(contract.name).rejected} ORDER BY _file_seq, _row`,
  );
  let out: ReturnType<typeof createWriteStream> | undefined;
  let written = 0;
  for await (const rows of result.yieldRowObjectJs()) {
    let text = '';
    for (const row of rows) {
      const { file, name } = bySeq.get(Number(row._file_seq))!;
      const staged = Object.fromEntries(columns.map((c) => [c, row[c] as string | null]));
      const cells = name(originalCells(file.header ?? [], staged, row._cells as string | null));
      const record = rejectedRecord({
        cells,
        _source_file: file.key,
        _row: Number(row._row),
        _reasons: String(row._reasons).split(CODE_SEPARATOR),
      });
      text += JSON.stringify(record) + '\n';
      written += 1;
    }
    if (text === '') continue;
    if (!out) {
      await mkdir(dirname(path), { recursive: true });
      out = createWriteStream(path);
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  if (out) {
    out.end();
    await once(out, 'close');
  }
  return written;
}
