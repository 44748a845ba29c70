import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { datasets, FILE_READ_STATUS } from '@lakehouse/contracts';
import { findHeader } from './csv-lines';
import { openDuckDb, type DuckDbSession } from './duckdb-session';
import { PathLinks } from './path-links';
import { originalCells } from './rejected-records';
import { relationNames } from './relations';
import { stageDataset, type ManifestFile, type StagingMode } from './stage';
import { csvFileArb } from '@lakehouse/testing';
import { tempHome } from '../test/helpers';

async function stageWith(mode: StagingMode, dataset: string, files: ManifestFile[], tmp: string) {
  const session: DuckDbSession = await openDuckDb({ tempDirectory: join(tmp, `.tmp-${mode}`) });
  const links = await PathLinks.create();
  try {
    const staged = await stageDataset(session.connection, datasets.get(dataset), files, { mode, links });
    const rows = (
      await session.connection.runAndReadAll(
        `SELECT * FROM ${relationNames(dataset).raw} ORDER BY _file_seq, _row`,
      )
    ).getRowObjectsJson();
    // The original cells as rejected/ writes them; `_cells` alone may be NULL on one path and
    // spelled out on the other, and `_canonical` is the DuckDB path's own hint.
    const headers = new Map(staged.map((f) => [f.seq, f.header ?? []]));
    const columns = datasets.get(dataset).columns.map((c) => c.name);
    const comparable = rows.map(({ _cells, _canonical: _c, ...row }) => ({
      ...row,
      original: originalCells(
        headers.get(Number(row._file_seq))!,
        Object.fromEntries(columns.map((c) => [c, row[c] as string | null])),
        _cells as string | null,
      ),
    }));
    return { staged, rows: comparable };
  } finally {
    session.close();
    await links.close();
  }
}

describe('staging: DuckDB reads a file exactly as openCsv does, or leaves it to openCsv', () => {
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
      const lines = await stageWith('duckdb', dataset, files, home);
      const reader = await stageWith('reader', dataset, files, home);
      expect(lines.rows).toEqual(reader.rows);
      expect(lines.staged.map(({ via: _v, ...s }) => s)).toEqual(reader.staged.map(({ via: _v, ...s }) => s));
      // Both paths are exercised.
      const viaDuckDb = lines.staged.filter((s) => s.via === 'duckdb').length;
      expect(viaDuckDb).toBeGreaterThan(files.length / 2);
      expect(viaDuckDb).toBeLessThan(files.length);
    },
    60_000,
  );

  /** One products file `f.csv` holding `text`, staged by DuckDB's line staging and by openCsv. */
  async function stageBothWays(text: string) {
    const home = await tempHome();
    const path = join(home, 'f.csv');
    await writeFile(path, text);
    const files = [{ key: 'raw/products/f.csv', path }];
    return {
      lines: await stageWith('duckdb', 'products', files, home),
      reader: await stageWith('reader', 'products', files, home),
    };
  }

  // Found by the fuzz suite: DuckDB drops a delimiter that ends a line without an error, and the
  // delimiter of the lines is U+FFFF, so `4,<U+FFFF>` was staged as `4,` (an empty cell).
  it.each([
    ['a U+FFFF ending a line', 'product_id,department_id,department,product_name\n1,2,x,\uffff\n3,4,y,z\n'],
    [
      'two, with CRLF and a BOM',
      '\ufeffproduct_id,department_id,department,product_name\r\n1,2,x,\uffff\uffff\r\n',
    ],
    [
      'on the last line, without a newline',
      'product_id,department_id,department,product_name\n1,2,x,a\n3,4,y,\uffff',
    ],
  ])('reads every byte of the file or leaves it to openCsv: %s', async (_what, text) => {
    const { lines, reader } = await stageBothWays(text);
    expect(lines.rows).toEqual(reader.rows);
    expect(reader.rows.map((r) => (r as Record<string, unknown>).product_name)).toContain(
      '\uffff'.repeat(text.includes('\uffff\uffff') ? 2 : 1),
    );
  });

  // Found by the fuzz suite (seed 29400504): DuckDB splits a CRLF file's line at a lone CR and
  // drops the space after it, so the lines still added up to the file's size, and the file was
  // staged (and quarantined) instead of refused whole as openCsv refuses it (MALFORMED_FILE).
  it('leaves a CRLF file with a lone CR to openCsv, even when DuckDB drops a byte after it', async () => {
    const text = 'product_id,department_id,department,product_name\r\n1,2,x\r y,z\r\n3,4,y,z\r\n';
    const { lines, reader } = await stageBothWays(text);
    expect(reader.staged[0].readStatus).not.toBe(FILE_READ_STATUS.READ);
    expect(lines.staged.map(({ via: _v, ...s }) => s)).toEqual(reader.staged.map(({ via: _v, ...s }) => s));
    expect(lines.rows).toEqual(reader.rows);
  });

  // Found by the fuzz suite (seed 322207608): with a one-column header, a line of only JS-trim
  // characters (U+2001) matched the canonical shape of an unknown column and was staged as a row;
  // openCsv skips it as blank.
  it('skips a whitespace-only line of a one-column file as blank, as openCsv does', async () => {
    const { lines, reader } = await stageBothWays('unknown\n1\n\u2001\n \t\n2\n');
    expect(lines.staged[0].via).toBe('duckdb');
    expect(reader.rows).toHaveLength(2);
    expect(lines.rows).toEqual(reader.rows);
  });

  // Found by the fuzz suite: @duckdb/node-api decodes every VARCHAR with a default TextDecoder,
  // which drops a U+FEFF at the start of the value, so a line holding a quote (read into
  // JavaScript for csv-parse) lost a BOM that started it. Only a file's first BOM is not data.
  it.each([
    [
      'a line holding a quote',
      'product_id,department_id,department,product_name\r\n\ufeff,2,x,""\r\n3,4,y,z\r\n',
    ],
    [
      'a file BOM, then a line of BOMs with a quote',
      '\ufeffproduct_id,department_id,department,product_name\n\ufeff\ufeff1,2,"x",y\n',
    ],
    ['a line without a quote', 'product_id,department_id,department,product_name\n\ufeff1,2,x,y\n'],
  ])('keeps a U+FEFF that starts a data line: %s', async (_what, text) => {
    const { lines, reader } = await stageBothWays(text);
    expect(lines.staged[0].via).toBe('duckdb');
    expect(lines.rows).toEqual(reader.rows);
    expect(reader.rows[0].original[0]).toMatch(/^\ufeff/);
  });

  // A BOM after the file's first (or on a header line after blank lines) is a character of the
  // header cell: `\ufeff"product_id"` is not the column product_id, as openCsv reads it.
  it.each([
    ['two BOMs', '\ufeff\ufeff"product_id",department_id,department,product_name\n1,2,x,y\n'],
    ['a BOM after a blank line', '\n\ufeff"product_id",department_id,department,product_name\n1,2,x,y\n'],
  ])('reads a header starting with U+FEFF as openCsv does: %s', async (_what, text) => {
    const { lines, reader } = await stageBothWays(text);
    expect(lines.staged[0].via).toBe('duckdb');
    expect(reader.staged[0].missingRequired).toEqual(['product_id']);
    expect(lines.staged.map(({ via: _v, ...s }) => s)).toEqual(reader.staged.map(({ via: _v, ...s }) => s));
    expect(lines.rows).toEqual(reader.rows);
  });
});

describe('findHeader', () => {
  const find = async (text: string | Buffer) => {
    const home = await tempHome();
    const path = join(home, 'f.csv');
    await writeFile(path, text);
    return findHeader(path);
  };

  it.each([
    ['LF', 'a,b\n1,2\n', ['a', 'b'], 1],
    ['CRLF, a BOM, a decorated header, no final newline', '\ufeffa, B \r\n1,2\r\n3,', ['a', ' B '], 1],
    ['blank lines before the header', '\n \t\n\u00a0\r\na,b\n1,2\n', ['a', 'b'], 4],
    ['a quoted header', '"a","b,c"\n1,2\n', ['a', 'b,c'], 1],
    ['a header alone, without a newline', 'a,b', ['a', 'b'], 1],
    ["a BOM after the file's BOM, which is data", '\ufeff\ufeffa,b\n1,2\n', ['\ufeffa', 'b'], 1],
    ['a BOM starting the header after a blank line', '\n\ufeff"a",b\n1,2\n', ['\ufeff"a"', 'b'], 2],
  ])('finds the header: %s', async (_what, text, cells, line) => {
    expect(await find(text)).toMatchObject({ cells, line });
  });

  it.each([
    ['no line that is not blank', '\n  \n'],
    ['a quoted header field left open', '"a,b\nc"\n1,2\n'],
    ['a lone CR in the header line', 'a\rb,c\n1,2\n'],
    ['invalid UTF-8 in the header', Buffer.from([0x61, 0xff, 0x2c, 0x62, 0x0a])],
    ['NUL in the header', 'a,\u0000b\n1,2\n'],
  ])('leaves the file to openCsv: %s', async (_what, text) => {
    expect(await find(text)).toBeUndefined();
  });
});
