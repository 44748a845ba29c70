import { mkdir } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbDialect as d } from './dialects';
import type { PlanColumn } from './plan';

/** Every Parquet file below a folder, at any depth (the Hive partition folders). */
const parquetFilesOf = (folder: string) => d.string(`${folder}/**/*.parquet`);

/**
 * Names a stored table version as a view with exactly the contract's columns and types (Hive
 * partition values come back from folder names, so every column is cast explicitly), or an
 * empty relation of the right shape when the table has no version yet. `version` is read as a
 * glob pattern by DuckDB: pass a link of PathLinks, never a path of the user's home.
 */
export async function defineTableView(
  conn: DuckDBConnection,
  name: string,
  columns: readonly PlanColumn[],
  version: string | undefined,
): Promise<void> {
  const select = columns
    .map((c) => `CAST(${version ? d.ident(c.name) : 'NULL'} AS ${d.type(c.type)}) AS ${d.ident(c.name)}`)
    .join(', ');
  const from = version
    ? `FROM read_parquet(${parquetFilesOf(version)}, hive_partitioning = true)`
    : 'WHERE FALSE';
  await conn.run(`CREATE OR REPLACE TEMPORARY VIEW ${name} AS SELECT ${select} ${from}`);
}

/**
 * Writes a relation as one table version: Parquet files in Hive partition folders
 * (`date=2024-01-15/data_0.parquet`). Timestamps are written as TIMESTAMPTZ, i.e. Parquet
 * timestamps adjusted to UTC, so every reader (Spark, Athena, DuckDB) reads instants. An empty
 * relation is written as one schema-only file, so the version stays readable with its columns.
 */
export async function writeTableVersion(
  conn: DuckDBConnection,
  relation: string,
  columns: readonly PlanColumn[],
  partitionBy: readonly string[],
  folder: string,
): Promise<void> {
  const select = columns
    .map((c) =>
      c.type === 'TIMESTAMP'
        ? `CAST(${d.ident(c.name)} AS TIMESTAMPTZ) AS ${d.ident(c.name)}`
        : d.ident(c.name),
    )
    .join(', ');
  const reader = await conn.runAndReadAll(`SELECT EXISTS (SELECT 1 FROM ${relation}) AS any`);
  const empty = reader.getRowsJS()[0][0] !== true;
  if (empty || partitionBy.length === 0) {
    await mkdir(folder, { recursive: true });
    await conn.run(
      `COPY (SELECT ${select} FROM ${relation}) TO ${d.string(`${folder}/data_0.parquet`)} (FORMAT parquet)`,
    );
  } else {
    const partitions = partitionBy.map((p) => d.ident(p)).join(', ');
    await conn.run(
      `COPY (SELECT ${select} FROM ${relation}) TO ${d.string(folder)} (FORMAT parquet, PARTITION_BY (${partitions}))`,
    );
  }
}
