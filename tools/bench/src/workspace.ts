import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (this file is tools/bench/src/workspace.ts). */
export const WORKSPACE = join(__dirname, '..', '..', '..');

/**
 * Runs a TypeScript entry point of the workspace in a fresh Node process (the Node running the
 * bench, 22 under npm scripts), with the @lakehouse/* aliases resolved through tsx.
 */
export function spawnTypeScript(entry: string, args: readonly string[]) {
  return spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(WORKSPACE, entry), ...args], {
    cwd: WORKSPACE,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(WORKSPACE, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
