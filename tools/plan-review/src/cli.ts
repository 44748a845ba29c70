/**
 * The command line: `npx nx run plan-review:review --base <synth> --head <synth>` compares two
 * synth folders (each holding `stacks/<env>/cdk.tf.json`); `--base-ref <ref>` synthesizes every
 * environment at that git ref and at the working tree first. Prints the Markdown review.
 * Exit codes: 0 review printed, 1 failure (synth, git, unreadable stack), 2 bad options.
 */
import { ENVIRONMENTS } from '@lakehouse/environments';
import { Command, CommanderError } from 'commander';
import { writeFileSync } from 'node:fs';
import { renderReview } from './markdown';
import { workspacePolicySuite } from './policy-suite';
import { reviewStacks, type ReviewInput } from './review';
import { readSynthFolder } from './stack';
import { synthesizeAtRef, synthesizeWorkspace } from './synthesize';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const PROMOTION_ORDER = ENVIRONMENTS.map((environment) => environment.name);

interface Options {
  readonly base?: string;
  readonly head?: string;
  readonly baseRef?: string;
  readonly out?: string;
}

type Sides = Pick<ReviewInput, 'base' | 'head'>;

/** The stacks to compare: two synth folders, or every environment synthesized at a ref and here. */
function sides(options: Options, workspace: string): Sides | string {
  if (options.baseRef !== undefined) {
    if (options.base || options.head) return 'give either --base-ref or --base and --head';
    return { base: synthesizeAtRef(workspace, options.baseRef), head: synthesizeWorkspace(workspace) };
  }
  if (!options.base || !options.head) return 'give --base-ref, or --base and --head synth folders';
  return { base: readSynthFolder(options.base), head: readSynthFolder(options.head) };
}

function program(io: CliIo): Command {
  return new Command('plan-review')
    .description('Markdown review of what a change does to each environment’s synthesized Terraform.')
    .option('--base <dir>', 'synth folder of the base (holds stacks/<env>/cdk.tf.json)')
    .option('--head <dir>', 'synth folder of the head')
    .option(
      '--base-ref <ref>',
      'synthesize every environment at this git ref and in the working tree, then compare',
    )
    .option('--out <file>', 'also write the review to this file')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const cli = program(io);
  try {
    cli.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = cli.opts<Options>();
  try {
    const compared = sides(options, process.cwd());
    if (typeof compared === 'string') {
      io.err(`plan-review: ${compared}\n`);
      return 2;
    }
    const review = renderReview(
      reviewStacks({ ...compared, environmentOrder: PROMOTION_ORDER, policySuite: workspacePolicySuite }),
    );
    io.out(review);
    if (options.out) writeFileSync(options.out, review);
    return 0;
  } catch (error) {
    io.err(`plan-review: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
