import { execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'lakehouse.js');

/**
 * Runs the `lakehouse` bin in a process of its own. With `asUnprivileged`, file permissions hold
 * for it even when the tests run as root: root's permission bypass (CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH) is dropped with util-linux `setpriv`, so a mode-000 file is unreadable and a
 * mode-555 folder unwritable, as for any user. Not a simulation: the kernel refuses the access.
 */
export function runBin(
  args: readonly string[],
  options: { readonly asUnprivileged?: boolean } = {},
): Promise<{ code: number; out: string; err: string }> {
  const command = [process.execPath, BIN, ...args];
  const dropped =
    options.asUnprivileged && process.getuid?.() === 0
      ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...command]
      : command;
  return new Promise((done) => {
    execFile(dropped[0], dropped.slice(1), { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, out: stdout, err: stderr });
    });
  });
}

/** Starts the `lakehouse` bin in a process of its own: the process, and its end (code and output). */
export function startBin(args: readonly string[]): {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number; out: string; err: string }>;
} {
  let child!: ChildProcess;
  const done = new Promise<{ code: number; out: string; err: string }>((resolve) => {
    child = execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
  return { child, done };
}
