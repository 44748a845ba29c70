/**
 * Test support: a small, deliberately plain reading of docs/contracts.md ("Reading a file", "Typing",
 * "Business rules", "Verdict order") over generated files, used to prove that the manifest lists
 * exactly the rows a validator must reject, with exactly their codes. It relies only on the
 * contracts' own typing and rule predicates (parseValue, compileRules) and on csv-parse, never on
 * the generator's code. Not exported from the package: the real validator lives in libs/validation.
 */
import {
  compareTimestamps,
  compileRules,
  datasets,
  parseValue,
  type DatasetContract,
  type Timestamp,
  type TypedValue,
} from '@lakehouse/contracts';
import { parse } from 'csv-parse/sync';
import type { GeneratedFile } from '../generate';
import type { DatasetName } from '../options';

export type FileStatus = 'PROCESSED' | 'QUARANTINED' | 'MALFORMED_FILE' | 'EMPTY' | 'MISSING_COLUMN';

export interface ReferenceVerdicts {
  /** `<file>#<row>` → the row's codes (sorted), for every rejected row. */
  readonly rejected: Map<string, string[]>;
  readonly files: Map<string, FileStatus>;
  /** Accepted rows per dataset (after deduplication). */
  readonly accepted: Record<string, number>;
}

interface RowState {
  readonly file: string;
  readonly fileIndex: number;
  readonly row: number;
  readonly values: Record<string, TypedValue | undefined>;
  readonly codes: string[];
  quarantined: boolean;
}

export const rowKey = (file: string, row: number): string => `${file}#${row}`;

/** Parses a CSV file as the contracts read it: BOM allowed, blank lines skipped; throws when unparsable. */
export function readCsv(content: Buffer): string[][] {
  return parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

export function referenceVerdicts(
  files: Readonly<Record<DatasetName, readonly GeneratedFile[]>>,
  runStart: Date,
): ReferenceVerdicts {
  const rejected = new Map<string, string[]>();
  const statuses = new Map<string, FileStatus>();
  const accepted: Record<string, number> = {};
  const acceptedKeys = new Map<string, Set<TypedValue>>();

  for (const contract of datasets.ordered) {
    const rows: RowState[] = [];
    const ordered = [...files[contract.name as DatasetName]].sort((a, b) => (a.path < b.path ? -1 : 1));
    ordered.forEach((file, fileIndex) =>
      rows.push(...readFile(contract, file, fileIndex, runStart, statuses)),
    );

    const live = rows.filter((r) => !r.quarantined && r.codes.length === 0);
    // step 2: foreign keys against the parents as accepted in this run
    for (const fk of contract.foreignKeys) {
      const parentKeys = acceptedKeys.get(fk.references.dataset)!;
      for (const r of live) if (!parentKeys.has(r.values[fk.column]!)) r.codes.push(`FK:${fk.column}`);
    }
    // step 3: one winner per key: latest latestBy, then later file, then later row
    const winners = new Map<TypedValue, RowState>();
    for (const r of live.filter((x) => x.codes.length === 0)) {
      const key = keyOf(r.values[contract.primaryKey]!);
      const current = winners.get(key);
      if (current === undefined) {
        winners.set(key, r);
        continue;
      }
      const newer = beats(contract, r, current);
      (newer ? current : r).codes.push('DUPLICATE');
      if (newer) winners.set(key, r);
    }
    acceptedKeys.set(contract.name, new Set(winners.keys()));
    accepted[contract.name] = winners.size;
    for (const r of rows) if (r.codes.length > 0) rejected.set(rowKey(r.file, r.row), [...r.codes].sort());
  }
  return { rejected, files: statuses, accepted };
}

function keyOf(value: TypedValue): TypedValue {
  return typeof value === 'object' ? `${value.epochMs}.${value.micros}` : value;
}

function beats(contract: DatasetContract, a: RowState, b: RowState): boolean {
  if (contract.latestBy) {
    const c = compareTimestamps(
      a.values[contract.latestBy] as Timestamp,
      b.values[contract.latestBy] as Timestamp,
    );
    if (c !== 0) return c > 0;
  }
  return a.fileIndex !== b.fileIndex ? a.fileIndex > b.fileIndex : a.row > b.row;
}

/** Step 1 and file quarantine for one file. */
function readFile(
  contract: DatasetContract,
  file: GeneratedFile,
  fileIndex: number,
  runStart: Date,
  statuses: Map<string, FileStatus>,
): RowState[] {
  let records: string[][];
  try {
    records = readCsv(file.content);
  } catch {
    statuses.set(file.path, 'MALFORMED_FILE');
    return [];
  }
  if (records.length <= 1) {
    statuses.set(file.path, 'EMPTY');
    return [];
  }
  const header = records[0].map((h) => h.trim().toLowerCase());
  const missing = contract.columns.filter((c) => c.required && !header.includes(c.name));
  const rules = compileRules(contract, { runStart });
  const rows: RowState[] = records.slice(1).map((cells, i) => {
    const state: RowState = {
      file: file.path,
      fileIndex,
      row: i + 1,
      values: {},
      codes: [],
      quarantined: false,
    };
    if (missing.length > 0) {
      state.codes.push(...missing.map((c) => `MISSING_COLUMN:${c.name}`));
      return state;
    }
    if (cells.length !== header.length) {
      state.codes.push('MALFORMED_ROW');
      return state;
    }
    for (const column of contract.columns) {
      const text = cells[header.indexOf(column.name)].trim();
      if (text === '') {
        if (column.required) state.codes.push(`NOT_NULL:${column.name}`);
        continue;
      }
      const value = parseValue(column.type, text);
      if (value === undefined) state.codes.push(`TYPE:${column.name}`);
      else state.values[column.name] = value;
    }
    for (const rule of rules) if (!rule.holds(state.values)) state.codes.push(`RULE:${rule.rule.name}`);
    return state;
  });
  if (missing.length > 0) {
    statuses.set(file.path, 'MISSING_COLUMN');
    return rows;
  }
  const stepOne = rows.filter((r) => r.codes.length > 0).length;
  if (stepOne / rows.length > contract.maxRejectRatio) {
    statuses.set(file.path, 'QUARANTINED');
    for (const r of rows) {
      r.codes.push('FILE_QUARANTINED');
      r.quarantined = true;
    }
  } else {
    statuses.set(file.path, 'PROCESSED');
  }
  return rows;
}
