import { executeRun } from './duckdb-executor';
import { DUCKDB_MIN_BYTES } from './stage';
import { csv, HEADERS, readRejected, readTable, stageFiles, tempHome } from '../test/helpers';

/**
 * A file name is data: DuckDB reads a path as a glob pattern (`read_csv('/d/[1].csv')` reads
 * `/d/1.csv`), so staging must hand it a path it chose. Each file below holds its own product
 * ids and one defective row; every file is large enough for DuckDB's path except the last two,
 * which the reader takes.
 */
const NAMES = [
  '1.csv',
  '[1].csv',
  'a*.csv',
  '?.csv',
  '{a,b}.csv',
  `it's "quoted".csv`,
  'with space.csv',
  'ünïcødé ☃.csv',
  'small [1].csv',
  'small ?.csv',
];

const ROWS = Math.ceil(DUCKDB_MIN_BYTES / 20);

function productsFile(index: number, rows: number): string {
  const first = index * 100_000 + 1;
  const lines = Array.from({ length: rows }, (_, i) => `${first + i},4,produce,Product ${first + i}`);
  lines[1] = `${first + 1},x,produce,Bad department id`; // TYPE:department_id on row 2
  return csv(HEADERS.products, ...lines);
}

describe('file names are data, never patterns', () => {
  it('stages every file under its own name, whatever characters the name holds', async () => {
    const home = await tempHome();
    const files = NAMES.map(
      (name, i) => [name, productsFile(i, name.startsWith('small') ? 20 : ROWS)] as const,
    );
    expect(Buffer.byteLength(files[0][1])).toBeGreaterThan(DUCKDB_MIN_BYTES);
    const manifest = await stageFiles(home, { products: files }, 'names');
    const summary = await executeRun({ home, manifest });

    const rows = (name: string) => (name.startsWith('small') ? 20 : ROWS);
    expect(summary.datasets.products.files).toEqual(
      NAMES.map((name) => ({
        key: `raw/products/${name}`,
        status: 'PROCESSED',
        rowsIn: rows(name),
        accepted: rows(name) - 1,
        rejected: 1,
      })),
    );
    const rejected = await readRejected(home, 'products', 'names');
    expect(rejected.map((r) => [r._source_file, r._row, r.product_id])).toEqual(
      NAMES.map((name, i) => [`raw/products/${name}`, 2, String(i * 100_000 + 2)]),
    );
    const table = await readTable(home, 'products', 'product_id');
    const ids = new Set(table.map((r) => Number(r.product_id)));
    expect(ids.size).toBe(NAMES.reduce((n, name) => n + rows(name) - 1, 0));
    for (const [i, name] of NAMES.entries()) {
      const first = i * 100_000 + 1;
      expect([name, ids.has(first), ids.has(first + rows(name) - 1)]).toEqual([name, true, true]);
    }
  }, 120_000);
});
