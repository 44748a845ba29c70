import { FILE_OUTCOME } from '@lakehouse/contracts';

/** A file of a run summary, as far as the warnings need it. */
export interface FileOutcomeInput {
  readonly key: string;
  readonly status: string;
  readonly error?: { readonly message: string };
}

/**
 * One warning line per file that took no part in the load: REJECTED (malformed, a required column
 * missing, an entry the pipeline does not load) or QUARANTINED. Like a quality breach, an anomaly
 * or schema drift, such a file makes a run SUCCEEDED_WITH_WARNINGS: its rows were offered and are
 * not in the tables. The line is the file's own message, which names it and says why.
 */
export function fileOutcomeWarnings(
  datasets: Readonly<Record<string, { readonly files: readonly FileOutcomeInput[] }>>,
): string[] {
  const lines: string[] = [];
  for (const [name, d] of Object.entries(datasets)) {
    for (const f of d.files) {
      if (f.status !== FILE_OUTCOME.REJECTED && f.status !== FILE_OUTCOME.QUARANTINED) continue;
      lines.push(`${name}: ${f.status}: ${f.error?.message ?? f.key}`);
    }
  }
  return lines;
}
