import type { DatasetContract } from '@lakehouse/contracts';
import type { HeaderLayout } from '@lakehouse/validation';
import { duckdbDialect as d } from './dialects';
import { JS_TRIM_CLASS, jsTrimSql } from './js-trim';
import { CANONICAL_SHAPES } from './typing-sql';

/** A file DuckDB reads as lines (see csv-lines.ts), as staging prepared it. */
export interface LineFile {
  readonly seq: number;
  /** The table holding the file's lines: the row of line `n` has rowid `n - 1`. */
  readonly table: string;
  /** The 1-based line of the header: data rows are the lines after it that are not blank. */
  readonly headerLine: number;
  /** The blank lines after the header (skipped, not counted), ascending. */
  readonly blank: readonly number[];
  /** Fields of the header. */
  readonly width: number;
  readonly layout: HeaderLayout;
  /** Some data lines hold a quote: their cells are in the quoted-lines table (csv-parse's). */
  readonly quoted: boolean;
}

/** Any cell of a column the contract does not know (it is never staged). */
const ANY_CELL = '[^,"\\x{0}]*';
/** The same, holding a character JavaScript does not trim: a one-cell line of only such is blank. */
const ANY_NONBLANK_CELL = `${ANY_CELL}[^,"\\x{0}${JS_TRIM_CLASS}]${ANY_CELL}`;

/**
 * The pattern of a line whose every contract cell is in its type's canonical shape: the header's
 * columns in order, joined by commas. Such a line needs no CSV parsing (no quote), no trimming,
 * and no guarded typing (`_canonical`).
 */
export function canonicalLineShape(contract: DatasetContract, layout: HeaderLayout, width: number): string {
  const byPosition = new Map([...layout.index].map(([name, at]) => [at, name]));
  const cells = Array.from({ length: width }, (_, at) => {
    const name = byPosition.get(at);
    const column = name === undefined ? undefined : contract.columns.find((c) => c.name === name);
    if (!column) return width === 1 ? ANY_NONBLANK_CELL : ANY_CELL;
    const shape = CANONICAL_SHAPES[column.type];
    return column.required ? `(?:${shape})` : `(?:${shape})?`;
  });
  return cells.join(',');
}

/**
 * The `<dataset>__raw` rows of one file, as a query over its lines table: every line after the
 * header that is not blank is a data row, numbered in file order. Canonical lines are split on
 * commas and need nothing else; the others are split on commas too, or take csv-parse's cells
 * when they hold a quote, and are trimmed with JavaScript's trim set. The two kinds are two
 * branches, so a plan statement that reads only canonical rows reads only the first.
 */
export function lineRowsSql(contract: DatasetContract, file: LineFile, quotedTable: string): string {
  const { seq, width, layout, headerLine, blank } = file;
  // Data-row number: the line number minus the header's and the blank lines before it.
  const n = 'x.n';
  const blanksBefore =
    blank.length === 0
      ? '0'
      : `CASE ${[...blank]
          .reverse()
          .map((b, i) => `WHEN ${n} > ${b} THEN ${blank.length - i}`)
          .join(' ')} ELSE 0 END`;
  const row = `CAST(${n} - ${headerLine} - ${blanksBefore} AS INTEGER) AS _row`;
  const lines = `(SELECT rowid + 1 AS n, l, canonical FROM ${file.table}) AS x`;
  const dataLines = `${n} > ${headerLine}${blank.length > 0 ? ` AND ${n} NOT IN (${blank.join(', ')})` : ''}`;
  const cellAt = (c: (typeof contract.columns)[number]) => {
    const at = layout.index.get(c.name);
    return at === undefined ? undefined : `_c[${at + 1}]`;
  };
  const rebuildable = layout.drift.extraColumns.length === 0;
  const original = 'CAST(to_json(_c) AS VARCHAR)';

  const canonical = [
    'SELECT',
    `  ${seq} AS _file_seq, _row, TRUE AS _fields_ok,`,
    ...contract.columns.map((c) => {
      const cell = cellAt(c);
      const text = cell === undefined ? 'CAST(NULL AS VARCHAR)' : c.required ? cell : `NULLIF(${cell}, '')`;
      return `  ${text} AS ${d.ident(c.name)},`;
    }),
    // The original cells are the header's columns with their staged values, unless extra columns.
    `  ${rebuildable ? 'CAST(NULL AS VARCHAR)' : original} AS _cells,`,
    '  TRUE AS _canonical',
    `FROM (SELECT ${row}, string_split(x.l, ',') AS _c FROM ${lines} WHERE x.canonical AND ${dataLines}) AS y`,
  ];
  const split = "string_split(x.l, ',')";
  const other = [
    'SELECT',
    `  ${seq} AS _file_seq, _row, len(_c) = ${width} AS _fields_ok,`,
    ...contract.columns.map((c) => {
      const cell = cellAt(c);
      const text =
        cell === undefined
          ? 'CAST(NULL AS VARCHAR)'
          : `CASE WHEN len(_c) = ${width} THEN NULLIF(${jsTrimSql(cell)}, '') END`;
      return `  ${text} AS ${d.ident(c.name)},`;
    }),
    `  ${original} AS _cells,`,
    '  FALSE AS _canonical',
    'FROM (',
    `  SELECT ${row}, ${file.quoted ? `COALESCE(q.cells, ${split})` : split} AS _c`,
    `  FROM ${lines}`,
    ...(file.quoted ? [`  LEFT JOIN ${quotedTable} AS q ON q._file_seq = ${seq} AND q.n = x.n`] : []),
    `  WHERE NOT x.canonical AND ${dataLines}`,
    ') AS y',
  ];
  return [...canonical, 'UNION ALL', ...other].join('\n');
}
