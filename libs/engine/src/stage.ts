import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { LIST, VARCHAR, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
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
  parseCsvLine,
  refuseDuplicatedColumns,
  type HeaderLayout,
  type SchemaDrift,
} from '@lakehouse/validation';
import { findHeader, linesCoverFile, loadLines, specialLines } from './csv-lines';
import { duckdbDialect as d } from './dialects';
import type { PathLinks } from './path-links';
import { relationNames } from './relations';
import { canonicalLineShape, lineRowsSql, type LineFile } from './stage-lines';

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
  /** The MALFORMED_FILE message, naming the file. */
  readonly error?: string;
  /** How the rows are read: DuckDB's CSV reader (lines, see stage-lines.ts), or openCsv and the Appender. */
  readonly via: 'duckdb' | 'reader';
}

/**
 * `auto`: files of at least DUCKDB_MIN_BYTES are read by DuckDB when it can read them exactly as
 * openCsv does, every other file by openCsv (below that size openCsv is faster than DuckDB's
 * per-statement overhead). `duckdb`: every file DuckDB can read, whatever its size (tests).
 * `reader`: always openCsv.
 */
export type StagingMode = 'auto' | 'duckdb' | 'reader';

export const DUCKDB_MIN_BYTES = 64 * 1024;

export interface StageOptions {
  readonly mode?: StagingMode;
  /**
   * Links to the files under names the engine chooses: DuckDB reads a path as a glob pattern, and
   * a file name is data. Without them every file is read by openCsv.
   */
  readonly links?: PathLinks;
}

/**
 * Creates the two staging relations of a dataset plan (see plan.ts) and loads the files into
 * them, in manifest order, with exactly the semantics of libs/validation `openCsv` +
 * `layoutHeader`: BOM, quoting, blank lines, row numbers, header matching and MALFORMED_FILE
 * are the validator's.
 *
 * A file DuckDB can read (csv-lines.ts) is copied as lines into a table, in parallel;
 * `<dataset>__raw` is a view that splits, numbers and trims them when a plan statement reads it
 * (stage-lines.ts). The other files are read by openCsv, trimmed in JavaScript and appended to
 * one table with the DuckDB Appender.
 */
export async function stageDataset(
  conn: DuckDBConnection,
  contract: DatasetContract,
  files: readonly ManifestFile[],
  options: StageOptions = {},
): Promise<StagedFile[]> {
  const mode = options.mode ?? 'auto';
  const n = relationNames(contract.name);
  const columns = contract.columns.map((c) => `${d.ident(c.name)} VARCHAR`).join(', ');
  // Plain (not TEMPORARY) tables: the Appender addresses tables of the main schema.
  await conn.run(
    `CREATE OR REPLACE TABLE ${readerTable(contract)} (_file_seq INTEGER NOT NULL, _row INTEGER NOT NULL, _fields_ok BOOLEAN NOT NULL, ${columns}, _cells VARCHAR)`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${quotedTable(contract)} (_file_seq INTEGER NOT NULL, n BIGINT NOT NULL, cells VARCHAR[] NOT NULL)`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${n.files} (_file_seq INTEGER NOT NULL, _source_file VARCHAR NOT NULL, _read_status VARCHAR NOT NULL, _missing_codes VARCHAR)`,
  );
  const links = options.links;
  const staged: StagedFile[] = [];
  const views = [`SELECT *, FALSE AS _canonical FROM ${readerTable(contract)}`];
  for (const [i, file] of files.entries()) {
    const seq = i + 1;
    const wanted =
      links !== undefined &&
      (mode === 'duckdb' || (mode === 'auto' && (await stat(file.path)).size >= DUCKDB_MIN_BYTES));
    const lines = wanted ? await prepareLineFile(conn, contract, file, seq, links) : undefined;
    const result = lines ? lines.staged : await stageFile(conn, contract, file, seq);
    if (lines) views.push(lineRowsSql(contract, lines.file, quotedTable(contract)));
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
    if (f.via === 'duckdb') await conn.run(`DROP TABLE IF EXISTS ${linesTable(contract, f.seq)}`);
  for (const table of [readerTable(contract), quotedTable(contract), n.files])
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
}

const readerTable = (contract: DatasetContract) => `${relationNames(contract.name).raw}_reader`;
const quotedTable = (contract: DatasetContract) => `${relationNames(contract.name).raw}_quoted`;
const linesTable = (contract: DatasetContract, seq: number) =>
  `${relationNames(contract.name).raw}_lines_${seq}`;

/** Files with more blank data lines than this are read by openCsv (each costs a branch in the row number). */
const MAX_BLANK_LINES = 64;

/**
 * Decides whether DuckDB reads a file, and prepares it: a link under a name staging chooses, a
 * header that openCsv would read the same, the file's lines in a table, and the cells of every
 * line holding a quote, read by csv-parse (in the quoted-lines table). Undefined when openCsv
 * must read the file: the header is not found in the first megabyte, names a contract column
 * twice (MALFORMED_FILE) or sits on a line with an open quote; DuckDB refuses the file; a line
 * holds NUL (MALFORMED_FILE) or an open quote (a record over several lines); too many blank lines.
 */
async function prepareLineFile(
  conn: DuckDBConnection,
  contract: DatasetContract,
  file: ManifestFile,
  seq: number,
  links: PathLinks,
): Promise<{ file: LineFile; staged: StagedFile } | undefined> {
  const header = await findHeader(file.path);
  if (!header) return undefined;
  const layout = layoutHeader(contract, header.cells);
  if (layout.duplicated.length > 0) return undefined;
  const link = await links.link(file.path, contract.name);
  const table = linesTable(contract, seq);
  const shape = canonicalLineShape(contract, layout, header.cells.length);
  if (!(await loadLines(conn, link, table, shape))) return undefined;
  if (!(await linesCoverFile(conn, table, file.path, header))) {
    await conn.run(`DROP TABLE ${table}`);
    return undefined;
  }
  const special = await specialLines(conn, table);
  const quoted: { n: number; cells: string[] }[] = [];
  for (const line of special.quoted) {
    if (line.n <= header.line) continue;
    const cells = line.text.includes('\u0000') ? undefined : parseCsvLine(line.text);
    if (!cells) break;
    quoted.push({ n: line.n, cells });
  }
  const blank = special.blank.filter((n) => n > header.line);
  if (
    quoted.length < special.quoted.filter((l) => l.n > header.line).length ||
    blank.length > MAX_BLANK_LINES
  ) {
    await conn.run(`DROP TABLE ${table}`);
    return undefined;
  }
  if (quoted.length > 0) await appendQuoted(conn, contract, seq, quoted);
  const lines = { seq, table, headerLine: header.line, width: header.cells.length, layout, blank };
  return {
    file: { ...lines, quoted: quoted.length > 0 },
    staged: stagedFile(file, seq, 'duckdb', header.cells, layout),
  };
}

async function appendQuoted(
  conn: DuckDBConnection,
  contract: DatasetContract,
  seq: number,
  lines: readonly { n: number; cells: string[] }[],
): Promise<void> {
  const appender = await conn.createAppender(quotedTable(contract));
  try {
    const type = LIST(VARCHAR);
    for (const line of lines) {
      appender.appendInteger(seq);
      appender.appendBigInt(BigInt(line.n));
      appender.appendList(line.cells, type);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}

function stagedFile(
  file: ManifestFile,
  seq: number,
  via: StagedFile['via'],
  header: readonly string[],
  layout: HeaderLayout,
): StagedFile {
  return {
    seq,
    key: file.key,
    path: file.path,
    via,
    readStatus: FILE_READ_STATUS.READ,
    header,
    missingRequired: layout.missingRequired,
    drift: layout.drift,
  };
}

/** Reads a file with openCsv and appends its rows, trimmed in JavaScript, to the reader table. */
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
    if (!csv.header) return { ...base, readStatus: FILE_READ_STATUS.READ, missingRequired: [], drift };
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
    }
    appender.closeSync();
    appender = undefined;
    return stagedFile(file, seq, 'reader', header, layout);
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
      error: err.message,
    };
  } finally {
    if (appender) appender.closeSync();
  }
}
