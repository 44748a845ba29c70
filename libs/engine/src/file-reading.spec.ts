import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeRun } from './duckdb-executor';
import { csv, HEADERS, stageFiles, tempHome } from '../test/helpers';

describe('files the engine refuses whole, with the reason', () => {
  it.each(['auto', 'reader'] as const)(
    'a CR-only file is MALFORMED_FILE naming the offset, never EMPTY (staging %s)',
    async (staging) => {
      const home = await tempHome();
      const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},4,produce,Item ${i + 1}`);
      const crOnly = csv(HEADERS.products, ...rows).replace(/\n/g, '\r'); // large enough for DuckDB staging
      const badUtf8 = Buffer.concat([
        Buffer.from(csv(HEADERS.products, '1,4,produce,A')),
        Buffer.from([0xff]),
      ]);
      const manifest = await stageFiles(home, {
        products: [
          ['cr-only.csv', crOnly],
          ['bad-utf8.csv', badUtf8],
        ],
      });
      const summary = await executeRun({ home, manifest, staging });
      expect(summary.datasets.products.files).toEqual([
        expect.objectContaining({
          key: 'raw/products/cr-only.csv',
          status: 'REJECTED',
          rowsIn: 0,
          error: {
            code: 'MALFORMED_FILE',
            message:
              'raw/products/cr-only.csv: MALFORMED_FILE: a carriage return (CR) not followed by a line feed at byte offset 48: line endings must be LF or CRLF',
          },
        }),
        expect.objectContaining({
          key: 'raw/products/bad-utf8.csv',
          status: 'REJECTED',
          error: {
            code: 'MALFORMED_FILE',
            message:
              'raw/products/bad-utf8.csv: MALFORMED_FILE: not valid UTF-8 text: byte 0xff at byte offset 63',
          },
        }),
      ]);
    },
  );

  it('keeps every malformed file whole, also files of the same name in different sub-folders', async () => {
    const home = await tempHome();
    const manifest = await stageFiles(home, {
      products: [
        ['2024/01/a.csv', 'product_id\n"unclosed\n'],
        ['2024/02/a.csv', 'product_id\n"also unclosed\n'],
        ['b.csv', 'product_id\n"unclosed too\n'],
      ],
    }, 'r1');
    const summary = await executeRun({ home, manifest });
    expect(summary.datasets.products.files.map((f) => f.status)).toEqual([
      'REJECTED',
      'REJECTED',
      'REJECTED',
    ]);
    const kept = join(home, 'rejected', 'products', 'r1');
    expect((await readdir(kept)).sort()).toEqual(['1-a.csv', '2-a.csv', 'b.csv']);
    expect(await readFile(join(kept, '2-a.csv'), 'utf8')).toBe('product_id\n"also unclosed\n');
  });
});
