/**
 * `nx run policy:check -- <folder>…`: runs the policy suite on synthesized stacks. A folder is a
 * stack folder (holding cdk.tf.json) or a synth output folder (holding stacks/<env>/). Prints every
 * failure and suppression; exit 1 when anything fails, 2 on bad arguments.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStack } from './stack';
import { renderResult, runPolicySuite } from './run';

export function stackFolders(folder: string): string[] {
  if (existsSync(join(folder, 'cdk.tf.json'))) return [folder];
  const stacks = join(folder, 'stacks');
  if (!existsSync(stacks)) throw new Error(`${folder} holds neither cdk.tf.json nor stacks/`);
  return readdirSync(stacks)
    .sort()
    .map((name) => join(stacks, name))
    .filter((dir) => existsSync(join(dir, 'cdk.tf.json')));
}

export function main(
  args: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): number {
  if (args.length === 0) {
    out('usage: policy <stack or synth folder>…\n');
    return 2;
  }
  let failed = 0;
  for (const folder of args.flatMap(stackFolders)) {
    const result = runPolicySuite(readStack(folder));
    out(renderResult(result, folder));
    failed += result.failures.length;
  }
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`policy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
