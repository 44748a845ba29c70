import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasets, type DatasetContract, type RunManifest, type RunManifestFile } from '@lakehouse/contracts';
import { validateFile, type FileReport, type RejectedRow } from '@lakehouse/validation';
import type { ExecutedRun } from '../src/run-summary';
import type { GeneratedCsv } from '@lakehouse/testing';
import { manifestFile, readRejected, RUN_START } from './helpers';

/** What libs/validation says about one file. */
export interface JsVerdicts {
  readonly report: FileReport;
  /** `_row` → the row's rejected record (absent: accepted). */
  readonly rejected: ReadonlyMap<number, RejectedRow>;
  /** Rows the validator passed to the accepted sink (before any discard). */
  readonly accepted: number;
}

export async function validateWithJs(
  home: string,
  file: RunManifestFile,
  contract: DatasetContract,
  runStart: Date,
): Promise<JsVerdicts> {
  let rejected = new Map<number, RejectedRow>();
  let accepted = 0;
  const report = await validateFile(
    () => createReadStream(join(home, file.key)),
    contract,
    { key: file.key, runStart },
    {
      accepted: () => void (accepted += 1),
      rejected: (row) => void rejected.set(row._row, row),
      discard: () => {
        rejected = new Map();
        accepted = 0;
      },
    },
  );
  return { report, rejected, accepted };
}

/** Steps 2 and 3 are the engine's alone; the validator gives steps 1 and 4. */
const stepOneAndFour = (codes: readonly string[]) =>
  codes.filter((c) => !c.startsWith('FK:') && c !== 'DUPLICATE');

/** The validator's verdicts on every file of a manifest, by key. */
export type JsVerdictsByKey = ReadonlyMap<string, JsVerdicts>;

export async function validateManifest(home: string, manifest: RunManifest): Promise<JsVerdictsByKey> {
  const out = new Map<string, JsVerdicts>();
  const runStart = new Date(manifest.runStart);
  for (const [name, files] of Object.entries(manifest.datasets)) {
    for (const file of files)
      out.set(file.key, await validateWithJs(home, file, datasets.get(name), runStart));
  }
  return out;
}

/**
 * Compares an engine run with the validator's verdicts on the same files, row by row: per-file
 * status, rows in and whole-file code; each row's codes (minus FK/DUPLICATE) and rejected cells.
 */
export async function differencesFrom(
  home: string,
  manifest: RunManifest,
  summary: ExecutedRun,
  js: JsVerdictsByKey,
): Promise<string[]> {
  const diffs: string[] = [];
  for (const [name, files] of Object.entries(manifest.datasets)) {
    const engineRejected = await readRejected(home, name, manifest.runId);
    for (const file of files) {
      const theirs = js.get(file.key)!;
      const engineFile = summary.datasets[name].files.find((f) => f.key === file.key)!;
      if (
        engineFile.status !== theirs.report.status ||
        engineFile.rowsIn !== theirs.report.rowsIn ||
        engineFile.error?.code !== theirs.report.error?.code
      ) {
        diffs.push(
          `${file.key}: engine ${engineFile.status}/${engineFile.rowsIn} rows/${engineFile.error?.code}, validator ${theirs.report.status}/${theirs.report.rowsIn}/${theirs.report.error?.code}`,
        );
        continue;
      }
      const engineRows = new Map(
        engineRejected.filter((r) => r._source_file === file.key).map((r) => [Number(r._row), r]),
      );
      for (let row = 1; row <= theirs.report.rowsIn; row++) {
        const mine = engineRows.get(row);
        const other = theirs.rejected.get(row);
        const a = stepOneAndFour((mine?._reasons as string[] | undefined) ?? []);
        const b = other?._reasons ?? [];
        if (JSON.stringify(a) !== JSON.stringify(b))
          diffs.push(`${file.key} row ${row}: engine ${JSON.stringify(a)}, validator ${JSON.stringify(b)}`);
        if (mine && other) {
          const { _source_file: _s, _row: _r, _reasons: _c, ...cells } = mine;
          if (JSON.stringify(cells) !== JSON.stringify(other.cells)) {
            diffs.push(
              `${file.key} row ${row}: cells ${JSON.stringify(cells)} vs ${JSON.stringify(other.cells)}`,
            );
          }
        }
      }
    }
  }
  return diffs;
}

/** Writes generated files under `<home>/raw/<dataset>/` and returns their run manifest. */
export async function writeManifest(
  home: string,
  files: Record<string, readonly (GeneratedCsv | { name: string; content: Buffer })[]>,
  runId: string,
  runStart = RUN_START,
): Promise<RunManifest> {
  const out: Record<string, RunManifestFile[]> = {};
  for (const [dataset, list] of Object.entries(files)) {
    await mkdir(join(home, 'raw', dataset), { recursive: true });
    out[dataset] = [];
    for (const [i, f] of list.entries()) {
      const name = 'name' in f ? f.name : `${dataset}-${String(i + 1).padStart(4, '0')}.csv`;
      const key = `raw/${dataset}/${name}`;
      const content = 'content' in f ? f.content : f.text;
      await writeFile(join(home, key), content);
      out[dataset].push(manifestFile(key, content, i + 1));
    }
  }
  return { runId, runStart: runStart.toISOString(), datasets: out };
}
