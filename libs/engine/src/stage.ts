import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import {
  CODE_SEPARATOR,
  FILE_READ_STATUS,
  REJECT,
  rejectCode,
  type DatasetContract,
  type FileReadStatus,
} from '@lakehouse/contracts';
import {
  layoutHeader,
  MalformedFileError,
  NO_DRIFT,
  openCsv,
  refuseDuplicatedColumns,
  type SchemaDrift,
} from '@lakehouse/validation';
import { duckdbDialect as d } from './dialects';
import type { PathLinks } from './path-links';
import { relationNames } from './relations';
import { scanSimpleCsv, type SimpleCsv } from './simple-csv';

/** One file of a run: where it is on disk and its key (the name reported as `_source_file`). */
export interface ManifestFile {
  readonly key: string;
  readonly path: string;
}

/** What staging learned about a file; the rows themselves are in `<dataset>__raw`. */
export interface StagedFile {
  readonly seq: number;
  readonly key: string;
  readonly path: string;
  readonly readStatus: FileReadStatus;
  /** The header as written (undefined for a file without any line). */
  readonly header?: readonly string[];
  readonly missingRequired: readonly string[];
  readonly drift: SchemaDrift;
  readonly rows: number;
  /** The MALFORMED_FILE message, naming the file. */
  readonly error?: string;
  /** How the rows were read: DuckDB's read_csv for a simple file, else openCsv and the Appender. */
  readonly via: 'duckdb' | 'reader';
}

/**
 * `auto`: files of at least SIMPLE_MIN_BYTES that scanSimpleCsv proves plain are read by DuckDB's
 * parallel CSV reader (the records are provably openCsv's); every other file by openCsv (below
 * that size the reader is faster than DuckDB's per-statement overhead). `duckdb-when-simple`:
 * every simple file by DuckDB, whatever its size (tests). `reader`: always openCsv.
 */
export type StagingMode = 'auto' | 'duckdb-when-simple' | 'reader';

export const SIMPLE_MIN_BYTES = 64 * 1024;

/**
 * Creates the two staging relations of a dataset plan (see plan.ts) and loads the files into
 * them, in manifest order. Files are read with libs/validation `openCsv` and mapped with
 * `layoutHeader`, so BOM, quoting, blank lines, row numbers, header matching and MALFORMED_FILE
 * are exactly the validator's; the only per-row JavaScript is trimming and the Appender calls.
 * Large files that scanSimpleCsv proves plain are read by DuckDB instead (see StagingMode).
 *
 * `<dataset>__raw` is a view: the Appender's table for the files read by openCsv, plus one table
 * per file read by DuckDB, whose rows are numbered by their insertion order — no second copy.
 */
export async function stageDataset(
  conn: DuckDBConnection,
  contract: DatasetContract,
  files: readonly ManifestFile[],
  links: PathLinks,
  mode: StagingMode = 'auto',
): Promise<StagedFile[]> {
  const n = relationNames(contract.name);
  const columns = contract.columns.map((c) => `${d.ident(c.name)} VARCHAR`).join(', ');
  // Plain (not TEMPORARY) tables: the Appender addresses tables of the main schema.
  await conn.run(
    `CREATE OR REPLACE TABLE ${readerTable(contract)} (_file_seq INTEGER NOT NULL, _row INTEGER NOT NULL, _fields_ok BOOLEAN NOT NULL, ${columns}, _cells VARCHAR)`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${n.files} (_file_seq INTEGER NOT NULL, _source_file VARCHAR NOT NULL, _read_status VARCHAR NOT NULL, _missing_codes VARCHAR)`,
  );
  const staged: StagedFile[] = [];
  const views = [`SELECT * FROM ${readerTable(contract)}`];
  for (const [i, file] of files.entries()) {
    const size = mode === 'auto' ? (await stat(file.path)).size : 0;
    const simple =
      mode === 'duckdb-when-simple' || (mode === 'auto' && size >= SIMPLE_MIN_BYTES)
        ? await scanSimpleCsv(file.path)
        : undefined;
    const fast = simple && (await stageSimpleFile(conn, contract, file, i + 1, simple, links));
    const result = fast ? fast.staged : await stageFile(conn, contract, file, i + 1);
    if (fast) views.push(fast.select);
    staged.push(result);
    const missing =
      result.missingRequired.length > 0
        ? d.string(
            result.missingRequired.map((c) => rejectCode(REJECT.MISSING_COLUMN, c)).join(CODE_SEPARATOR),
          )
        : 'NULL';
    await conn.run(
      `INSERT INTO ${n.files} VALUES (${result.seq}, ${d.string(file.key)}, ${d.string(result.readStatus)}, ${missing})`,
    );
  }
  await conn.run(`CREATE OR REPLACE TEMPORARY VIEW ${n.raw} AS\n${views.join('\nUNION ALL\n')}`);
  return staged;
}

/** Drops every staging relation of a dataset. */
export async function dropStaging(
  conn: DuckDBConnection,
  contract: DatasetContract,
  staged: readonly StagedFile[],
): Promise<void> {
  const n = relationNames(contract.name);
  await conn.run(`DROP VIEW IF EXISTS ${n.raw}`);
  for (const f of staged)
    if (f.via === 'duckdb') await conn.run(`DROP TABLE IF EXISTS ${fileTable(contract, f.seq)}`);
  await conn.run(`DROP TABLE IF EXISTS ${readerTable(contract)}`);
  await conn.run(`DROP TABLE IF EXISTS ${n.files}`);
}

const readerTable = (contract: DatasetContract) => `${relationNames(contract.name).raw}_reader`;
const fileTable = (contract: DatasetContract, seq: number) =>
  `${relationNames(contract.name).raw}_file_${seq}`;

async function stageFile(
  conn: DuckDBConnection,
  contract: DatasetContract,
  file: ManifestFile,
  seq: number,
): Promise<StagedFile> {
  const base = { seq, key: file.key, path: file.path, via: 'reader' as const };
  let appender: DuckDBAppender | undefined;
  let drift = NO_DRIFT;
  try {
    const csv = await openCsv(createReadStream(file.path), file.key);
    if (!csv.header)
      return { ...base, readStatus: FILE_READ_STATUS.READ, missingRequired: [], drift, rows: 0 };
    const header = csv.header;
    const layout = layoutHeader(contract, header);
    drift = layout.drift;
    refuseDuplicatedColumns(file.key, layout);
    const width = header.length;
    const at = contract.columns.map((c) => layout.index.get(c.name) ?? -1);
    // Every header column is a contract column: a row's original cells can be rebuilt from the
    // trimmed contract columns, unless trimming changed a cell.
    const rebuildable = layout.drift.extraColumns.length === 0;
    appender = await conn.createAppender(readerTable(contract));
    let rows = 0;
    for await (const record of csv.records) {
      const cells = record.cells;
      const fieldsOk = cells.length === width;
      appender.appendInteger(seq);
      appender.appendInteger(record.row);
      appender.appendBoolean(fieldsOk);
      let keepCells = !fieldsOk || !rebuildable;
      for (const index of at) {
        if (!fieldsOk || index < 0) {
          appender.appendNull();
          continue;
        }
        const raw = cells[index];
        const text = raw.trim();
        if (text.length !== raw.length) keepCells = true;
        if (text === '') appender.appendNull();
        else appender.appendVarchar(text);
      }
      if (keepCells) appender.appendVarchar(JSON.stringify(cells));
      else appender.appendNull();
      appender.endRow();
      rows += 1;
    }
    appender.closeSync();
    appender = undefined;
    return {
      ...base,
      readStatus: FILE_READ_STATUS.READ,
      header,
      missingRequired: layout.missingRequired,
      drift,
      rows,
    };
  } catch (err) {
    if (!(err instanceof MalformedFileError)) throw err;
    // Rows appended before the failure must not count: the whole file is MALFORMED_FILE.
    appender?.closeSync();
    appender = undefined;
    await conn.run(`DELETE FROM ${readerTable(contract)} WHERE _file_seq = ${seq}`);
    return {
      ...base,
      readStatus: FILE_READ_STATUS.MALFORMED_FILE,
      missingRequired: [],
      drift,
      rows: 0,
      error: err.message,
    };
  } finally {
    if (appender) appender.closeSync();
  }
}

/**
 * Stages a simple file (see scanSimpleCsv) with DuckDB's parallel CSV reader: no per-row
 * JavaScript. The scan guarantees that no cell needs trimming, and DuckDB reads an empty field as
 * NULL, so the cells are staged as read. Strict mode refuses a row with another field count.
 * Row numbers are the table's rowids: the insertion order of the scan, which DuckDB preserves
 * (preserve_insertion_order, on by default; empty lines are skipped and not counted, as by
 * openCsv). Returns undefined when the header makes the file MALFORMED_FILE or DuckDB refuses the
 * file: the reader path then decides. DuckDB reads the file through a link (its path is a pattern
 * to DuckDB, and a file name is data).
 */
async function stageSimpleFile(
  conn: DuckDBConnection,
  contract: DatasetContract,
  file: ManifestFile,
  seq: number,
  simple: SimpleCsv,
  links: PathLinks,
): Promise<{ staged: StagedFile; select: string } | undefined> {
  const layout = layoutHeader(contract, simple.header);
  if (layout.duplicated.length > 0) return undefined;
  const table = fileTable(contract, seq);
  const width = simple.header.length;
  const types = Array.from({ length: width }, (_, i) => `${d.string(`c${i}`)}: 'VARCHAR'`).join(', ');
  const cells = contract.columns.map((c) => {
    const at = layout.index.get(c.name);
    return `${at === undefined ? 'CAST(NULL AS VARCHAR)' : `c${at}`} AS ${d.ident(c.name)}`;
  });
  // Every header column a contract column: the original cells are rebuilt from the header.
  const rebuildable = layout.drift.extraColumns.length === 0;
  const all = Array.from({ length: width }, (_, i) => `COALESCE(c${i}, '')`).join(', ');
  const original = rebuildable ? 'CAST(NULL AS VARCHAR)' : `CAST(to_json([${all}]) AS VARCHAR)`;
  const source = await links.link(file.path, contract.name);
  let rows: number;
  try {
    await conn.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(${d.string(source)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true, columns = {${types}})`,
    );
    rows = Number((await conn.runAndReadAll(`SELECT COUNT(*) FROM ${table}`)).getRowsJS()[0][0]);
  } catch {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    return undefined;
  }
  return {
    select: `SELECT ${seq} AS _file_seq, CAST(rowid + 1 AS INTEGER) AS _row, TRUE AS _fields_ok, ${cells.join(', ')}, ${original} AS _cells FROM ${table}`,
    staged: {
      seq,
      key: file.key,
      path: file.path,
      via: 'duckdb',
      readStatus: FILE_READ_STATUS.READ,
      header: simple.header,
      missingRequired: layout.missingRequired,
      drift: layout.drift,
      rows,
    },
  };
}
