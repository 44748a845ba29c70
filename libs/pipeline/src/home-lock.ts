import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HomeInUseError, HomeNotUsableError } from './errors';

/** The file that says which process uses a home: `<home>/.lakehouse.lock`. */
export const HOME_LOCK_FILE = '.lakehouse.lock';

/** Who holds a home, as its lock file says. */
export interface HomeHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly runId?: string;
  /** Tells this holding apart from an earlier one of the same process. */
  readonly nonce: string;
}

export interface HomeLock {
  /** Records the run the holder is running, for the message a second run gets. */
  recordRun(runId: string): Promise<void>;
  /** Removes the lock file if it is still this holder's. */
  release(): Promise<void>;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** False when the process is gone; a process of another host cannot be checked and counts as alive. */
function alive(holder: HomeHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid <= 0) return holder.pid === 0; // a damaged lock: recent (0) or old (-1)
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return code(error) === 'EPERM'; // it exists, under another user
  }
}

/** How long a lock file may stay unreadable (being written) before it counts as left by a crash. */
const DAMAGED_LOCK_MS = 10_000;

async function readHolder(path: string): Promise<HomeHolder | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as HomeHolder;
  } catch {
    // Being written this very moment, or left half-written by a crash: nobody we can name.
    const age = Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0);
    return { pid: age > DAMAGED_LOCK_MS ? -1 : 0, host: hostname(), since: '', nonce: text };
  }
}

/**
 * One run per home at a time, said clearly. Takes `<home>/.lakehouse.lock` (created exclusively,
 * holding the process, host, start time and, once known, the run id) before anything of the home is
 * touched. A home in use fails at once with HomeInUseError naming the holder; a lock left by a
 * process that has ended (killed, crashed) is taken over. A home that cannot be created or written
 * (read-only, under /proc, a file) fails with HomeNotUsableError naming the path and the reason —
 * before the run starts, so nothing can fail on it after a table was published.
 *
 * The state store's own database lock stays the last guard: two processes can never open it at
 * once, even if both took over the same stale lock file in the same instant.
 */
export async function lockHome(home: string, zones: readonly string[]): Promise<HomeLock> {
  await createFolder(home).catch((error: unknown) => {
    throw new HomeNotUsableError(home, `it cannot be created (${code(error)})`);
  });
  const path = join(home, HOME_LOCK_FILE);
  const me: HomeHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me)).finally(() => handle.close());
      break;
    } catch (error) {
      if (code(error) !== 'EEXIST')
        throw new HomeNotUsableError(home, `it cannot be written (${code(error)})`);
    }
    const holder = await readHolder(path);
    if (holder && (alive(holder) || attempt > 2)) throw new HomeInUseError(home, path, holder);
    if (holder) await takeOver(path, holder);
  }
  await checkZones(home, zones);
  let current = me;
  return {
    async recordRun(runId) {
      current = { ...current, runId };
      await writeFile(path, JSON.stringify(current));
    },
    async release() {
      if ((await readHolder(path))?.nonce === me.nonce) await rm(path, { force: true });
    },
  };
}

/** Throws HomeInUseError when a live process holds the home (before wiping it, say). */
export async function assertHomeFree(home: string): Promise<void> {
  const path = join(home, HOME_LOCK_FILE);
  const holder = await readHolder(path);
  if (holder && alive(holder)) throw new HomeInUseError(home, path, holder);
}

/**
 * Moves a dead holder's lock aside. If another process took the home over in between, the file
 * moved is its live lock: it is put back, and the next attempt reports that holder.
 */
async function takeOver(path: string, stale: HomeHolder): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  if ((await readHolder(aside))?.nonce !== stale.nonce) await rename(aside, path).catch(() => undefined);
  else await rm(aside, { force: true });
}

/**
 * Creates a folder and its missing parents, one level at a time. Not `mkdir(…, { recursive: true })`:
 * on a path the kernel refuses without saying why (`/proc/x`: ENOENT although `/proc` exists), Node's
 * recursive mkdir retries forever; here the refusal is an error naming its code.
 */
export async function createFolder(path: string): Promise<void> {
  const absolute = resolve(path);
  const missing: string[] = [];
  for (let at = absolute; ; at = dirname(at)) {
    const info = await stat(at).catch((error: unknown) => {
      if (code(error) !== 'ENOENT') throw error;
      return undefined;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    await mkdir(folder).catch((error: unknown) => {
      if (code(error) !== 'EEXIST') throw error; // created meanwhile by someone else: fine
    });
  }
}

/** Each zone of the home can be created and written: a probe file is written and removed. */
async function checkZones(home: string, zones: readonly string[]): Promise<void> {
  for (const zone of zones) {
    const probe = join(zone, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(zone, { recursive: true });
      await writeFile(probe, '');
      await rm(probe);
    } catch (error) {
      await rm(join(home, HOME_LOCK_FILE), { force: true });
      throw new HomeNotUsableError(home, `${zone} cannot be written (${code(error)})`);
    }
  }
}
