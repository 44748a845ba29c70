import { createReadStream } from 'node:fs';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { DatasetContract } from '@lakehouse/contracts';
import { layoutHeader, MalformedFileError, openCsv, type SchemaDrift } from '@lakehouse/validation';
import { duckdbDialect as d } from './dialects';
import { relationNames } from './relations';

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
  readonly readStatus: 'READ' | 'MALFORMED_FILE';
  /** The header as written (undefined for a file without any line). */
  readonly header?: readonly string[];
  readonly missingRequired: readonly string[];
  readonly drift: SchemaDrift;
  readonly rows: number;
  /** The MALFORMED_FILE message, naming the file. */
  readonly error?: string;
}

const NO_DRIFT: SchemaDrift = { extraColumns: [], missingOptionalColumns: [] };

/**
 * Creates the two staging relations of a dataset plan (see plan.ts) and loads the files into
 * them, in manifest order. Files are read with libs/validation `openCsv` and mapped with
 * `layoutHeader`, so BOM, quoting, blank lines, row numbers, header matching and MALFORMED_FILE
 * are exactly the validator's. The only per-row work here is trimming and the Appender calls;
 * everything else is set-based SQL in the plan.
 */
export async function stageDataset(conn: DuckDBConnection, contract: DatasetContract, files: readonly ManifestFile[]): Promise<StagedFile[]> {
  const n = relationNames(contract.name);
  const columns = contract.columns.map((c) => `${d.ident(c.name)} VARCHAR`).join(', ');
  // Plain (not TEMPORARY) tables: the Appender addresses tables of the main schema.
  await conn.run(`CREATE OR REPLACE TABLE ${n.raw} (_file_seq INTEGER NOT NULL, _row INTEGER NOT NULL, _fields_ok BOOLEAN NOT NULL, ${columns}, _cells VARCHAR)`);
  await conn.run(
    `CREATE OR REPLACE TABLE ${n.files} (_file_seq INTEGER NOT NULL, _source_file VARCHAR NOT NULL, _read_status VARCHAR NOT NULL, _missing_codes VARCHAR)`,
  );
  const staged: StagedFile[] = [];
  for (const [i, file] of files.entries()) {
    const result = await stageFile(conn, contract, file, i + 1);
    staged.push(result);
    const missing = result.missingRequired.length > 0 ? d.string(result.missingRequired.map((c) => `MISSING_COLUMN:${c}`).join(',')) : 'NULL';
    await conn.run(`INSERT INTO ${n.files} VALUES (${result.seq}, ${d.string(file.key)}, ${d.string(result.readStatus)}, ${missing})`);
  }
  return staged;
}

async function stageFile(conn: DuckDBConnection, contract: DatasetContract, file: ManifestFile, seq: number): Promise<StagedFile> {
  const base = { seq, key: file.key, path: file.path };
  const n = relationNames(contract.name);
  let appender: DuckDBAppender | undefined;
  let drift = NO_DRIFT;
  try {
    const csv = await openCsv(createReadStream(file.path), file.key);
    if (!csv.header) return { ...base, readStatus: 'READ', missingRequired: [], drift, rows: 0 };
    const header = csv.header;
    const layout = layoutHeader(contract, header);
    drift = layout.drift;
    if (layout.duplicated.length > 0) {
      throw new MalformedFileError(file.key, `column ${layout.duplicated.map((c) => `"${c}"`).join(', ')} appears twice in the header`, 1);
    }
    const width = header.length;
    const at = contract.columns.map((c) => layout.index.get(c.name) ?? -1);
    // Every header column is a contract column: a row's original cells can be rebuilt from the
    // trimmed contract columns, unless trimming changed a cell.
    const rebuildable = layout.drift.extraColumns.length === 0;
    appender = await conn.createAppender(n.raw);
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
    return { ...base, readStatus: 'READ', header, missingRequired: layout.missingRequired, drift, rows };
  } catch (err) {
    if (!(err instanceof MalformedFileError)) throw err;
    // Rows appended before the failure must not count: the whole file is MALFORMED_FILE.
    appender?.closeSync();
    appender = undefined;
    await conn.run(`DELETE FROM ${n.raw} WHERE _file_seq = ${seq}`);
    return { ...base, readStatus: 'MALFORMED_FILE', missingRequired: [], drift, rows: 0, error: err.message };
  } finally {
    if (appender) appender.closeSync();
  }
}
