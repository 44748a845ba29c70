import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AdapterError } from '@lakehouse/aws';
import { ifMissing } from '@lakehouse/contracts';
import { DuckDbSqlQuery } from '@lakehouse/engine';
import { LOCAL_CATALOG_DATABASE, ZONES } from '@lakehouse/storage';
import { EXIT, UsageError, type CliIO } from '../io';
import { formatTable } from '../table';

export interface QueryCommandOptions {
  readonly home: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * `lakehouse query "<sql>" --home <dir>`: one read-only statement over the home's tables, named as
 * in the Glue catalog (`lakehouse_local.orders`): the local Athena. A table, `--json` or `--csv`.
 */
export async function queryCommand(sql: string, options: QueryCommandOptions, io: CliIO): Promise<number> {
  if (options.json && options.csv) throw new UsageError('--json and --csv: choose one output format');
  const home = resolve(options.home);
  if (!(await stat(join(home, ZONES.lakehouse.localFolder)).catch(ifMissing(() => undefined)))?.isDirectory())
    throw new UsageError(
      `--home: no tables under ${home} (run \`lakehouse run\` or \`lakehouse demo\` first)`,
    );
  let result;
  try {
    result = await new DuckDbSqlQuery({ home, database: LOCAL_CATALOG_DATABASE }).query(sql);
  } catch (error) {
    if (error instanceof AdapterError) {
      io.err(`lakehouse: ${error.message}\n`);
      return EXIT.FAILED;
    }
    throw error;
  }
  const names = result.columns.map((c) => c.name);
  if (options.json) io.out(JSON.stringify(result.rows, null, 2) + '\n');
  else if (options.csv)
    io.out(
      [names, ...result.rows.map((r) => names.map((n) => r[n]))]
        .map((r) => r.map(csvCell).join(','))
        .join('\n') + '\n',
    );
  else
    io.out(
      formatTable(
        names,
        result.rows.map((r) =>
          names.map((n) => (typeof r[n] === 'number' ? (r[n] as number) : String(r[n] ?? 'NULL'))),
        ),
      ) + `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})\n`,
    );
  return EXIT.OK;
}
