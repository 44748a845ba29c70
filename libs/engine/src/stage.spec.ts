import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { datasets } from '@lakehouse/contracts';
import { openDuckDb, type DuckDbSession } from './duckdb-session';
import { relationNames } from './relations';
import { scanSimpleCsv } from './simple-csv';
import { stageDataset, type ManifestFile, type StagingMode } from './stage';
import { csvFileArb } from '@lakehouse/testing';
import { tempHome } from '../test/helpers';

async function stageWith(mode: StagingMode, dataset: string, files: ManifestFile[], tmp: string) {
  const session: DuckDbSession = await openDuckDb({ tempDirectory: join(tmp, `.tmp-${mode}`) });
  try {
    const staged = await stageDataset(session.connection, datasets.get(dataset), files, mode);
    const rows = (
      await session.connection.runAndReadAll(
        `SELECT * FROM ${relationNames(dataset).raw} ORDER BY _file_seq, _row`,
      )
    ).getRowObjectsJson();
    return { staged, rows };
  } finally {
    session.close();
  }
}

describe('staging: DuckDB reads a simple file exactly as openCsv does', () => {
  it.each(['products', 'orders', 'order_items'])(
    '%s: generated files staged both ways are identical',
    async (dataset) => {
      const home = await tempHome();
      await mkdir(join(home, 'raw'), { recursive: true });
      const contract = datasets.get(dataset);
      const generated = fc.sample(fc.oneof(csvFileArb(contract), csvFileArb(contract, { plain: true })), {
        numRuns: 40,
        seed: dataset.length,
      });
      const files: ManifestFile[] = [];
      for (const [i, g] of generated.entries()) {
        const path = join(home, 'raw', `${dataset}-${i}.csv`);
        await writeFile(path, g.text);
        files.push({ key: `raw/${dataset}-${i}.csv`, path });
      }
      const auto = await stageWith('duckdb-when-simple', dataset, files, home);
      const reader = await stageWith('reader', dataset, files, home);
      // `_cells` is compared as JSON values: DuckDB's to_json and JSON.stringify may escape differently.
      const parsed = (rows: Record<string, unknown>[]) =>
        rows.map((r) => ({ ...r, _cells: r._cells === null ? null : JSON.parse(String(r._cells)) }));
      expect(parsed(auto.rows)).toEqual(parsed(reader.rows));
      expect(auto.staged.map(({ via: _v, ...s }) => s)).toEqual(reader.staged.map(({ via: _v, ...s }) => s));
      // Both paths are exercised.
      const viaDuckDb = auto.staged.filter((s) => s.via === 'duckdb').length;
      expect(viaDuckDb).toBeGreaterThan(5);
      expect(viaDuckDb).toBeLessThan(files.length);
    },
    30_000,
  );
});

describe('scanSimpleCsv', () => {
  const scan = async (text: string | Buffer) => {
    const home = await tempHome();
    const path = join(home, 'f.csv');
    await writeFile(path, text);
    return scanSimpleCsv(path);
  };

  it.each([
    ['LF', 'a,b\n1,2\n3,4\n'],
    ['CRLF, a BOM, a decorated header, no final newline', '\ufeffa, B \r\n1,2\r\n3,'],
    ['empty lines (skipped by both readers)', 'a,b\n\n1,2\n\n'],
    ['header only', 'a,b\n'],
    ['multi-byte characters sharing bytes with the trim set', 'a,b\nCafé,€5\n™,x y\n’,x\u00a0y\n'],
  ])('accepts %s', async (_what, text) => {
    expect(await scan(text)).toBeDefined();
  });

  it.each([
    ['a quote', 'a,b\n1,"2"\n'],
    ['a lone CR', 'a,b\n1,2\r3,4\n'],
    ['a CR at the end', 'a,b\n1,2\r'],
    ['one column', 'a\n1\n'],
    ['a blank first line', '\na,b\n1,2\n'],
    ['no newline at all', 'a,b'],
    ['invalid UTF-8', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x2c, 0x31, 0x0a])],
    ['a NUL', 'a,b\n1,\u0000\n'],
    ['a cell with a leading space', 'a,b\n 1,2\n'],
    ['a cell with a trailing space', 'a,b\n1 ,2\n'],
    ['a last cell with a trailing space', 'a,b\n1,2 \r\n'],
    ['a tab anywhere', 'a,b\n1,2\tx\n'],
    ['a cell ending with U+00A0', 'a,b\n1\u00a0,2\n'],
    ['a cell starting with U+3000', 'a,b\n1,\u30002'],
    ['a file ending with U+FEFF', 'a,b\n1,2\ufeff'],
    ['a file ending with a space', 'a,b\n1,2 '],
  ])('refuses %s', async (_what, text) => {
    expect(await scan(text)).toBeUndefined();
  });
});
