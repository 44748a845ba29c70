import {
  CODE_SEPARATOR,
  datasets as defaultRegistry,
  FILE_OUTCOME,
  FILE_READ_STATUS,
  REJECT,
  rejectCode,
  ROW_REJECT_CODES,
  type DatasetContract,
  type DatasetRegistry,
} from '@lakehouse/contracts';
import { dialectOf, type SqlDialect } from './dialects';
import type { Dialect, Plan, PlanRelation, PlanStatement } from './plan';
import {
  acceptedRelation,
  COUNT_COLUMNS,
  columnProfileRelation,
  countsRelation,
  fileCountsRelation,
  reasonCountColumn,
  rejectedRelation,
  relationNames,
  RUN_PARAMETERS,
  runKeysRelation,
  runParametersRelation,
  stagedFilesRelation,
  stagedRowsRelation,
  tableColumns,
  tableRelation,
  type CountName,
  type ReasonCountColumn,
} from './relations';
import { runKeyColumns, runKeysSql } from './cross-checks-sql';
import { columnProfileSql } from './profile-sql';
import { ruleToSql } from './rule-sql';
import { createTableStatement, materializedStatements, sessionStatements } from './plan-statements';
import { canonicalValueSql, deriveSql, typingSql } from './typing-sql';

export interface CompileOptions {
  /** Resolves the parents of foreign keys. @default the platform registry */
  readonly registry?: DatasetRegistry;
  /** The SQL name of a dataset's stored table, e.g. `lakehouse.orders` on Glue. @default the dataset name */
  readonly tableName?: (dataset: string) => string;
  /** Spark only: the Delta table's location, for `CREATE TABLE IF NOT EXISTS … LOCATION`. */
  readonly tableLocation?: (dataset: string) => string | undefined;
}

const indent = (text: string, by = '  ') => text.replace(/\n/g, `\n${by}`);
const codeList = (parts: readonly string[]) =>
  parts.length === 0
    ? 'CAST(NULL AS STRING)'
    : `NULLIF(concat_ws('${CODE_SEPARATOR}', ${parts.join(', ')}), '')`;
/** A code as an SQL string literal (codes are plain identifiers: the same literal in both dialects). */
const codeSql = (code: string) => `'${code}'`;
const sumOf = (condition: string) => `COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
const anyOf = (conditions: readonly string[]) =>
  conditions.length === 0 ? 'FALSE' : `(${conditions.join(' OR ')})`;

/**
 * Compiles the verdict steps 1–4 (docs/contracts.md, "Verdict order") and the upsert of one dataset into an ordered list of SQL
 * statements in one dialect. See plan.ts for what a runner provides and reads.
 */
export function compilePlan(contract: DatasetContract, dialect: Dialect, options: CompileOptions = {}): Plan {
  const d = dialectOf(dialect);
  const registry = options.registry ?? defaultRegistry;
  const tableName = options.tableName ?? ((name: string) => name);
  const n = relationNames(contract.name);
  const table = tableName(contract.name);
  const parents = registry.parentsOf(contract.name).map((p) => registry.get(p));

  const statements: PlanStatement[] = sessionStatements(d, contract.name);
  const add = (s: PlanStatement) => statements.push(s);
  const addMaterialized = (s: Omit<PlanStatement, 'sql'>, relation: string, query: string) =>
    statements.push(...materializedStatements(s, d, relation, query));

  if (dialect === 'spark') {
    for (const c of [...parents, contract])
      add(createTableStatement(contract.name, c, tableName(c.name), options.tableLocation?.(c.name), d));
  }

  addMaterialized(
    {
      name: `${contract.name}.typed`,
      phase: 'verdicts',
      inputs: [n.raw, n.files, RUN_PARAMETERS],
      outputs: [n.typed],
      description:
        'Step 1: types every cell behind its pattern guard, then lists MALFORMED_ROW, NOT_NULL, TYPE and RULE codes in verdict order.',
    },
    n.typed,
    typedSql(contract, d),
  );
  addMaterialized(
    {
      name: `${contract.name}.file_verdicts`,
      phase: 'verdicts',
      inputs: [n.files, n.typed],
      outputs: [n.fileVerdicts],
      description: `Step 4: a file is quarantined when more than ${contract.maxRejectRatio} of its rows got a step-1 code.`,
    },
    n.fileVerdicts,
    fileVerdictsSql(contract, d),
  );
  if (dialect === 'duckdb') {
    addMaterialized(
      {
        name: `${contract.name}.contested_keys`,
        phase: 'verdicts',
        inputs: [n.typed],
        outputs: [n.contestedKeys],
        description:
          'Keys of more than one step-1-clean row: the only keys deduplication has to rank (DuckDB).',
      },
      n.contestedKeys,
      contestedKeysSql(contract, d),
    );
  }
  addMaterialized(
    {
      name: `${contract.name}.verdicts`,
      phase: 'verdicts',
      inputs: [
        n.typed,
        n.fileVerdicts,
        ...(dialect === 'duckdb' ? [n.contestedKeys] : []),
        ...parents.map((p) => tableName(p.name)),
        table,
      ],
      outputs: [n.verdicts],
      description:
        'Steps 2 and 3: foreign keys against the parents, then one winner per primary key within the run and against the stored table; final code lists.',
    },
    n.verdicts,
    verdictsSql(contract, d, table, tableName),
  );
  add({
    name: `${contract.name}.rejected`,
    phase: 'verdicts',
    inputs: [n.verdicts, n.files, n.raw],
    outputs: [n.rejected],
    description: 'Every rejected row with its staged cells and its codes, for rejected/.',
    sql: d.view(n.rejected, rejectedSql(contract, d)),
  });
  add({
    name: `${contract.name}.file_counts`,
    phase: 'verdicts',
    inputs: [n.fileVerdicts, n.verdicts],
    outputs: [n.fileCounts],
    description: 'Per-file status and counts (rows in = accepted + rejected).',
    sql: d.view(n.fileCounts, fileCountsSql(contract)),
  });
  add({
    name: `${contract.name}.counts`,
    phase: 'verdicts',
    inputs: [n.verdicts],
    outputs: [n.counts],
    description: 'Rows per code class and the inputs of the quality metrics.',
    sql: d.view(n.counts, countsSql(contract)),
  });
  add({
    name: `${contract.name}.accepted`,
    phase: 'verdicts',
    inputs: [n.verdicts],
    outputs: [n.accepted],
    description: 'The rows to upsert, typed, with derived columns.',
    sql: d.view(n.accepted, acceptedSql(contract, d)),
  });
  add({
    name: `${contract.name}.column_profile`,
    phase: 'verdicts',
    inputs: [n.raw],
    outputs: [n.columnProfile],
    description:
      'Per-column null and (approximate) distinct counts over the rows in, for the quality report.',
    sql: d.view(n.columnProfile, columnProfileSql(contract, d)),
  });
  const keyColumns = runKeyColumns(contract.name, registry);
  if (keyColumns.length > 0) {
    addMaterialized(
      {
        name: `${contract.name}.run_keys`,
        phase: 'verdicts',
        inputs: [n.accepted],
        outputs: [n.runKeys],
        description:
          "The run's accepted keys, which the cross-checks plan reads (on Glue, in the child dataset's job; a parent's job writes them under the run's prefix).",
      },
      n.runKeys,
      runKeysSql(contract, keyColumns, d),
    );
  }

  const columns = tableColumns(contract)
    .map((c) => d.ident(c.name))
    .join(', ');
  const pk = d.ident(contract.primaryKey);
  if (dialect === 'spark') {
    add({
      name: `${contract.name}.merge`,
      phase: 'publish',
      inputs: [n.accepted, table],
      outputs: [table],
      description: 'Upsert by primary key: a winner replaces the stored record.',
      sql: [
        `MERGE INTO ${table} AS t`,
        `USING ${n.accepted} AS s`,
        `ON t.${pk} = s.${pk}`,
        'WHEN MATCHED THEN UPDATE SET *',
        'WHEN NOT MATCHED THEN INSERT *',
      ].join('\n'),
    });
  } else {
    add({
      name: `${contract.name}.next`,
      phase: 'publish',
      inputs: [n.accepted, table],
      outputs: [n.next],
      description:
        'The next table version: stored rows that no winner replaces, plus the winners (the MERGE of the Spark plan).',
      // A view: the executor reads it once, into the Parquet writer.
      sql: d.view(
        n.next,
        [
          `SELECT ${columns}`,
          `FROM ${table} AS t`,
          `WHERE NOT EXISTS (SELECT 1 FROM ${n.accepted} AS a WHERE a.${pk} = t.${pk})`,
          'UNION ALL',
          `SELECT ${columns}`,
          `FROM ${n.accepted}`,
        ].join('\n'),
      ),
    });
  }

  const inputs: PlanRelation[] = [
    stagedRowsRelation(contract, dialect),
    stagedFilesRelation(contract),
    runParametersRelation(),
    tableRelation(contract, table, 'table'),
    ...parents.map((p) => tableRelation(p, tableName(p.name), 'parentTable')),
  ];
  const outputs: PlanRelation[] = [
    rejectedRelation(contract),
    fileCountsRelation(contract),
    countsRelation(contract),
    acceptedRelation(contract),
    columnProfileRelation(contract),
    ...(keyColumns.length > 0 ? [runKeysRelation(contract, keyColumns)] : []),
    dialect === 'spark'
      ? tableRelation(contract, table, 'mergedTable')
      : tableRelation(contract, n.next, 'nextTable'),
  ];
  return {
    formatVersion: 1,
    kind: 'dataset',
    dataset: contract.name,
    dialect,
    primaryKey: contract.primaryKey,
    partitionBy: contract.partitionBy,
    sessionSettings: d.sessionSettings,
    maxRejectRatio: contract.maxRejectRatio,
    quality: contract.quality,
    inputs,
    outputs,
    statements,
  };
}

/** The plans of every dataset of a registry, parents first (the order they must run in). */
export function compilePlans(dialect: Dialect, options: CompileOptions = {}): Plan[] {
  const registry = options.registry ?? defaultRegistry;
  return registry.ordered.map((c) => compilePlan(c, dialect, { ...options, registry }));
}

/** Internal name of a column's staged text inside the typing query. */
const textOf = (column: string) => `_text__${column}`;

/**
 * Which staged rows a typing query reads: all of them with the guarded typing, or (DuckDB, whose
 * staging marks `_canonical` rows) the canonical rows with plain casts and the others guarded,
 * as two branches of one UNION ALL so that canonical rows never pay for the guards.
 */
type TypingBranch = 'all' | 'canonical' | 'guarded';

function typedSql(contract: DatasetContract, d: SqlDialect): string {
  if (d.name !== 'duckdb') return typedBranchSql(contract, d, 'all');
  return [typedBranchSql(contract, d, 'canonical'), 'UNION ALL', typedBranchSql(contract, d, 'guarded')].join(
    '\n',
  );
}

function typedBranchSql(contract: DatasetContract, d: SqlDialect, branch: TypingBranch): string {
  const n = relationNames(contract.name);
  const typing = contract.columns.map((c) => ({
    column: c,
    ...typingSql(c.type, textOf(c.name), d, `_part__${c.name}__`),
  }));
  // Level 1: the staged text of each column and the helper parts of its typing.
  const staged = [
    'r._file_seq',
    'r._row',
    'f._missing_codes',
    '(f._missing_codes IS NOT NULL) AS _missing',
    `CASE WHEN f._missing_codes IS NULL THEN 0 ELSE length(f._missing_codes) - length(replace(f._missing_codes, '${CODE_SEPARATOR}', '')) + 1 END AS _missing_count`,
    '(f._missing_codes IS NULL AND NOT r._fields_ok) AS _malformed',
    'p.run_start AS _run_start',
    ...contract.columns.map((c) => `r.${d.ident(c.name)} AS ${textOf(c.name)}`),
  ];
  const parts =
    branch === 'canonical'
      ? []
      : typing.flatMap((t) =>
          t.parts.map(
            ([alias, sql]) =>
              `${sql.replaceAll(textOf(t.column.name), `r.${d.ident(t.column.name)}`)} AS ${alias}`,
          ),
        );
  // Level 2: typed values.
  const valueOf = (t: (typeof typing)[number]) =>
    branch === 'canonical' ? canonicalValueSql(t.column.type, textOf(t.column.name)) : t.value;
  const typed = ['x.*', ...typing.map((t) => `${valueOf(t)} AS ${d.ident(t.column.name)}`)];
  // Level 3: every check once, as a boolean (NOT_NULL, TYPE, broken rule).
  const required = contract.columns.filter((c) => c.required);
  const typedColumns = contract.columns.filter((c) => c.type !== 'string');
  const notNull = required.map((c) => ({
    flag: `_null__${c.name}`,
    code: rejectCode(REJECT.NOT_NULL, c.name),
    sql: `${textOf(c.name)} IS NULL`,
  }));
  const badType = typedColumns.map((c) => ({
    flag: `_type__${c.name}`,
    code: rejectCode(REJECT.TYPE, c.name),
    sql: `${textOf(c.name)} IS NOT NULL AND ${d.ident(c.name)} IS NULL`,
  }));
  const broken = contract.rules.map((r) => ({
    flag: `_rule__${r.name}`,
    code: rejectCode(REJECT.RULE, r.name),
    sql: `NOT ${ruleToSql(r, d, contract)}`,
  }));
  const checks = [...notNull, ...badType, ...broken];

  // Level 4: step-1 codes in verdict order, and the flags the counts need.
  const codes = checks.map((c) => `CASE WHEN ${c.flag} THEN ${d.string(c.code)} END`);
  const checked = 'NOT _missing AND NOT _malformed';
  const flags = (list: readonly { flag: string }[]) => anyOf(list.map((c) => c.flag));
  const outer = [
    '_file_seq',
    '_row',
    '_missing',
    '_missing_count',
    '_malformed',
    ...contract.columns.map((c) => d.ident(c.name)),
    // Most rows have no code: DuckDB builds the list only for rows with a failed check.
    `CASE WHEN _missing THEN _missing_codes WHEN _malformed THEN ${codeSql(REJECT.MALFORMED_ROW)}${branch === 'all' ? '' : `\n    WHEN NOT ${flags(checks)} THEN NULL`}\n    ELSE ${codeList(codes).replace(/, CASE/g, ',\n      CASE')} END AS _step1_codes`,
    `CASE WHEN ${checked} THEN ${notNull.length === 0 ? '0' : notNull.map((c) => `CASE WHEN ${c.flag} THEN 1 ELSE 0 END`).join(' + ')} ELSE 0 END AS _not_null_count`,
    `${checked} AND ${flags(notNull)} AS _has_not_null`,
    `${checked} AND ${flags(badType)} AS _has_type`,
    `${checked} AND ${flags(broken)} AS _has_rule`,
  ];
  return [
    'SELECT',
    `  ${outer.join(',\n  ')}`,
    'FROM (',
    '  SELECT',
    `    ${['t.*', ...checks.map((c) => `${c.sql} AS ${c.flag}`)].join(',\n    ')}`,
    '  FROM (',
    '    SELECT',
    `      ${typed.map((x) => indent(x, '      ')).join(',\n      ')}`,
    '    FROM (',
    '      SELECT',
    `        ${[...staged, ...parts].join(',\n        ')}`,
    `      FROM ${n.raw} AS r`,
    `      JOIN ${n.files} AS f ON f._file_seq = r._file_seq`,
    `      CROSS JOIN ${RUN_PARAMETERS} AS p`,
    ...(branch === 'all' ? [] : [`      WHERE ${branch === 'canonical' ? '' : 'NOT '}r._canonical`]),
    '    ) AS x',
    '  ) AS t',
    ') AS s',
  ].join('\n');
}

function fileVerdictsSql(contract: DatasetContract, d: SqlDialect): string {
  const n = relationNames(contract.name);
  // The ratio is compared in DOUBLE, as the JS validator does: a bare 0.2 would be a DECIMAL.
  const limit = `CAST(${d.string(String(contract.maxRejectRatio))} AS DOUBLE)`;
  return [
    'SELECT',
    '  f._file_seq,',
    '  f._source_file,',
    '  f._read_status,',
    '  (f._missing_codes IS NOT NULL) AS _missing,',
    '  COALESCE(c._rows_in, 0) AS _rows_in,',
    '  COALESCE(c._step1_rejected, 0) AS _step1_rejected,',
    `  COALESCE(f._missing_codes IS NULL AND c._rows_in > 0 AND CAST(c._step1_rejected AS DOUBLE) / CAST(c._rows_in AS DOUBLE) > ${limit}, FALSE) AS _quarantined`,
    `FROM ${n.files} AS f`,
    'LEFT JOIN (',
    '  SELECT _file_seq, COUNT(*) AS _rows_in, SUM(CASE WHEN _step1_codes IS NOT NULL THEN 1 ELSE 0 END) AS _step1_rejected',
    `  FROM ${n.typed}`,
    '  GROUP BY _file_seq',
    ') AS c ON c._file_seq = f._file_seq',
  ].join('\n');
}

function contestedKeysSql(contract: DatasetContract, d: SqlDialect): string {
  const pk = d.ident(contract.primaryKey);
  const n = relationNames(contract.name);
  return [
    `SELECT ${pk}`,
    `FROM ${n.typed}`,
    `WHERE _step1_codes IS NULL AND ${pk} IS NOT NULL`,
    `GROUP BY ${pk}`,
    'HAVING COUNT(*) > 1',
  ].join('\n');
}

function verdictsSql(
  contract: DatasetContract,
  d: SqlDialect,
  table: string,
  tableName: (dataset: string) => string,
): string {
  const n = relationNames(contract.name);
  const pk = d.ident(contract.primaryKey);
  const fks = contract.foreignKeys.map((fk, i) => ({ ...fk, alias: `p${i}` }));
  const eligible = '(t._step1_codes IS NULL AND NOT fv._quarantined)';
  const fkCodes = fks.map(
    (fk) =>
      `CASE WHEN t.${d.ident(fk.column)} IS NOT NULL AND ${fk.alias}._key IS NULL THEN ${d.string(rejectCode(REJECT.FK, fk.column))} END`,
  );
  const checkedSql = [
    'SELECT',
    '  t.*,',
    '  fv._quarantined,',
    `  ${eligible} AS _fk_checked,`,
    `  CASE WHEN ${eligible} THEN ${codeList(fkCodes)} END AS _fk_codes`,
    `FROM ${n.typed} AS t`,
    `JOIN ${n.fileVerdicts} AS fv ON fv._file_seq = t._file_seq`,
    ...fks.map(
      (fk) =>
        `LEFT JOIN (SELECT DISTINCT ${d.ident(fk.references.column)} AS _key FROM ${tableName(fk.references.dataset)}) AS ${fk.alias} ON ${fk.alias}._key = t.${d.ident(fk.column)}`,
    ),
  ].join('\n');

  // Winner: latest latestBy, then the later file, then the later row. Candidates sort first in
  // their key's window, so rank 1 among candidates is rank 1 of the window.
  const latest = contract.latestBy ? d.ident(contract.latestBy) : undefined;
  const order = [
    'CASE WHEN c._fk_checked AND c._fk_codes IS NULL THEN 0 ELSE 1 END',
    ...(latest ? [`c.${latest} DESC NULLS LAST`] : []),
    'c._file_seq DESC',
    'c._row DESC',
  ].join(', ');
  const ranked = (rank: string, where?: string) =>
    [
      'SELECT',
      '  c.*,',
      '  (c._fk_checked AND c._fk_codes IS NULL) AS _dedup_checked,',
      `  ${rank} AS _rank`,
      'FROM (',
      `  ${indent(checkedSql)}`,
      ') AS c',
      ...(where ? [`WHERE ${where}`] : []),
    ].join('\n');
  const window = `ROW_NUMBER() OVER (PARTITION BY c.${pk} ORDER BY ${order})`;
  // DuckDB ranks only the contested keys (more than one step-1-clean row): a key's only
  // candidate is its rank 1, and the window, which sorts every row it sees, stays small.
  const rankedSql =
    d.name === 'duckdb'
      ? [
          ranked(window, `c.${pk} IN (SELECT ${pk} FROM ${n.contestedKeys})`),
          'UNION ALL',
          ranked(
            'CAST(1 AS BIGINT)',
            `NOT EXISTS (SELECT 1 FROM ${n.contestedKeys} AS x WHERE x.${pk} = c.${pk})`,
          ),
        ].join('\n')
      : ranked(window);

  // The stored record counts as the earliest file: it wins only with a strictly later latestBy.
  const storedWins = latest
    ? `CASE WHEN r.${latest} IS NULL THEN s.${latest} IS NOT NULL ELSE COALESCE(s.${latest} > r.${latest}, FALSE) END`
    : 'FALSE';
  const dedupSql = [
    'SELECT',
    '  r.*,',
    `  (r._dedup_checked AND (r._rank > 1 OR (s.${pk} IS NOT NULL AND ${storedWins}))) AS _duplicate`,
    'FROM (',
    `  ${indent(rankedSql)}`,
    ') AS r',
    // A pure equi-join: DuckDB plans `ON <left-only predicate> AND s.k = r.k` of a LEFT JOIN as a
    // nested loop. Every row of a key meets the same stored record; only rank 1 reads it.
    `LEFT JOIN ${table} AS s ON s.${pk} = r.${pk}`,
  ].join('\n');

  const codes = codeList([
    'k._step1_codes',
    'k._fk_codes',
    `CASE WHEN k._duplicate THEN ${codeSql(REJECT.DUPLICATE)} END`,
    `CASE WHEN k._quarantined THEN ${codeSql(REJECT.FILE_QUARANTINED)} END`,
  ]);
  const none = 'k._step1_codes IS NULL AND k._fk_codes IS NULL AND NOT k._duplicate AND NOT k._quarantined';
  return [
    'SELECT',
    '  k.*,',
    // DuckDB builds the list only for rejected rows.
    `  ${d.name === 'duckdb' ? `CASE WHEN ${none} THEN NULL ELSE ${codes} END` : codes} AS _codes`,
    'FROM (',
    `  ${indent(dedupSql)}`,
    ') AS k',
  ].join('\n');
}

function rejectedSql(contract: DatasetContract, d: SqlDialect): string {
  const n = relationNames(contract.name);
  return [
    'SELECT',
    '  f._source_file,',
    '  v._file_seq,',
    '  v._row,',
    '  v._codes AS _reasons,',
    ...contract.columns.map((c) => `  r.${d.ident(c.name)},`),
    '  r._cells',
    `FROM ${n.verdicts} AS v`,
    `JOIN ${n.files} AS f ON f._file_seq = v._file_seq`,
    `JOIN ${n.raw} AS r ON r._file_seq = v._file_seq AND r._row = v._row`,
    'WHERE v._codes IS NOT NULL',
  ].join('\n');
}

function fileCountsSql(contract: DatasetContract): string {
  const n = relationNames(contract.name);
  const malformed = codeSql(FILE_READ_STATUS.MALFORMED_FILE);
  return [
    'SELECT',
    '  fv._file_seq,',
    '  fv._source_file,',
    `  CASE WHEN fv._read_status = ${malformed} THEN ${codeSql(FILE_OUTCOME.REJECTED)}`,
    `    WHEN fv._rows_in = 0 THEN ${codeSql(FILE_OUTCOME.EMPTY)}`,
    `    WHEN fv._missing THEN ${codeSql(FILE_OUTCOME.REJECTED)}`,
    `    WHEN fv._quarantined THEN ${codeSql(FILE_OUTCOME.QUARANTINED)}`,
    `    ELSE ${codeSql(FILE_OUTCOME.PROCESSED)} END AS status,`,
    `  CASE WHEN fv._read_status = ${malformed} THEN ${codeSql(REJECT.MALFORMED_FILE)}`,
    '    WHEN fv._rows_in = 0 THEN NULL',
    `    WHEN fv._missing THEN ${codeSql(REJECT.MISSING_COLUMN)}`,
    `    WHEN fv._quarantined THEN ${codeSql(REJECT.FILE_QUARANTINED)} END AS error_code,`,
    '  CAST(fv._rows_in AS BIGINT) AS rows_in,',
    '  CAST(fv._step1_rejected AS BIGINT) AS step1_rejected,',
    '  CAST(COALESCE(a._accepted, 0) AS BIGINT) AS accepted,',
    // Not CAST(x - COALESCE(…) AS …): dt-sql-parser 4.5 refuses that form (Spark accepts it).
    '  CAST(fv._rows_in AS BIGINT) - CAST(COALESCE(a._accepted, 0) AS BIGINT) AS rejected',
    `FROM ${n.fileVerdicts} AS fv`,
    'LEFT JOIN (',
    `  SELECT _file_seq, SUM(CASE WHEN _codes IS NULL THEN 1 ELSE 0 END) AS _accepted FROM ${n.verdicts} GROUP BY _file_seq`,
    ') AS a ON a._file_seq = fv._file_seq',
  ].join('\n');
}

function countsSql(contract: DatasetContract): string {
  const n = relationNames(contract.name);
  const typed = 'NOT _missing AND NOT _malformed AND NOT _has_type';
  // The rows having each code: every count column of a reason comes from its row flag.
  const having: Record<(typeof ROW_REJECT_CODES)[number], string> = {
    [REJECT.MALFORMED_ROW]: '_malformed',
    [REJECT.NOT_NULL]: '_has_not_null',
    [REJECT.TYPE]: '_has_type',
    [REJECT.RULE]: '_has_rule',
    [REJECT.MISSING_COLUMN]: '_missing',
    [REJECT.FK]: '_fk_codes IS NOT NULL',
    [REJECT.DUPLICATE]: '_duplicate',
    [REJECT.FILE_QUARANTINED]: '_quarantined',
  };
  const values: Record<CountName, string> = {
    rows_in: 'COUNT(*)',
    accepted: sumOf('_codes IS NULL'),
    rejected: sumOf('_codes IS NOT NULL'),
    ...(Object.fromEntries(
      ROW_REJECT_CODES.map((code) => [reasonCountColumn(code), sumOf(having[code])]),
    ) as Record<ReasonCountColumn, string>),
    required_columns: String(contract.columns.filter((c) => c.required).length),
    not_null_violations: 'COALESCE(SUM(_not_null_count), 0)',
    missing_column_violations: 'COALESCE(SUM(_missing_count), 0)',
    invalid_rows: sumOf('_malformed OR _has_type'),
    typed_rows: sumOf(typed),
    typed_rows_with_rule: sumOf(`${typed} AND _has_rule`),
    fk_checked_rows: sumOf('_fk_checked'),
    dedup_checked_rows: sumOf('_dedup_checked'),
  };
  return [
    'SELECT',
    `  ${COUNT_COLUMNS.map(([name]) => `CAST(${values[name]} AS BIGINT) AS ${name}`).join(',\n  ')}`,
    `FROM ${n.verdicts}`,
  ].join('\n');
}

function acceptedSql(contract: DatasetContract, d: SqlDialect): string {
  const n = relationNames(contract.name);
  const columns = [
    ...contract.columns.map((c) => d.ident(c.name)),
    ...contract.derived.map((x) => `${deriveSql(x.fn, d.ident(x.column), d)} AS ${d.ident(x.name)}`),
  ];
  return ['SELECT', `  ${columns.join(',\n  ')}`, `FROM ${n.verdicts}`, 'WHERE _codes IS NULL'].join('\n');
}
