import { recordingLogger } from '@lakehouse/testing';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { ENTRY_REFUSED } from '@lakehouse/contracts';
import { PRODUCTS, readRejected, readTable, tempDir } from '../test/fixtures';
import { runLocalPipeline } from './local-run';

/**
 * A property over file names: files whose names and folders are drawn from the whole printable
 * Unicode range, glob characters, quotes, spaces and newlines, under `raw/products/`, run through
 * the pipeline. Every file is accounted for (loaded, or refused with ENTRY_REFUSED as the arrival
 * policy says), rows are conserved per file and per run, and each file's rows are its own: every
 * row names the file it was written in, and is found, accepted or rejected, under that file only.
 *
 * Each property run is a pipeline run; LAKEHOUSE_NAME_RUNS=<n> runs n of them (and
 * LAKEHOUSE_NAME_SEED=<n> another seed), e.g. `LAKEHOUSE_NAME_RUNS=100 npx nx test pipeline
 * --testPathPattern=unicode-names`.
 */
const RUNS = Number(process.env.LAKEHOUSE_NAME_RUNS ?? 4);
const SEED = Number(process.env.LAKEHOUSE_NAME_SEED ?? 20250611);

const { logger } = recordingLogger();
const runStart = new Date('2024-02-01T00:00:00Z');

/** Characters a path or a pattern engine may read as syntax. */
const SYNTAX = [
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  ',',
  "'",
  '"',
  ' ',
  '\\',
  '=',
  '%',
  '$',
  '`',
  '!',
  '#',
  '~',
  '.',
  '-',
  '|',
];

/** A character of a name: any printable grapheme, often syntax, rarely a newline or a tab. */
const characterArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\t', '\u0085', '\u00a0', '\u3000', '\u200b') },
);

/** A name segment Linux can hold (no `/`, no NUL, at most 255 bytes with `.csv`). */
const segmentArb = fc
  .string({ unit: characterArb, minLength: 1, maxLength: 10 })
  .filter((s) => !s.includes('/') && !s.includes('\u0000') && Buffer.byteLength(s) <= 240);

/** A file under `raw/products/`: up to two folders (never named like a file), then `<name>.csv`. */
const pathArb = fc
  .tuple(
    fc.array(
      segmentArb.map((s) => `${s}_d`),
      { maxLength: 2 },
    ),
    segmentArb,
  )
  .map(([folders, name]) => [...folders, `${name}.csv`].join('/'));

/** What the arrival policy refuses, said independently: control characters, `..`, hidden segments, length. */
const refused = (path: string) => {
  const key = `raw/products/${path}`;
  return (
    [...path].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f') ||
    key.includes('..') ||
    path.split('/').some((s) => s.startsWith('.')) ||
    Buffer.byteLength(key) > 1024
  );
};

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The rows of file `index`: product ids of its own, its path in every row, row 2 a TYPE defect (under the quarantine ratio). */
function fileRows(index: number, path: string, rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => {
    const id = index * 1000 + i + 1;
    return `${id},${i === 1 ? 'x' : '4'},produce,${csvCell(`<${path}>`)}`;
  });
}

const runArb = fc.uniqueArray(fc.record({ path: pathArb, rows: fc.integer({ min: 12, max: 16 }) }), {
  minLength: 1,
  maxLength: 30,
  selector: (f) => f.path.normalize('NFC'),
});

describe('file names from the whole printable Unicode range', () => {
  it('every file is accounted for, rows are conserved, and each file keeps its own rows', async () => {
    let run = 0;
    const seen = { refused: 0, nested: 0, syntax: 0, astral: 0 };
    await fc.assert(
      fc.asyncProperty(runArb, async (files) => {
        const raw = await tempDir('names-raw');
        const home = await tempDir('names-home');
        try {
          for (const [i, f] of files.entries()) {
            const path = join(raw, 'products', f.path);
            await mkdir(dirname(path), { recursive: true });
            await writeFile(path, [PRODUCTS, ...fileRows(i + 1, f.path, f.rows)].join('\n') + '\n');
          }
          const { summary } = await runLocalPipeline({
            logger,
            raw,
            home,
            runStart,
            pipeline: `names-${++run}`,
          });
          const reported = new Map(summary.datasets.products.files.map((f) => [f.key, f]));
          const loaded = files.filter((f) => !refused(f.path));
          seen.refused += files.length - loaded.length;
          seen.nested += loaded.filter((f) => f.path.includes('/')).length;
          seen.syntax += loaded.filter((f) => SYNTAX.some((c) => c !== '.' && f.path.includes(c))).length;
          seen.astral += loaded.filter((f) => /[\u{10000}-\u{10ffff}]/u.test(f.path)).length;

          // Every file is loaded, or reported refused (itself or a hidden folder above it).
          for (const f of files) {
            const key = `raw/products/${f.path}`;
            if (refused(f.path)) {
              const entry = [...reported.values()].find(
                (r) => r.key === key || (r.key.endsWith('/') && key.startsWith(r.key)),
              );
              expect([key, entry?.status, entry?.error?.code]).toEqual([key, 'REJECTED', ENTRY_REFUSED]);
            } else {
              const entry = reported.get(key);
              expect([key, entry?.status, entry?.rowsIn, entry?.accepted, entry?.rejected]).toEqual([
                key,
                'PROCESSED',
                f.rows,
                f.rows - 1,
                1,
              ]);
            }
          }
          // Per run: what went in is what was accepted plus what was rejected.
          const all = summary.datasets.products.files;
          const sum = (pick: (f: (typeof all)[number]) => number) => all.reduce((n, f) => n + pick(f), 0);
          expect(sum((f) => f.rowsIn)).toBe(loaded.reduce((n, f) => n + f.rows, 0));
          expect(sum((f) => f.accepted) + sum((f) => f.rejected)).toBe(sum((f) => f.rowsIn));

          // Each row is under its own file: the table's rows and the rejected rows name their file.
          const indexOf = new Map(files.map((f, i) => [i + 1, f.path]));
          const table = loaded.length > 0 ? await readTable(home, 'products', 'product_id') : [];
          expect(table).toHaveLength(loaded.reduce((n, f) => n + f.rows - 1, 0));
          for (const row of table) {
            const path = indexOf.get(Math.floor((Number(row.product_id) - 1) / 1000));
            expect([row.product_id, row.product_name]).toEqual([row.product_id, `<${path}>`]);
          }
          const rejected = await readRejected(home, 'products');
          expect(rejected).toHaveLength(loaded.length);
          for (const r of rejected) {
            const path = indexOf.get(Math.floor((Number(r.product_id) - 1) / 1000))!;
            expect([r._source_file, r._row, r.product_name, r._reasons]).toEqual([
              `raw/products/${path}`,
              2,
              `<${path}>`,
              ['TYPE:department_id'],
            ]);
          }
        } finally {
          await rm(raw, { recursive: true, force: true });
          await rm(home, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The runs loaded names with syntax, astral characters and folders, and refused some.
    for (const [what, count] of Object.entries(seen)) expect([what, count > 0]).toEqual([what, true]);
  }, 600_000);
});
