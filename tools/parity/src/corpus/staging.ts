import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { datasets, type DatasetContract } from '@lakehouse/contracts';
import { openDuckDb, relationNames, stageDataset, type StagedFile } from '@lakehouse/engine';

/** One file of a corpus case: its key and its exact bytes. */
export interface CorpusFile {
  readonly key: string;
  readonly base64: string;
}

/** A staged file as the Glue runner's StagedFile.to_dict() writes it; `rows`: its rows in `<ds>__raw`. */
export function stagedFileFacts(f: StagedFile, rows: number) {
  return {
    readStatus: f.readStatus,
    header: f.header ?? null,
    missingRequired: f.missingRequired,
    extraColumns: f.drift.extraColumns,
    missingOptionalColumns: f.drift.missingOptionalColumns,
    rows,
    error: f.error ?? null,
  };
}

/** A staged row: the `<ds>__raw` row as the runner's StagedRow holds it. */
export function stagedRow(contract: DatasetContract, row: Record<string, unknown>) {
  return {
    row: Number(row._row),
    fieldsOk: row._fields_ok,
    values: contract.columns.map((c) => row[c.name] ?? null),
    cells: row._cells ?? null,
  };
}

export async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Writes the files of a case under a temporary home (`<home>/<key>`) and runs `work` with it. */
export async function withFiles<T>(
  files: readonly { key: string; content: Buffer }[],
  work: (home: string) => Promise<T>,
): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'parity-'));
  try {
    for (const f of files) {
      await mkdir(join(home, f.key, '..'), { recursive: true });
      await writeFile(join(home, f.key), f.content);
    }
    return await work(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * Stages files of one dataset as the engine does (libs/validation's reader: `_cells` is
 * JSON.stringify of the cells, as the runner writes it) and returns each file's facts and rows.
 */
export async function stageForCorpus(dataset: string, files: readonly { key: string; content: Buffer }[]) {
  const contract = datasets.get(dataset);
  return withFiles(files, async (home) => {
    const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
    try {
      const conn = session.connection;
      const staged = await stageDataset(
        conn,
        contract,
        files.map((f) => ({ key: f.key, path: join(home, f.key) })),
        { mode: 'reader' },
      );
      const rows = await rowsOf(conn, `SELECT * FROM ${relationNames(dataset).raw} ORDER BY _file_seq, _row`);
      return staged.map((file) => {
        const own = rows.filter((r) => Number(r._file_seq) === file.seq);
        return { file: stagedFileFacts(file, own.length), rows: own.map((r) => stagedRow(contract, r)) };
      });
    } finally {
      session.close();
    }
  });
}
