import { Command, CommanderError, Option } from 'commander';
import { validateCommand } from './commands/validate';
import { EXIT, processIO, UsageError, type CliIO } from './io';

/** Builds the `lakehouse` program; each action resolves to its exit code. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('lakehouse')
    .description('The e-commerce lakehouse: validate raw files, run the local pipeline, read its reports.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
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
    throw err;
  }
}
