import { Command, CommanderError, Option } from 'commander';
import { LocalHomeError, LocalRunFailedError } from '@lakehouse/pipeline';
import { demoCommand } from './commands/demo';
import { failRunCommand, replayCommand, resetBreakerCommand, statusCommand } from './commands/operate';
import { queryCommand } from './commands/query';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
import { EXIT, processIO, UsageError, type CliIO } from './io';

/** Builds the `lakehouse` program; each action resolves to its exit code. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('lakehouse')
    .description('The e-commerce lakehouse: validate raw files, run the local pipeline, read its reports.')
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Usage errors are one line: `lakehouse: required option '--raw <dir>' not specified (…)`.
      outputError: (text, write) =>
        write(`lakehouse: ${text.trim().replace(/^error: /, '')} (run with --help for usage)\n`),
    })
    .exitOverride();

  program
    .command('validate')
    .description('Check one CSV file against a dataset contract (typing, nulls, business rules, quarantine).')
    .argument('<file>', 'the CSV file to check')
    .requiredOption('-d, --dataset <name>', 'the dataset contract: products, orders or order_items')
    .option('--rejects <out.jsonl>', 'write every rejected row as JSON Lines to this file')
    .option('--json', 'print the file report as JSON')
    .addOption(
      new Option('--run-start <iso>', 'the run start the timestamp rules are relative to (default: now)'),
    )
    .addHelpText(
      'after',
      '\nExit status: 0 file accepted (even with rejected rows), 1 file rejected or quarantined, 2 usage error.',
    )
    .action(async (file: string, opts) => setExit(await validateCommand(file, opts, io)));

  program
    .command('run')
    .description(
      'Run the local pipeline on a folder of raw files: validate, deduplicate, merge, archive, report.',
    )
    .requiredOption('--raw <dir>', 'a folder with products/, orders/ and order_items/ holding CSV files')
    .requiredOption('--home <dir>', 'the local home: tables, rejected rows, archive, reports and state')
    .option('--json', 'print only the run summary as JSON')
    .addOption(
      new Option('--run-start <iso>', 'the run start the timestamp rules are relative to (default: now)'),
    )
    .addHelpText(
      'after',
      '\nFiles already processed (same name and content) are reported ALREADY_PROCESSED and change nothing.\n' +
        'Exit status: 0 SUCCEEDED, SUCCEEDED_WITH_WARNINGS or NOTHING_TO_DO, 1 FAILED, 2 usage error.',
    )
    .action(async (opts) => setExit(await runCommand(opts, io)));

  program
    .command('demo')
    .description(
      'Generate a week of daily batches into a fresh home and run them one after another: re-sent keys, a defect burst, a busy day.',
    )
    .option(
      '--home <dir>',
      'the demo home (wiped and recreated when it is a previous demo home)',
      '.lakehouse/demo',
    )
    .option('--seed <n>', 'the generator seed', '42')
    .option(
      '--orders <n>',
      'orders on an ordinary day (about ten items each; the busy day has four times as many)',
      '200',
    )
    .option('--defect-rate <r>', 'share of rows with an injected defect on an ordinary day (0–1)', '0.01')
    .option(
      '--first-day <date>',
      'the first day of the week, YYYY-MM-DD (default: the week ending yesterday)',
    )
    .option('--json', 'print only the week: each day with its run summary, as JSON')
    .addHelpText(
      'after',
      '\nExit status: 0 every run succeeded (possibly with warnings), 1 a run failed, 2 usage error.',
    )
    .action(async (opts) => setExit(await demoCommand(opts, io)));

  program
    .command('report')
    .description(
      "Show a run's quality report: metrics against thresholds, rejects by code, anomalies, cross-dataset checks.",
    )
    .argument('[runId]', 'the run (default: the latest)')
    .option('--home <dir>', 'the local home the run wrote to', '.lakehouse/demo')
    .option('--json', 'print the quality report JSON')
    .option('--html <file>', 'also write the self-contained HTML page (trends over runs, rejects by code)')
    .addHelpText(
      'after',
      '\nEvery run also writes reports/<runId>.quality.json and reports/<runId>.quality.html under the home.',
    )
    .action(async (runId: string | undefined, opts) => setExit(await reportCommand(runId, opts, io)));

  program
    .command('query')
    .description(
      'Query the local tables with SQL (DuckDB), named as in the Glue catalog: lakehouse_local.orders, … — the local Athena.',
    )
    .argument('<sql>', 'one read-only statement, e.g. "SELECT count(*) FROM lakehouse_local.orders"')
    .option('--home <dir>', 'the local home', '.lakehouse/demo')
    .option('--json', 'print the rows as JSON')
    .option('--csv', 'print the rows as CSV')
    .addHelpText('after', '\nExit status: 0 the query ran, 1 it failed (the error names why), 2 usage error.')
    .action(async (sql: string, opts) => setExit(await queryCommand(sql, opts, io)));

  program
    .command('status')
    .description(
      "Show a home's state: the latest runs with their steps, execution and files, files waiting for a run, the lease and the breaker.",
    )
    .option('--home <dir>', 'the local home', '.lakehouse/demo')
    .option('--limit <n>', 'how many runs to show, newest first', '10')
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      '\nWhile a run holds the home its state store is open in that process: status then shows the holder and the executions.\n' +
        'Exit status: 0 shown, 1 the home could not be read, 2 usage error.',
    )
    .action(async (opts) => setExit(await statusCommand(opts, io)));

  program
    .command('runs')
    .description('Operate on runs.')
    .command('fail')
    .description(
      'End a stuck run: a RUNNING run no process runs any more is marked FAILED, its unsettled files given back.',
    )
    .argument('<runId>', 'the run to fail')
    .requiredOption('--reason <text>', 'why (kept in the run record and the breaker)')
    .option('--home <dir>', 'the local home', '.lakehouse/demo')
    .option('--force', 'fail it even though its lease has not expired yet (its process ended moments ago)')
    .addHelpText(
      'after',
      '\nRefused (exit 1): a run in progress (it holds the home), a run that is not RUNNING, a run whose lease is alive (without --force).\n' +
        'Exit status: 0 failed, 1 refused, 2 usage error.',
    )
    .action(async (runId: string, opts) => setExit(await failRunCommand(runId, opts, io)));

  program
    .command('breaker')
    .description('Operate on the circuit breaker.')
    .command('reset')
    .description('Close an open (or half-open) circuit breaker, so that runs are admitted again.')
    .option('--home <dir>', 'the local home', '.lakehouse/demo')
    .addHelpText(
      'after',
      '\nRefused (exit 1) when the breaker is closed or a run holds the home. 2: usage error.',
    )
    .action(async (opts) => setExit(await resetBreakerCommand(opts, io)));

  program
    .command('replay')
    .description(
      "Load a dataset's archived files again in a new run (all, or one run's): rows upsert, none is duplicated.",
    )
    .requiredOption('--dataset <name>', 'the dataset: products, orders or order_items')
    .option('--run <runId>', 'only the files this run archived')
    .option('--home <dir>', 'the local home', '.lakehouse/demo')
    .option('--json', 'print only the run summary as JSON')
    .addHelpText(
      'after',
      '\nRefused (exit 1) while a run holds the lease or the home, or when there is no such archived file.\n' +
        'Exit status: 0 the run succeeded (possibly with warnings), 1 refused or FAILED, 2 usage error.',
    )
    .action(async (opts) => setExit(await replayCommand(opts, io)));

  return program;
}

/** Runs the command line and returns the exit code; usage errors print one line and return 2. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (err instanceof UsageError) {
      io.err(`lakehouse: ${err.message}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof LocalRunFailedError) {
      io.err(`lakehouse: ${err.message}\n`);
      return EXIT.FAILED;
    }
    if (err instanceof LocalHomeError) {
      // A home in use, read-only or impossible: the run never started; one line says why.
      io.err(`lakehouse: ${err.message}\n`);
      return EXIT.FAILED;
    }
    throw err;
  }
}
