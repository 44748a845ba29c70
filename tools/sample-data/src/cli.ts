/**
 * The command line: `npx tsx tools/sample-data/src/cli.ts --out <dir> [options]`.
 * Exit codes: 0 done, 1 failure while writing, 2 bad options (one line on stderr).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import type * as Library from './index';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const integer = (value: string): number => {
  if (!/^[+-]?[0-9]+$/.test(value.trim())) throw new InvalidArgumentError('expected an integer.');
  return Number(value);
};

const decimal = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
};

function program(io: CliIo): Command {
  return new Command('sample-data')
    .description(
      'Write seeded, Instacart-shaped e-commerce CSVs (products, orders, order_items), optionally with catalogued defects.',
    )
    .requiredOption('--out <dir>', 'output folder: gets products/, orders/, order_items/ and manifest.json')
    .option('--seed <n>', 'seed; the same options give byte-identical files', integer, 42)
    .option('--rows <n>', 'target number of order_items rows (orders are sized to match)', integer)
    .option('--orders <n>', 'number of orders (instead of --rows; default 1000)', integer)
    .option('--products <n>', 'catalogue size (default: orders / 10, within 100-50000)', integer)
    .option('--users <n>', 'number of customers (default: orders / 3)', integer)
    .option('--items-per-order <n>', 'mean basket size', decimal)
    .option('--days <n>', 'length of the order period in days', integer)
    .option('--start-date <date>', 'first day of the period, YYYY-MM-DD (default: now - days)')
    .option(
      '--now <instant>',
      'reference instant, ISO 8601, or "now" for the current time (default 2024-07-01T00:00:00Z)',
    )
    .option('--files <n>', 'files per dataset', integer)
    .option('--defect-rate <rate>', 'share of rows (0-1) given a row-level defect', decimal)
    .option('--with-file-defects', 'add MISSING_COLUMN, MALFORMED_FILE, EMPTY and FILE_QUARANTINED files')
    .option('--crlf', 'end lines with CRLF')
    .option('--bom', 'start files with a UTF-8 byte order mark')
    .option('--no-manifest', 'do not write manifest.json')
    .option('--overwrite', 'replace CSV files already in the output folders')
    .option('--json', 'print the summary as JSON')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);
}

interface ParsedOptions {
  out: string;
  seed: number;
  rows?: number;
  orders?: number;
  products?: number;
  users?: number;
  itemsPerOrder?: number;
  days?: number;
  startDate?: string;
  now?: string;
  files?: number;
  defectRate?: number;
  withFileDefects?: boolean;
  crlf?: boolean;
  bom?: boolean;
  manifest: boolean;
  overwrite?: boolean;
  json?: boolean;
}

/** Runs the command with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const command = program(io);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" for commander; everything else it already printed as one line
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    throw error;
  }
  const o = command.opts<ParsedOptions>();
  const library = loadLibrary();
  try {
    const result = await library.writeSampleData(o.out, {
      seed: o.seed,
      rows: o.rows,
      orders: o.orders,
      products: o.products,
      users: o.users,
      itemsPerOrder: o.itemsPerOrder,
      days: o.days,
      startDate: o.startDate,
      now: o.now === 'now' ? new Date() : o.now,
      files: o.files,
      defectRate: o.defectRate,
      fileDefects: o.withFileDefects ?? false,
      crlf: o.crlf,
      bom: o.bom,
      manifest: o.manifest,
      overwrite: o.overwrite,
    });
    io.out(o.json ? JSON.stringify(summary(result, library), null, 2) + '\n' : describe(result));
    return 0;
  } catch (error) {
    if (error instanceof library.SampleDataOptionError) {
      io.err(`error: ${error.message}\n`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function summary(result: Library.WrittenSampleData, library: typeof Library) {
  const codes: Record<string, number> = {};
  for (const d of result.defects) for (const code of d.codes) codes[code] = (codes[code] ?? 0) + 1;
  return {
    out: result.dir,
    counts: result.counts,
    defects: result.defects.length,
    codes,
    manifest: result.manifestPath ?? null,
    elapsedMs: Math.round(result.elapsedMs),
    orderItemsPerSecond: Math.round(result.counts.order_items.rows / (result.elapsedMs / 1000)),
    datasets: library.DATASET_NAMES,
  };
}

function describe(result: Library.WrittenSampleData): string {
  const seconds = result.elapsedMs / 1000;
  const lines = [`wrote ${result.files.length} files to ${result.dir} in ${seconds.toFixed(1)} s`];
  for (const [name, c] of Object.entries(result.counts)) {
    lines.push(
      `  ${name.padEnd(12)} ${String(c.files).padStart(4)} file(s) ${c.rows.toLocaleString('en-US').padStart(14)} rows` +
        (c.rowsWithDefects > 0 ? `  (${c.rowsWithDefects.toLocaleString('en-US')} with defects)` : ''),
    );
  }
  lines.push(
    `  order_items: ${Math.round(result.counts.order_items.rows / seconds).toLocaleString('en-US')} rows/s`,
  );
  if (result.manifestPath)
    lines.push(`  manifest: ${result.manifestPath} (${result.defects.length} defects)`);
  return lines.join('\n') + '\n';
}

/** The part of tsx's CommonJS API used here (its types are ESM-only under this moduleResolution). */
interface TsxApi {
  register(options: { namespace: string }): { require(id: string, fromFile: string): unknown };
}

/**
 * Loads the generator. Under Jest or with TSX_TSCONFIG_PATH set, the @lakehouse/* aliases resolve
 * as they are. Started as plain `tsx tools/sample-data/src/cli.ts` (the workspace has no root
 * tsconfig.json for tsx to find), they do not: then load the library through a tsx namespace that
 * reads tsconfig.base.json, the way apps/cli's launcher does.
 */
function loadLibrary(): typeof Library {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    return require('./index');
  } catch (error) {
    const missingAlias =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /@lakehouse\//.test(String(error));
    if (!missingAlias) throw error;
    process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tsx's own API, CommonJS only
    const tsx = require('tsx/cjs/api') as TsxApi;
    return tsx.register({ namespace: 'sample-data' }).require('./index.ts', __filename) as typeof Library;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(
        `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
