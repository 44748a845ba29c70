/**
 * A lock file that installs on every machine lists, for each package with optional dependencies,
 * an entry for every one of them — including the native bindings of other platforms (DuckDB, swc,
 * the resolver). npm keeps the omissions of a lock written on one platform through later installs,
 * and `npm ci` on another platform then refuses the lock or installs without the binding.
 */

/** The parts of an npm lock file (lockfileVersion 2 or 3) this check reads. */
export interface NpmLockFile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, { readonly optionalDependencies?: Record<string, string> }>>;
}

export interface MissingOptionalEntry {
  /** The lock entry that declares the optional dependency, e.g. `node_modules/@swc/core`. */
  readonly dependent: string;
  /** The optional dependency with no entry the dependent could resolve, e.g. `@swc/core-darwin-arm64`. */
  readonly optional: string;
}

const NODE_MODULES = 'node_modules/';

/** The lock entry Node's resolution would find for `name` required from the package at `from`. */
function resolveEntry(lock: NpmLockFile, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? NODE_MODULES + name : `${dir}/${NODE_MODULES}${name}`;
    if (lock.packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf(`/${NODE_MODULES}`);
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

/** Every optional dependency declared in the lock that has no resolvable entry, sorted. */
export function missingOptionalEntries(lock: NpmLockFile): MissingOptionalEntry[] {
  if (lock.lockfileVersion < 2) throw new Error(`lockfileVersion ${lock.lockfileVersion}: need 2 or 3`);
  const missing: MissingOptionalEntry[] = [];
  for (const [dependent, entry] of Object.entries(lock.packages)) {
    for (const optional of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveEntry(lock, dependent, optional)) missing.push({ dependent, optional });
    }
  }
  return missing.sort((a, b) => `${a.dependent} ${a.optional}`.localeCompare(`${b.dependent} ${b.optional}`));
}
