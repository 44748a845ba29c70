/**
 * The command line: `npx nx run plan-review:review --base <synth> --head <synth>` compares two
 * synth folders (each holding `stacks/<env>/cdk.tf.json`); `--base-ref <ref>` synthesizes every
 * environment at that git ref and at the working tree first; `--plan <env>=<plan.json>` (repeatable)
 * reviews saved Terraform plans (`terraform show -json`). Prints the Markdown review.
 * Exit codes: 0 review printed, 1 failure (synth, git, unreadable stack or plan), 2 bad options.
 */
import { ENVIRONMENTS } from '@lakehouse/environments';
import { Command, CommanderError } from 'commander';
import { writeFileSync } from 'node:fs';
import { renderReview, type EnvironmentReview } from './markdown';
import { readPlan } from './plan-document';
import { diffPlan } from './plan-diff';
import { workspacePolicySuite } from './policy-suite';
import { orderedEnvironments, reviewStacks, type ReviewInput } from './review';
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
  readonly plan?: readonly string[];
  readonly out?: string;
}

type Sides = Pick<ReviewInput, 'base' | 'head'>;

/** The stacks to compare: two synth folders, or every environment synthesized at a ref and here. */
function sides(options: Options, workspace: string): Sides | string {
  if (options.baseRef !== undefined) {
    if (options.base || options.head) return 'give either --base-ref or --base and --head';
    return { base: synthesizeAtRef(workspace, options.baseRef), head: synthesizeWorkspace(workspace) };
  }
  if (!options.base || !options.head)
    return 'give --base-ref, or --base and --head synth folders, or --plan <env>=<plan.json>';
  return { base: readSynthFolder(options.base), head: readSynthFolder(options.head) };
}

/** `dev=plan.json` → [`dev`, `plan.json`]; each environment once. */
function planFiles(specs: readonly string[]): Map<string, string> | string {
  const files = new Map<string, string>();
  for (const spec of specs) {
    const match = /^([A-Za-z0-9_-]+)=(.+)$/.exec(spec);
    if (!match) return `--plan ${spec}: give <environment>=<file of terraform show -json>`;
    if (files.has(match[1])) return `--plan: ${match[1]} is given twice`;
    files.set(match[1], match[2]);
  }
  return files;
}

/** The review of saved Terraform plans, one per environment, in promotion order. */
function reviewPlans(files: ReadonlyMap<string, string>): EnvironmentReview[] {
  return orderedEnvironments(files.keys(), PROMOTION_ORDER).map((environment) => {
    const file = files.get(environment) as string;
    return { diff: diffPlan(environment, readPlan(file), file) };
  });
}

function review(options: Options, workspace: string): EnvironmentReview[] | string {
  if (options.plan) {
    if (options.base || options.head || options.baseRef)
      return 'give either --plan, or --base and --head, or --base-ref';
    const files = planFiles(options.plan);
    return typeof files === 'string' ? files : reviewPlans(files);
  }
  const compared = sides(options, workspace);
  if (typeof compared === 'string') return compared;
  return reviewStacks({ ...compared, environmentOrder: PROMOTION_ORDER, policySuite: workspacePolicySuite });
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
    .option(
      '--plan <env=file>',
      'review a saved Terraform plan (terraform show -json) of an environment; repeat for several',
      (spec: string, specs: string[] = []) => [...specs, spec],
    )
    .option('--out <file>', 'also write the review to this file')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

export function main(argv: readonly string[], io: CliIo = processIo): number {
  const cli = program(io);
  try {
    cli.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = cli.opts<Options>();
  try {
    const reviews = review(options, process.cwd());
    if (typeof reviews === 'string') {
      io.err(`plan-review: ${reviews}\n`);
      return 2;
    }
    const markdown = renderReview(reviews);
    io.out(markdown);
    if (options.out) writeFileSync(options.out, markdown);
    return 0;
  } catch (error) {
    io.err(`plan-review: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
