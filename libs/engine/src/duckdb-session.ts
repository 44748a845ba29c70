import { createRequire } from 'node:module';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * @duckdb/node-api decodes every VARCHAR it returns with one shared default `TextDecoder`, which
 * drops a U+FEFF that starts a value: a stored "\uFEFFabc" would read back as "abc". Values are
 * data, so that decoder is replaced by one that keeps it (the module reads its exported decoder at
 * each call; duckdb-sql-query.spec pins the behaviour, so an upgrade that changes this fails there).
 */
function keepLeadingByteOrderMarks(): void {
  // The module object itself (an ES namespace import would be a read-only copy).
  const accessors = createRequire(__filename)('@duckdb/node-api/lib/vectors/dataAccessors') as {
    textDecoder: InstanceType<typeof TextDecoder>;
  };
  if (!accessors.textDecoder.ignoreBOM) accessors.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
}
keepLeadingByteOrderMarks();

export interface DuckDbSessionOptions {
  /** Where DuckDB spills when the data outgrows memory (created if needed). */
  readonly tempDirectory: string;
  /** @default DuckDB's default (all cores) */
  readonly threads?: number;
  /** e.g. '4GB'. @default DuckDB's default (80% of RAM) */
  readonly memoryLimit?: string;
}

export interface DuckDbSession {
  readonly connection: DuckDBConnection;
  close(): void;
}

/**
 * An in-memory DuckDB for one run. Extensions are never downloaded or auto-loaded: only the
 * built-in parquet, json and icu are used (httpfs, delta… would need the network). The session
 * time zone is UTC, so TIMESTAMP ↔ TIMESTAMPTZ casts keep the instant.
 */
export async function openDuckDb(options: DuckDbSessionOptions): Promise<DuckDbSession> {
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: options.tempDirectory,
  };
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  // TimeZone belongs to the built-in icu extension: a setting after start-up, not a config option.
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
