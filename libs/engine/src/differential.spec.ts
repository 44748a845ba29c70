import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { datasets, type DatasetContract } from '@lakehouse/contracts';
import { generateSampleData } from '@lakehouse/sample-data';
import { validateFile, type FileReport, type RejectedRow } from '@lakehouse/validation';
import type { RunManifest, RunManifestFile } from '@lakehouse/contracts';
import { executeRun } from './duckdb-executor';
import type { ExecutedRun } from './run-summary';
import type { StagingMode } from './stage';
import { csvFileArb, type GeneratedCsv } from '@lakehouse/testing';
import { manifestFile, readRejected, RUN_START, tempHome } from '../test/helpers';

interface JsVerdicts {
  readonly report: FileReport;
  /** `_row` → the row's rejected record (absent: accepted). */
  readonly rejected: ReadonlyMap<number, RejectedRow>;
}

async function validateWithJs(
  home: string,
  file: RunManifestFile,
  contract: DatasetContract,
  runStart: Date,
): Promise<JsVerdicts> {
  let rejected = new Map<number, RejectedRow>();
  const report = await validateFile(
    () => createReadStream(join(home, file.key)),
    contract,
    { key: file.key, runStart },
    {
      accepted: () => undefined,
      rejected: (row) => void rejected.set(row._row, row),
      discard: () => {
        rejected = new Map();
      },
    },
  );
  return { report, rejected };
}

/** Steps 2 and 3 are the engine's alone; the validator gives steps 1 and 4. */
const stepOneAndFour = (codes: readonly string[]) =>
  codes.filter((c) => !c.startsWith('FK:') && c !== 'DUPLICATE');

/**
 * Runs the engine once over every file and the validator over each file, and returns the
 * differences, row by row: codes (minus FK/DUPLICATE), rejected cells, and per-file status/rows.
 */
async function differences(
  home: string,
  manifest: RunManifest,
  staging: StagingMode = 'auto',
): Promise<{ diffs: string[]; summary: ExecutedRun }> {
  const summary = await executeRun({ home, manifest, staging });
  const runId = manifest.runId;
  const runStart = new Date(manifest.runStart);
  const diffs: string[] = [];
  for (const [name, files] of Object.entries(manifest.datasets)) {
    const contract = datasets.get(name);
    const engineRejected = await readRejected(home, name, runId);
    for (const file of files) {
      const js = await validateWithJs(home, file, contract, runStart);
      const engineFile = summary.datasets[name].files.find((f) => f.key === file.key)!;
      if (engineFile.status !== js.report.status || engineFile.rowsIn !== js.report.rowsIn) {
        diffs.push(
          `${file.key}: engine ${engineFile.status}/${engineFile.rowsIn} rows, validator ${js.report.status}/${js.report.rowsIn}`,
        );
        continue;
      }
      const engineRows = new Map(
        engineRejected.filter((r) => r._source_file === file.key).map((r) => [Number(r._row), r]),
      );
      for (let row = 1; row <= js.report.rowsIn; row++) {
        const mine = engineRows.get(row);
        const theirs = js.rejected.get(row);
        const a = stepOneAndFour((mine?._reasons as string[] | undefined) ?? []);
        const b = theirs?._reasons ?? [];
        if (JSON.stringify(a) !== JSON.stringify(b))
          diffs.push(`${file.key} row ${row}: engine ${JSON.stringify(a)}, validator ${JSON.stringify(b)}`);
        if (mine && theirs) {
          const { _source_file: _s, _row: _r, _reasons: _c, ...cells } = mine;
          if (JSON.stringify(cells) !== JSON.stringify(theirs.cells)) {
            diffs.push(
              `${file.key} row ${row}: cells ${JSON.stringify(cells)} vs ${JSON.stringify(theirs.cells)}`,
            );
          }
        }
      }
    }
  }
  return { diffs, summary };
}

async function writeManifest(
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

const filesOf = (name: string) => {
  const contract = datasets.get(name);
  return fc.array(fc.oneof(csvFileArb(contract), csvFileArb(contract, { plain: true })), {
    minLength: 1,
    maxLength: 6,
  });
};

describe('differential: the engine and libs/validation give the same step-1 and step-4 verdicts, row by row', () => {
  it('on generated files with defects (fast-check)', async () => {
    const filesArb = fc.record({
      staging: fc.constantFrom<StagingMode>('reader', 'duckdb'),
      products: filesOf('products'),
      orders: filesOf('orders'),
      order_items: filesOf('order_items'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(filesArb, async ({ staging, ...files }) => {
        const home = await tempHome();
        try {
          const { diffs } = await differences(
            home,
            await writeManifest(home, files, `diff-${++run}`),
            staging,
          );
          if (diffs.length > 0) {
            const notes = Object.values(files).flatMap((list) => list.map((f) => f.note));
            throw new Error(
              `${diffs.slice(0, 10).join('\n')}\nstaging: ${staging}, files: ${notes.join('; ')}`,
            );
          }
        } finally {
          await rm(home, { recursive: true, force: true });
        }
      }),
      { numRuns: 12, seed: 20241121 },
    );
  }, 300_000);

  it('on the sample-data generator, whose manifest also lists the exact FK and DUPLICATE verdicts', async () => {
    const sample = generateSampleData({
      orders: 300,
      defectRate: 0.1,
      files: 2,
      fileDefects: true,
      crlf: true,
      bom: true,
    });
    const home = await tempHome();
    const manifest = await writeManifest(home, sample.files, 'sample', new Date(sample.options.nowMs));
    const { diffs, summary } = await differences(home, manifest);
    expect(diffs).toEqual([]);

    // Every row the manifest lists is rejected with exactly its codes, and no other row is.
    const expected = new Map<string, readonly string[]>();
    for (const d of sample.defects) if (d.scope === 'row') expected.set(`raw/${d.file}#${d.row}`, d.codes);
    const actual = new Map<string, readonly string[]>();
    for (const name of Object.keys(manifest.datasets)) {
      for (const r of await readRejected(home, name, 'sample'))
        actual.set(`${String(r._source_file)}#${String(r._row)}`, r._reasons as string[]);
    }
    expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
    const fileDefects = sample.defects.filter((d) => d.scope === 'file');
    for (const d of fileDefects) {
      const file = summary.datasets[d.dataset].files.find((f) => f.key === `raw/${d.file}`)!;
      expect([d.file, file.status]).toEqual([
        d.file,
        {
          MALFORMED_FILE: 'REJECTED',
          MISSING_COLUMN: 'REJECTED',
          EMPTY: 'EMPTY',
          FILE_QUARANTINED: 'QUARANTINED',
        }[d.codes[0].split(':')[0]],
      ]);
    }
  }, 60_000);
});
