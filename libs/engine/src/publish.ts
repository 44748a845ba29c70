import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ifMissing } from '@lakehouse/contracts';

/**
 * Atomic table versions on a local file system.
 *
 * `<home>/lakehouse/<table>` is a symbolic link to one complete version folder under
 * `<home>/.versions/<table>/<version>/` (Parquet files in Hive partition folders). A new
 * version is written in full into a fresh folder, then published by pointing a new link at it
 * and rename(2)-ing that link over `lakehouse/<table>` — an atomic replacement on POSIX: a
 * reader resolving the path sees the old version or the new one, never a mix, and a crash at
 * any point leaves the previous version in place. The old folder is deleted afterwards;
 * leftovers of a crash (an unpublished version, a temporary link) are removed by `recover` at
 * the start of the next run. The versions live outside `lakehouse/`, so a reader globbing
 * `lakehouse/**` sees exactly one version of each table. Links are relative, so the home
 * folder can be moved or copied as a whole. One writer at a time (the pipeline's run lease).
 */
export class TableStore {
  constructor(readonly home: string) {}

  /** The public path of a table: what readers open. */
  tablePath(table: string): string {
    return join(this.home, 'lakehouse', table);
  }

  private versionsOf(table: string): string {
    return join(this.home, '.versions', table);
  }

  /** The folder of the current version, or undefined when the table was never published. */
  async current(table: string): Promise<string | undefined> {
    const path = this.tablePath(table);
    const stat = await lstat(path).catch(ifMissing(() => undefined));
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) return resolve(dirname(path), await readlink(path));
    return stat.isDirectory() ? path : undefined;
  }

  /** A fresh folder path for a new version (not created: the writer creates it). */
  async newVersion(table: string, runId: string): Promise<string> {
    await mkdir(this.versionsOf(table), { recursive: true });
    const safe = runId.replace(/[^A-Za-z0-9._-]/g, '_');
    return join(this.versionsOf(table), `${safe}-${Date.now()}-${randomBytes(3).toString('hex')}`);
  }

  /** Makes `version` the current version of the table atomically, then deletes the previous one. */
  async publish(table: string, version: string): Promise<void> {
    const path = this.tablePath(table);
    await mkdir(dirname(path), { recursive: true });
    const previous = await this.current(table);
    if (previous === path) {
      // A plain folder (written by something else): move it aside once so the link can replace it.
      const adopted = await this.newVersion(table, 'adopted');
      await rename(path, adopted);
    }
    const link = join(dirname(path), `.${table}.publish-${randomBytes(4).toString('hex')}`);
    await symlink(relative(dirname(path), version), link, 'dir');
    await rename(link, path);
    const old = previous === path ? undefined : previous;
    if (old && resolve(old) !== resolve(version)) await rm(old, { recursive: true, force: true });
    await this.recover(table);
  }

  /** Removes what a crash may have left: versions other than the current one, temporary links. */
  async recover(table: string): Promise<void> {
    const current = await this.current(table);
    const versions = this.versionsOf(table);
    for (const entry of await readdir(versions).catch(ifMissing((): string[] => []))) {
      const folder = join(versions, entry);
      if (!current || resolve(folder) !== resolve(current))
        await rm(folder, { recursive: true, force: true });
    }
    const parent = dirname(this.tablePath(table));
    for (const entry of await readdir(parent).catch(ifMissing((): string[] => []))) {
      if (entry.startsWith(`.${table}.publish-`)) await rm(join(parent, entry), { force: true });
    }
  }
}
