import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './io';

const reason = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** The input file of a command: it must exist, be a regular file and be readable (usage error naming it otherwise). */
export async function checkInputFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`file not found: ${path}`);
  if (!info.isFile()) throw new UsageError(`not a regular file: ${path}`);
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new UsageError(`cannot read ${path}: ${reason(error)}`);
  });
  await handle.close();
}

/**
 * Checks a file an option will write, before the command reads anything: its folder exists, it is
 * a regular file if it exists (not a folder, a FIFO or a device), it is none of the files the command reads (the same file under another name, a
 * link or a hard link included: writing it would destroy the input), and it can be opened for
 * writing. Each failure is a usage error naming the option and the path.
 */
export async function checkOutputFile(
  option: string,
  path: string,
  inputs: readonly string[],
): Promise<void> {
  const folder = dirname(resolve(path));
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo) throw new UsageError(`${option}: folder not found: ${folder}`);
  if (!folderInfo.isDirectory()) throw new UsageError(`${option}: not a folder: ${folder}`);
  const target = await stat(path).catch(() => undefined);
  if (target && !target.isFile()) throw new UsageError(`${option}: not a regular file: ${path}`);
  if (target) {
    for (const input of inputs) {
      const source = await stat(input).catch(() => undefined);
      if (source && source.dev === target.dev && source.ino === target.ino)
        throw new UsageError(`${option}: ${path} is the input file ${input}: writing it would destroy it`);
    }
  }
  // Append mode creates a missing file and truncates nothing: the check itself changes no data.
  const handle = await open(path, 'a').catch((error: unknown) => {
    throw new UsageError(`${option}: cannot write ${path}: ${reason(error)}`);
  });
  await handle.close();
}
