import { mkdtemp, readdir, realpath, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import {
  AdapterError,
  assertReadOnlySql,
  messageOf,
  rowRecords,
  SqlQueryError,
  SqlQueryRefusedError,
  SqlQueryTimeoutError,
  SqlQueryUnavailableError,
  withRetries,
  type SqlQuery,
  type SqlQueryOptions,
  type SqlResult,
} from '@lakehouse/aws';
import { duckdbDialect as d } from './dialects';
import { openDuckDb } from './duckdb-session';

export interface DuckDbSqlQueryOptions {
  /** The local home: each folder (or link to a version) under `<home>/lakehouse/` is a table. */
  readonly home: string;
  /** The database the views are named in, as in the Glue catalog: `<database>.<table>`. */
  readonly database: string;
  /** @default 60_000 */
  readonly timeoutMs?: number;
  /** Attempts when a table version disappears under the query (a publish replaced it). @default 3 */
  readonly attempts?: number;
  /** Where each query makes its folder of links (and DuckDB spills). @default the OS temporary folder */
  readonly tempDirectory?: string;
}

/** A path DuckDB's file globbing reads as exactly itself: `[`, `*` and `?` each become a one-character class. */
export const exactGlobPath = (path: string): string => path.replace(/[[*?]/g, (c) => `[${c}]`);

/** The statement types a read-only query may have: SHOW and DESCRIBE are SELECTs in DuckDB. */
const READ_ONLY_TYPES = new Set([StatementType.SELECT]);

class VersionVanished extends Error {}

/**
 * The local Athena: read-only SQL over the home's Parquet tables, as views named like the Glue
 * catalog (`lakehouse_local.orders`), in a fresh in-memory DuckDB per query. Paths are data: each
 * table's current version is reached through a link under a temporary folder with a plain name,
 * so DuckDB's globbing sees no `[`, `*`, `?` of the home path, and its Hive partition parsing
 * sees no `key=value` folder above the table.
 */
export class DuckDbSqlQuery implements SqlQuery {
  private readonly target: string;

  constructor(private readonly options: DuckDbSqlQueryOptions) {
    this.target = `the local tables of ${options.home}`;
  }

  async query(sql: string, options: SqlQueryOptions = {}): Promise<SqlResult> {
    assertReadOnlySql(this.target, sql);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    try {
      return await withRetries(() => this.attempt(sql, timeoutMs), {
        attempts: this.options.attempts ?? 3,
        isTransient: (error) => error instanceof VersionVanished,
      });
    } catch (error) {
      if (error instanceof VersionVanished) {
        throw new SqlQueryUnavailableError(this.target, error.message, undefined, { cause: error });
      }
      throw error;
    }
  }

  private async attempt(sql: string, timeoutMs: number): Promise<SqlResult> {
    const links = await mkdtemp(join(this.options.tempDirectory ?? tmpdir(), 'lakehouse-query-'));
    let interrupted = false;
    let session: Awaited<ReturnType<typeof openDuckDb>> | undefined;
    let ticker: NodeJS.Timeout | undefined;
    // Past the deadline, interrupt until the attempt ends: an interrupt while nothing runs is lost.
    const timer = setTimeout(() => {
      interrupted = true;
      session?.connection.interrupt();
      ticker = setInterval(() => session?.connection.interrupt(), 50);
    }, timeoutMs);
    try {
      if (links.includes('=')) {
        throw new SqlQueryError(
          this.target,
          'FAILED',
          `the temporary folder ${links} holds "=", which DuckDB reads as a Hive partition`,
        );
      }
      session = await openDuckDb({ tempDirectory: join(links, '.spill') });
      await this.defineViews(session.connection, links);
      const statements = await session.connection.extractStatements(sql);
      if (statements.count !== 1)
        throw new SqlQueryRefusedError(this.target, `it holds ${statements.count} statements, not one`);
      const prepared = await statements.prepare(0);
      if (!READ_ONLY_TYPES.has(prepared.statementType)) {
        throw new SqlQueryRefusedError(
          this.target,
          `DuckDB reads it as a ${StatementType[prepared.statementType]} statement, not a query`,
        );
      }
      if (interrupted) throw new SqlQueryTimeoutError(this.target, timeoutMs);
      const reader = await prepared.runAndReadAll();
      const types = reader.columnTypes();
      const columns = reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
      return { columns, rows: rowRecords(this.target, columns, reader.getRowsJson() as unknown[][]) };
    } catch (error) {
      if (error instanceof AdapterError || error instanceof VersionVanished) throw error;
      if (interrupted) throw new SqlQueryTimeoutError(this.target, timeoutMs);
      const message = messageOf(error);
      // A publish replaced a table version (and deleted the old one) while this query read it.
      if (/^IO Error: (No files found|Cannot open file|.*No such file or directory)/.test(message)) {
        throw new VersionVanished(message);
      }
      throw new SqlQueryError(this.target, 'FAILED', message, undefined, { cause: error });
    } finally {
      clearTimeout(timer);
      clearInterval(ticker);
      session?.close();
      await rm(links, { recursive: true, force: true });
    }
  }

  /** One view per table with at least one Parquet file, read through a link named `t<n>` in `links`. */
  private async defineViews(connection: DuckDBConnection, links: string): Promise<void> {
    const schema = d.ident(this.options.database);
    await connection.run(`CREATE SCHEMA ${schema}`);
    const tables = await this.tables();
    for (const [i, { name, folder }] of tables.entries()) {
      const link = join(links, `t${i}`);
      await symlink(folder, link, 'dir');
      const files = d.string(`${exactGlobPath(link)}/**/*.parquet`);
      const found = await connection.runAndReadAll(`SELECT count(*) FROM glob(${files})`);
      if (Number(found.getRowsJS()[0][0]) === 0) continue;
      await connection.run(
        `CREATE VIEW ${schema}.${d.ident(name)} AS SELECT * FROM read_parquet(${files}, hive_partitioning = true)`,
      );
    }
  }

  /** The tables of the home and the folder of each one's current version (links resolved now, once). */
  private async tables(): Promise<{ name: string; folder: string }[]> {
    const root = join(this.options.home, 'lakehouse');
    const entries = await readdir(root).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const tables: { name: string; folder: string }[] = [];
    for (const name of entries.sort()) {
      if (name.startsWith('.')) continue; // a link being published
      const path = join(root, name);
      if (!(await stat(path).catch(() => undefined))?.isDirectory()) continue;
      tables.push({ name, folder: await realpath(path) });
    }
    return tables;
  }
}
