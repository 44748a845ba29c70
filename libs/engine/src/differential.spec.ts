import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { datasets, type RunManifest } from '@lakehouse/contracts';
import { generateSampleData } from '@lakehouse/sample-data';
import { executeRun } from './duckdb-executor';
import type { ExecutedRun } from './run-summary';
import type { StagingMode } from './stage';
import { csvFileArb } from '@lakehouse/testing';
import { differencesFrom, validateManifest, writeManifest } from '../test/differential';
import { readRejected, tempHome } from '../test/helpers';

/** Runs the engine once over every file and compares it with the validator, row by row. */
async function differences(
  home: string,
  manifest: RunManifest,
  staging: StagingMode = 'auto',
): Promise<{ diffs: string[]; summary: ExecutedRun }> {
  const summary = await executeRun({ home, manifest, staging });
  const diffs = await differencesFrom(home, manifest, summary, await validateManifest(home, manifest));
  return { diffs, summary };
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
