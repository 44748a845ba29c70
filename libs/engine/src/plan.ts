/**
 * The compiled plan: what a runner executes, statement by statement, for one dataset (or for the
 * curated zone). A plan is plain JSON — compile it once (`compilePlan`), ship it to the Glue
 * PySpark runner or hand it to the DuckDB executor, and run it with no logic beyond I/O:
 *
 *  1. Provide every relation listed in `inputs` (temporary views or tables, under exactly
 *     the names given, with the columns and types described below).
 *  2. Run the statements whose `phase` is `setup`, then `verdicts`, in order (`spark.sql(sql)`).
 *  3. Read the `verdicts` outputs: write `rejected` rows under rejected/, report `fileCounts`
 *     and `datasetCounts`, and compute the quality metrics from `datasetCounts` (the audit).
 *  4. Only when the audit allows publishing (no breach, or `onBreach: 'warn'`), run the
 *     `publish` statements in order. On Spark they MERGE into the Delta table; on DuckDB they
 *     build the `nextTable` relation, which the executor writes as the new Parquet version.
 *
 * Relation names are prefixed with the dataset (`orders__typed`) so that the plans of every
 * dataset can share one session. Column types use the Spark/DuckDB SQL names of `SqlType`.
 */

// The plan's shape is a document of libs/contracts (a zod schema with its JSON Schema); the engine
// compiles it and the Glue runner reads it.
export type {
  Dialect,
  Plan,
  PlanColumn,
  PlanPhase,
  PlanRelation,
  PlanStatement,
  RelationRole,
  SqlType,
} from '@lakehouse/contracts';

/**
 * The shape every runner reads. Staged rows (`stagedRows`) are the reading step's output — the
 * same semantics as libs/validation `openCsv` + `layoutHeader` (docs/contracts.md "Reading"):
 *
 * - one row per data row of every readable file of the run (blank and whitespace-only lines
 *   skipped and not counted; MALFORMED_FILE files contribute no rows);
 * - `_file_seq` INT: the file's 1-based position among the dataset's files of the run, in key
 *   order (the later file wins deduplication ties);
 * - `_row` INT: the 1-based data-row number within the file;
 * - `_fields_ok` BOOLEAN: the row has as many fields as the header (else `MALFORMED_ROW`);
 * - one STRING column per contract column, named as the contract column: the cell trimmed with
 *   JavaScript `String.prototype.trim` semantics (Unicode White_Space and line terminators:
 *   U+0009–U+000D, U+0020, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 *   U+FEFF), NULL when empty after trimming, NULL when the column is absent from the header, and
 *   NULL for every column of a row whose field count is wrong;
 * - `_cells` STRING: NULL when the original cells can be rebuilt from the trimmed contract
 *   columns and the file's header (every header column is a contract column, the field count is
 *   right, and no cell had whitespace to trim); otherwise the JSON array of the original,
 *   untrimmed cells of the row, in file order. Only rejected rows ever read it.
 * - DuckDB plans only, `_canonical` BOOLEAN: TRUE when the runner proved that every contract cell
 *   of the row is in the canonical shape of its type (typing-sql.ts `CANONICAL_SHAPES`) and needs
 *   no trimming; such rows are typed by plain casts. FALSE is always correct (the guarded typing).
 *
 * Staged files (`stagedFiles`), one row per file of the dataset in the run:
 * - `_file_seq` INT, `_source_file` STRING (the file's key, as written to `_source_file`);
 * - `_read_status` STRING: `READ`, or `MALFORMED_FILE` when the file could not be read at all
 *   (not UTF-8, broken quoting, a contract column twice in the header) — then it has no rows;
 * - `_missing_codes` STRING: NULL, or `MISSING_COLUMN:<col>[,MISSING_COLUMN:<col>…]` (contract
 *   column order) when required columns are missing from the header: every row of the file then
 *   gets exactly these codes.
 *
 * `runParameters`: a one-row relation `run_parameters(run_start TIMESTAMP)`, the run's start as a
 * UTC instant (rules such as "≤ run start + 1 day" read it).
 *
 * `table` / `parentTable`: the stored table of the dataset and of each parent, with the table
 * columns (contract columns typed INT / DOUBLE / TIMESTAMP / DATE / STRING, then derived columns,
 * e.g. `is_weekend BOOLEAN`). On Spark these are the Delta tables (the `setup` statements create
 * them when missing); a parent must already hold this run's merge (run parents first).
 *
 * Outputs, read after the `verdicts` phase:
 * - `rejectedRows` (`<ds>__rejected`): `_source_file STRING`, `_file_seq INT`, `_row INT`,
 *   `_reasons STRING` (codes in verdict order joined by `,`), the staged STRING column of every
 *   contract column, `_cells STRING`. Write one JSON object per row to rejected/: the original
 *   cells keyed by the normalised header names (JSON.parse(_cells) when not NULL, else each header
 *   column in header order with its staged value, '' for NULL; repeated names get `_2`…, an empty
 *   name is `_unnamed`, extra fields `_extra_<n>`), then `_source_file`, `_row`, and `_reasons`
 *   split on `,` into an array (libs/validation `rejectedRecord`; the DuckDB executor's
 *   rejected-records.ts is the reference implementation).
 * - `fileCounts` (`<ds>__file_counts`): `_file_seq INT`, `_source_file STRING`, `status STRING`
 *   (PROCESSED | QUARANTINED | REJECTED | EMPTY), `error_code STRING` (MALFORMED_FILE |
 *   MISSING_COLUMN | FILE_QUARANTINED | NULL), `rows_in`, `step1_rejected`, `accepted`,
 *   `rejected` (BIGINT; rows_in = accepted + rejected).
 * - `datasetCounts` (`<ds>__counts`): one row of BIGINT counts — rows_in, accepted, rejected, the
 *   rows having each code class (rows_malformed_row, rows_not_null, rows_type, rows_rule,
 *   rows_missing_column, rows_fk, rows_duplicate, rows_file_quarantined) and the quality inputs
 *   (required_columns, not_null_violations, missing_column_violations, invalid_rows, typed_rows,
 *   typed_rows_with_rule, fk_checked_rows, dedup_checked_rows); see quality-metrics.ts.
 * - `acceptedRows` (`<ds>__accepted`): the table columns of the rows to upsert (one per key).
 * - after `publish`: `mergedTable` (Spark: the Delta table itself) or `nextTable` (DuckDB:
 *   `<ds>__next`, the complete next version with the table columns).
 * Every relation's columns are also listed, typed and described, in the plan's JSON.
 */
export const STAGED_ROW_META = ['_file_seq', '_row', '_fields_ok', '_cells'] as const;
