import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What DuckDB reads into a path given to read_csv or read_parquet: `*`, `?` and `[…]` are glob
 * patterns (a list of paths is globbed too), `\` separates folders in its glob, and `name=value`
 * folders become Hive partition columns.
 */
const READ_AS_PATTERN = /[*?[\]\\=]/;

/**
 * File and folder names are data, never patterns: DuckDB is never given a path of the user's.
 * Each file or folder the engine reads is linked under a name the engine chooses (`orders-3`), in
 * a fresh folder under the system temp folder whose own path holds none of those characters; the
 * engine hands DuckDB the link. Writes (COPY … TO) take paths literally and need no link.
 *
 * The folder holds only links and is removed by `close`; a process killed mid-run leaves an empty
 * folder of dangling links behind in the temp folder, nothing more.
 */
export class PathLinks {
  private count = 0;

  private constructor(readonly folder: string) {}

  static async create(): Promise<PathLinks> {
    const folder = await mkdtemp(join(tmpdir(), 'lakehouse-links-'));
    if (READ_AS_PATTERN.test(folder)) {
      await rm(folder, { recursive: true, force: true });
      throw new Error(
        `the temp folder ${tmpdir()} holds a character DuckDB reads as a pattern (*, ?, [, ], \\ or =): set TMPDIR to a plain path`,
      );
    }
    return new PathLinks(folder);
  }

  /** A path DuckDB reads literally that leads to `target` (a file or a folder): `<folder>/<label>-<n>`. */
  async link(target: string, label: string): Promise<string> {
    if (!/^[a-z0-9_]+$/.test(label))
      throw new Error(`a link label is lower-case letters, digits and _: ${label}`);
    const path = join(this.folder, `${label}-${++this.count}`);
    await symlink(resolve(target), path);
    return path;
  }

  async close(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }
}
