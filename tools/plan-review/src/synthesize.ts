import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readStackFolder, readSynthFolder, type SynthesizedStack } from './stack';

/** The Nx target every environment project synthesizes its stack with. */
export const SYNTH_TARGET = 'synth';

/** What the review needs of a project in Nx's graph file (`nx graph --file`). */
interface GraphFile {
  readonly graph: {
    readonly nodes: Record<
      string,
      { data: { root: string; targets?: Record<string, { outputs?: string[] }> } }
    >;
  };
}

/** Runs the workspace's own Nx on Node 22 (this process's Node), without the daemon. */
function nx(workspace: string, args: readonly string[]): void {
  const bin = require.resolve('nx/bin/nx.js', { paths: [workspace] });
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: workspace,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(
      `nx ${args.join(' ')} failed in ${workspace}:\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
}

/** The folders the synth targets declare as outputs, resolved in `workspace`. */
function synthOutputs(workspace: string): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'plan-review-graph-'));
  try {
    const file = join(scratch, 'graph.json');
    nx(workspace, ['graph', `--file=${file}`]);
    const { nodes } = (JSON.parse(readFileSync(file, 'utf8')) as GraphFile).graph;
    return Object.entries(nodes)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, { data }]) =>
        (data.targets?.[SYNTH_TARGET]?.outputs ?? []).map((output) => {
          const path = output
            .replaceAll('{workspaceRoot}', '.')
            .replaceAll('{projectRoot}', data.root)
            .replaceAll('{projectName}', name);
          if (path.includes('{')) throw new Error(`${name}:${SYNTH_TARGET}: cannot resolve output ${output}`);
          return resolve(workspace, path);
        }),
      );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs every project's synth target in `workspace` (as it is on disk) and reads the stacks from
 * the outputs those targets declare: a stack folder (`…/stacks/dev`) or a whole `cdktf.out`.
 */
export function synthesizeWorkspace(workspace: string): Map<string, SynthesizedStack> {
  nx(workspace, ['run-many', '-t', SYNTH_TARGET, '--outputStyle=static']);
  const stacks = new Map<string, SynthesizedStack>();
  for (const output of synthOutputs(workspace)) {
    const single = readStackFolder(output);
    const found = single ? [single] : [...readSynthFolder(output).values()];
    for (const stack of found) {
      if (stacks.has(stack.name)) throw new Error(`two synth outputs hold a stack named ${stack.name}`);
      stacks.set(stack.name, stack);
    }
  }
  return stacks;
}

const git = (cwd: string, args: readonly string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();

/**
 * Synthesizes every environment as the repository was at `ref`: a detached git worktree of that
 * commit, sharing this checkout's node_modules (the review compares configurations, so both sides
 * synthesize with the same tool versions), removed afterwards.
 */
export function synthesizeAtRef(workspace: string, ref: string): Map<string, SynthesizedStack> {
  const commit = git(workspace, ['rev-parse', '--verify', `${ref}^{commit}`]);
  const worktree = mkdtempSync(join(tmpdir(), 'plan-review-base-'));
  git(workspace, ['worktree', 'add', '--detach', worktree, commit]);
  try {
    const modules = join(workspace, 'node_modules');
    if (existsSync(modules)) symlinkSync(modules, join(worktree, 'node_modules'), 'dir');
    return synthesizeWorkspace(worktree);
  } finally {
    git(workspace, ['worktree', 'remove', '--force', worktree]);
    rmSync(worktree, { recursive: true, force: true });
  }
}
