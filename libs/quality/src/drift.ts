import type { SchemaDriftRecord } from '@lakehouse/contracts';

/**
 * How much schema drift small records keep: the run history in the state store (an item has a
 * size limit) and the one-line warnings. A header can be megabytes wide, with any number of extra
 * columns of any length; the quality report keeps every name, these keep a bounded sample and the
 * counts.
 */
export const DRIFT_LIMITS = { files: 20, namesPerFile: 10, nameLength: 64 } as const;

/** A name cut to `max` characters, saying how many were left out. */
export function shortName(name: string, max: number = DRIFT_LIMITS.nameLength): string {
  return name.length <= max ? name : `${name.slice(0, max)}…(+${name.length - max} chars)`;
}

/** `a, b, c and 97 more`: at most `limit` names, each shortened. */
export function nameList(names: readonly string[], limit: number = DRIFT_LIMITS.namesPerFile): string {
  const shown = names.slice(0, limit).map((n) => shortName(n));
  return names.length > limit ? `${shown.join(', ')} and ${names.length - limit} more` : shown.join(', ');
}

/** The drift of a run, bounded: the totals, and the first files with their first names, shortened. */
export interface DriftSummary {
  /** Files with drift. */
  readonly files: number;
  /** Extra header columns over all files. */
  readonly extraColumns: number;
  /** Optional contract columns missing over all files. */
  readonly missingOptionalColumns: number;
  /** The first DRIFT_LIMITS.files files, each with its first names and its own counts. */
  readonly examples: readonly (SchemaDriftRecord & {
    readonly extraColumnCount: number;
    readonly missingOptionalColumnCount: number;
  })[];
}

export function summariseDrift(drift: readonly SchemaDriftRecord[]): DriftSummary {
  const sum = (f: (d: SchemaDriftRecord) => number) => drift.reduce((n, d) => n + f(d), 0);
  const names = (list: readonly string[]) =>
    list.slice(0, DRIFT_LIMITS.namesPerFile).map((n) => shortName(n));
  return {
    files: drift.length,
    extraColumns: sum((d) => d.extraColumns.length),
    missingOptionalColumns: sum((d) => d.missingOptionalColumns.length),
    examples: drift.slice(0, DRIFT_LIMITS.files).map((d) => ({
      file: d.file,
      extraColumns: names(d.extraColumns),
      extraColumnCount: d.extraColumns.length,
      missingOptionalColumns: names(d.missingOptionalColumns),
      missingOptionalColumnCount: d.missingOptionalColumns.length,
    })),
  };
}
