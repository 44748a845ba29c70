import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const workspaceRoot = join(__dirname, '..', '..', '..');

/**
 * The npm packages that requiring `entry` (a TypeScript file of the workspace) loads, in a fresh
 * Node process running the sources through tsx as the `lakehouse` command does: to check that a
 * library does not load heavy packages (an AWS SDK client costs about a second) until they are used.
 */
export async function packagesLoadedBy(entry: string): Promise<string[]> {
  const script = `
    process.env.TSX_TSCONFIG_PATH = ${JSON.stringify(join(workspaceRoot, 'tsconfig.base.json'))};
    require('tsx/cjs/api').register();
    require(${JSON.stringify(entry)});
    const names = new Set();
    for (const file of Object.keys(require.cache)) {
      const parts = file.split(/[\\/]/);
      const at = parts.lastIndexOf('node_modules');
      if (at < 0) continue;
      names.add(parts[at + 1].startsWith('@') ? parts[at + 1] + '/' + parts[at + 2] : parts[at + 1]);
    }
    process.stdout.write(JSON.stringify([...names].sort()));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: workspaceRoot,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as string[];
}
