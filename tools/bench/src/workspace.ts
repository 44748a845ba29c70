import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (this file is tools/bench/src/workspace.ts). */
export const WORKSPACE = join(__dirname, '..', '..', '..');

/**
 * Runs a TypeScript entry point of the workspace in a fresh Node process (the Node running the
 * bench, 22 under npm scripts), with the @lakehouse/* aliases resolved through tsx.
 */
export function spawnTypeScript(entry: string, args: readonly string[]) {
  const [command, ...rest] = typeScriptCommand(entry, args);
  return spawn(command, rest, {
    cwd: WORKSPACE,
    env: { ...process.env, ...TYPESCRIPT_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The command line of spawnTypeScript, to run with TYPESCRIPT_ENV. */
export const typeScriptCommand = (entry: string, args: readonly string[] = []): string[] => [
  process.execPath,
  '--require',
  require.resolve('tsx/cjs'),
  join(WORKSPACE, entry),
  ...args,
];

export const TYPESCRIPT_ENV = { TSX_TSCONFIG_PATH: join(WORKSPACE, 'tsconfig.base.json') } as const;

/** Runs an Nx target (no daemon), for what a case needs built before it is measured. */
export async function runNxTarget(target: string): Promise<void> {
  const nx = spawn(process.execPath, [require.resolve('nx/bin/nx'), 'run', target, '--output-style=static'], {
    cwd: WORKSPACE,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await completion(nx, `nx run ${target}`);
}

/** Waits for a child process; rejects with its stderr when it fails. Resolves to its stdout. */
export function completion(child: ReturnType<typeof spawn>, what: string): Promise<string> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${what} exited with ${code}:\n${err.trim() || out.trim()}`));
    });
  });
}
