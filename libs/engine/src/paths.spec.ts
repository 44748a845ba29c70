import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasets } from '@lakehouse/contracts';
import { executeRun } from './duckdb-executor';
import { openDuckDb } from './duckdb-session';
import { PathLinks } from './path-links';
import { relationNames } from './relations';
import { DUCKDB_MIN_BYTES, stageDataset, type ManifestFile } from './stage';
import { csv, HEADERS, readTable, stageFiles, tempHome } from '../test/helpers';

/**
 * Names a glob would read as another file: each sits next to the files its pattern matches
 * (`[ab].csv` next to `a.csv` and `b.csv`), and `\` is a folder separator to DuckDB's glob.
 */
const TRICKY_NAMES = [
  '[ab].csv',
  'a.csv',
  'b.csv',
  '*.csv',
  '?.csv',
  'x.csv',
  '{a,b}.csv',
  "it's.csv",
  '"quoted".csv',
  'two  spaces.csv',
  'new\nline.csv',
  'crème brûlée 🍮.csv',
  'back\\slash[1].csv',
  'date=2024-01-01.csv',
  '[!a]*?.csv',
];

/** A home whose path holds every character DuckDB reads as a pattern, and a few more. */
const trickyHome = async () => {
  const home = join(await tempHome(), `home [1] *?{a,b} 'q' "d" é\n=x\\y`);
  await mkdir(home, { recursive: true });
  return home;
};

/** Rows large enough (over DUCKDB_MIN_BYTES) that auto staging reads the file with DuckDB. */
function productsOf(file: number, rows: number, big: boolean): string {
  const pad = big ? 'p'.repeat(Math.ceil(DUCKDB_MIN_BYTES / rows)) : '';
  return csv(
    HEADERS.products,
    ...Array.from({ length: rows }, (_, i) => `${file * 1000 + i + 1},${file + 1},dept,${file}-${i}${pad}`),
  );
}

const contents = (big: boolean) => TRICKY_NAMES.map((name, i) => [name, productsOf(i, 20, big)] as const);

async function writeFiles(home: string, big: boolean): Promise<ManifestFile[]> {
  const folder = join(home, 'raw', 'products');
  await mkdir(folder, { recursive: true });
  const files: ManifestFile[] = [];
  for (const [i, name] of TRICKY_NAMES.entries()) {
    const path = join(folder, name);
    await writeFile(path, productsOf(i, 20, big));
    files.push({ key: `raw/products/${name}`, path });
  }
  return files;
}

/** Every file's rows are its own: product ids `<file>001…` named `<file>-<row>`. */
function expectOwnRows(rows: readonly Record<string, unknown>[], count: number) {
  expect(rows).toHaveLength(count * 20);
  for (const r of rows) {
    const id = Number(r.product_id);
    const file = Math.floor((id - 1) / 1000);
    expect(String(r.product_name).startsWith(`${file}-${(id - 1) % 1000}`)).toBe(true);
    expect(Number(r.department_id)).toBe(file + 1);
  }
}

describe('a path is never a pattern', () => {
  it.each(['duckdb', 'reader'] as const)(
    'staging (%s) reads each file under its own name, whatever it holds',
    async (mode) => {
      const home = await trickyHome();
      const files = await writeFiles(home, true);
      const session = await openDuckDb({ tempDirectory: join(home, '.tmp') });
      const links = await PathLinks.create();
      try {
        const staged = await stageDataset(session.connection, datasets.get('products'), files, { mode, links });
        expect(staged.map((s) => s.via)).toEqual(files.map(() => (mode === 'reader' ? 'reader' : 'duckdb')));
        const rows = (
          await session.connection.runAndReadAll(
            `SELECT _file_seq, product_id, department_id, product_name FROM ${relationNames('products').raw}`,
          )
        ).getRowObjectsJS();
        expectOwnRows(rows, files.length);
        for (const r of rows) expect(Number(r.department_id)).toBe(Number(r._file_seq));
      } finally {
        session.close();
        await links.close();
      }
    },
  );

  it.each([true, false])(
    'a run in a home whose path holds glob characters loads every file as itself, run after run (large files: %s)',
    async (big) => {
      const home = await trickyHome();
      const manifest = await stageFiles(home, { products: contents(big) }, 'first');
      const files = manifest.datasets.products!;
      const first = await executeRun({ home, manifest });
      expect(first.datasets.products.files).toEqual(
        files.map((f) =>
          expect.objectContaining({ key: f.key, status: 'PROCESSED', rowsIn: 20, accepted: 20 }),
        ),
      );
      expectOwnRows(await readTable(home, 'products', 'product_id'), files.length);

      // The second run reads the published table back (deduplication against it): the same rows
      // again are upserts that change nothing.
      const again = await executeRun({ home, manifest: { ...manifest, runId: 'again' } });
      expect(again.datasets.products).toMatchObject({ rowsIn: 300, accepted: 300, rejected: 0 });
      expectOwnRows(await readTable(home, 'products', 'product_id'), files.length);

      // Orders and items publish partitioned tables and the curated zone in the same home.
      const third = await executeRun({
        home,
        manifest: await stageFiles(
          home,
          {
            orders: [['[o].csv', csv(HEADERS.orders, '1,10,7,2024-01-15 10:00:00,12.5,2024-01-15')]],
            order_items: [
              ['*.csv', csv(HEADERS.order_items, '1,10,7,,1,1,0,2024-01-15 10:00:00,2024-01-15')],
            ],
          },
          'third',
        ),
      });
      expect(third.datasets.order_items).toMatchObject({ accepted: 1, rejected: 0 }); // its FK found the order
      expect(await readTable(home, 'daily_sales', 'date')).toEqual([
        expect.objectContaining({ orders: '1', items: '1', revenue: 12.5 }), // BIGINT as JSON text
      ]);
    },
  );
});
