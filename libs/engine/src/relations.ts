import {
  FILE_READ_STATUS,
  FILE_REJECT_CODES,
  REJECT,
  rejectCode,
  ROW_REJECT_CODES,
  type DatasetContract,
} from '@lakehouse/contracts';
import type { Dialect, PlanColumn, PlanRelation } from './plan';
import { SQL_TYPE_OF } from './typing-sql';

/** The names of a dataset's relations. Prefixed with the dataset so every plan can share a session. */
export function relationNames(dataset: string) {
  const n = (suffix: string) => `${dataset}__${suffix}`;
  return {
    raw: n('raw'),
    files: n('files'),
    typed: n('typed'),
    fileVerdicts: n('file_verdicts'),
    contestedKeys: n('contested_keys'),
    verdicts: n('verdicts'),
    rejected: n('rejected'),
    fileCounts: n('file_counts'),
    counts: n('counts'),
    accepted: n('accepted'),
    next: n('next'),
    columnProfile: n('column_profile'),
    runKeys: n('run_keys'),
  };
}

export const RUN_PARAMETERS = 'run_parameters';

/** Contract columns then derived columns, as stored in the table. */
export function tableColumns(contract: DatasetContract): PlanColumn[] {
  return [
    ...contract.columns.map((c) => ({
      name: c.name,
      type: SQL_TYPE_OF[c.type],
      nullable: !c.required,
      description: c.description,
    })),
    ...contract.derived.map((d) => ({
      name: d.name,
      type: SQL_TYPE_OF[d.type],
      nullable: true,
      description: d.description,
    })),
  ].map(({ description, ...c }) => (description ? { ...c, description } : c));
}

const col = (name: string, type: PlanColumn['type'], nullable: boolean, description: string): PlanColumn => ({
  name,
  type,
  nullable,
  description,
});

export function stagedRowsRelation(contract: DatasetContract, dialect: Dialect): PlanRelation {
  return {
    name: relationNames(contract.name).raw,
    role: 'stagedRows',
    dataset: contract.name,
    columns: [
      col(
        '_file_seq',
        'INT',
        false,
        "The file's 1-based position among the dataset's files of the run, in key order.",
      ),
      col('_row', 'INT', false, 'The 1-based data-row number in the file (blank lines not counted).'),
      col('_fields_ok', 'BOOLEAN', false, 'The row has as many fields as the header; else MALFORMED_ROW.'),
      ...contract.columns.map((c) =>
        col(
          c.name,
          'STRING',
          true,
          'The cell trimmed (JS String.prototype.trim); NULL when empty, absent from the header, or the row is malformed.',
        ),
      ),
      col(
        '_cells',
        'STRING',
        true,
        'JSON array of the original untrimmed cells, when they cannot be rebuilt from the trimmed columns and the header.',
      ),
      ...(dialect === 'duckdb'
        ? [
            col(
              '_canonical',
              'BOOLEAN',
              false,
              "TRUE when every contract cell of the row is in its type's canonical shape (typing-sql.ts CANONICAL_SHAPES) and untrimmed; FALSE is always correct.",
            ),
          ]
        : []),
    ],
    description:
      'One row per data row of every readable file of the run, as read by libs/validation openCsv + layoutHeader (see STAGED_ROW_META in plan.ts).',
  };
}

export function stagedFilesRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).files,
    role: 'stagedFiles',
    dataset: contract.name,
    columns: [
      col('_file_seq', 'INT', false, "The file's 1-based position in key order."),
      col('_source_file', 'STRING', false, "The file's key, reported as _source_file."),
      col(
        '_read_status',
        'STRING',
        false,
        `'${FILE_READ_STATUS.READ}', or '${FILE_READ_STATUS.MALFORMED_FILE}' when the file could not be read at all (it then has no rows).`,
      ),
      col(
        '_missing_codes',
        'STRING',
        true,
        `NULL, or '${rejectCode(REJECT.MISSING_COLUMN, '<col>')},…' (contract order) for required columns missing from the header.`,
      ),
    ],
    description: 'One row per file of the dataset in the run, including empty and malformed files.',
  };
}

export function runParametersRelation(): PlanRelation {
  return {
    name: RUN_PARAMETERS,
    role: 'runParameters',
    dataset: '*',
    columns: [col('run_start', 'TIMESTAMP', false, "The run's start, a UTC instant.")],
    description: 'Exactly one row: the parameters of the run.',
  };
}

export function tableRelation(
  contract: DatasetContract,
  name: string,
  role: 'table' | 'parentTable' | 'mergedTable' | 'nextTable',
): PlanRelation {
  const descriptions = {
    table: 'The stored table before this run: one row per primary key (empty when the table is new).',
    parentTable: "A parent dataset's table after this run's merge (the foreign-key reference set).",
    mergedTable: 'The Delta table after the MERGE (upsert by primary key) of the accepted rows.',
    nextTable:
      'The next version of the stored table (stored rows not replaced + accepted rows); the executor writes it as Parquet.',
  };
  return {
    name,
    role,
    dataset: contract.name,
    columns: tableColumns(contract),
    description: descriptions[role],
  };
}

export function rejectedRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).rejected,
    role: 'rejectedRows',
    dataset: contract.name,
    columns: [
      col('_source_file', 'STRING', false, "The file's key."),
      col('_file_seq', 'INT', false, "The file's position in the run."),
      col('_row', 'INT', false, 'The 1-based data-row number.'),
      col(
        '_reasons',
        'STRING',
        false,
        'The codes in verdict order, comma-separated (split on "," for the JSON array).',
      ),
      ...contract.columns.map((c) => col(c.name, 'STRING', true, 'The trimmed cell as staged.')),
      col('_cells', 'STRING', true, 'As staged: the JSON array of the original cells, when present.'),
    ],
    description:
      'Every rejected row. The rejected/ record is: the original cells keyed by the normalised header names (from _cells when present, else the header columns in header order with the staged value or ""), then _source_file, _row and _reasons (an array).',
  };
}

export function fileCountsRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).fileCounts,
    role: 'fileCounts',
    dataset: contract.name,
    columns: [
      col('_file_seq', 'INT', false, "The file's position in the run."),
      col('_source_file', 'STRING', false, "The file's key."),
      col(
        'status',
        'STRING',
        false,
        'PROCESSED, QUARANTINED, REJECTED (MALFORMED_FILE or MISSING_COLUMN) or EMPTY.',
      ),
      col('error_code', 'STRING', true, `${FILE_REJECT_CODES.join(', ')}, or NULL.`),
      col('rows_in', 'BIGINT', false, 'Data rows read (0 for EMPTY and MALFORMED_FILE).'),
      col(
        'step1_rejected',
        'BIGINT',
        false,
        'Rows with a step-1 code (MALFORMED_ROW, NOT_NULL, TYPE, RULE, MISSING_COLUMN): the quarantine numerator.',
      ),
      col('accepted', 'BIGINT', false, 'Rows with no code.'),
      col('rejected', 'BIGINT', false, 'rows_in - accepted.'),
    ],
    description: 'One row per file of the run: the run summary file entries.',
  };
}

type RowRejectCode = (typeof ROW_REJECT_CODES)[number];

/** The counts column of the rows having a code: `rows_not_null` for NOT_NULL. */
export type ReasonCountColumn = `rows_${Lowercase<RowRejectCode>}`;
export const reasonCountColumn = (code: RowRejectCode): ReasonCountColumn =>
  `rows_${code.toLowerCase()}` as ReasonCountColumn;

/** The quality inputs of the counts relation (see quality-metrics.ts). */
const QUALITY_INPUT_COLUMNS = [
  ['required_columns', 'Required columns of the contract.'],
  ['not_null_violations', 'NOT_NULL codes (cells), over all rows.'],
  ['missing_column_violations', 'MISSING_COLUMN codes (cells), over all rows.'],
  ['invalid_rows', 'Rows having TYPE or MALFORMED_ROW.'],
  ['typed_rows', 'Rows that typed: no MALFORMED_ROW, MISSING_COLUMN or TYPE.'],
  ['typed_rows_with_rule', 'Typed rows having a RULE code.'],
  ['fk_checked_rows', 'Rows checked for foreign keys: no step-1 code, file not quarantined.'],
  ['dedup_checked_rows', 'Rows taking part in deduplication: FK-checked rows without FK codes.'],
] as const;

export type CountName =
  'rows_in' | 'accepted' | 'rejected' | ReasonCountColumn | (typeof QUALITY_INPUT_COLUMNS)[number][0];

/** The columns of the one-row counts relation, in order: rows, rows per reject code, quality inputs. */
export const COUNT_COLUMNS: readonly (readonly [CountName, string])[] = [
  ['rows_in', 'Data rows read.'],
  ['accepted', 'Rows with no code (loaded).'],
  ['rejected', 'Rows with at least one code.'],
  ...ROW_REJECT_CODES.map((code) => [reasonCountColumn(code), `Rows having a ${code} code.`] as const),
  ...QUALITY_INPUT_COLUMNS,
];

export function countsRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).counts,
    role: 'datasetCounts',
    dataset: contract.name,
    columns: COUNT_COLUMNS.map(([name, description]) => col(name, 'BIGINT', false, description)),
    description: 'Exactly one row: the reasons of the run summary and the inputs of the quality metrics.',
  };
}

export function acceptedRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).accepted,
    role: 'acceptedRows',
    dataset: contract.name,
    columns: tableColumns(contract),
    description: 'The rows to upsert: no code at all, one per primary key (the deduplication winners).',
  };
}

export function columnProfileRelation(contract: DatasetContract): PlanRelation {
  return {
    name: relationNames(contract.name).columnProfile,
    role: 'columnProfile',
    dataset: contract.name,
    columns: [
      col('rows_in', 'BIGINT', false, 'Data rows read.'),
      ...contract.columns.flatMap((c) => [
        col(`${c.name}__nulls`, 'BIGINT', false, `Rows where ${c.name} is empty (null).`),
        col(
          `${c.name}__distinct`,
          'BIGINT',
          false,
          `Approximate distinct non-null values of ${c.name} (HyperLogLog).`,
        ),
      ]),
    ],
    description: 'Exactly one row: the column profile of the rows in, for the quality report.',
  };
}

export function runKeysRelation(contract: DatasetContract, columns: readonly string[]): PlanRelation {
  const table = tableColumns(contract);
  return {
    name: relationNames(contract.name).runKeys,
    role: 'runKeys',
    dataset: contract.name,
    columns: columns.map((c) => table.find((t) => t.name === c)!),
    description:
      "This run's accepted rows, only the columns the cross-dataset checks read: kept for the cross-checks plan.",
  };
}
