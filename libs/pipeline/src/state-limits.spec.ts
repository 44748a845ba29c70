import { recordingLogger } from '@lakehouse/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csv, PRODUCTS, readTable, tempDir, writeRaw } from '../test/fixtures';
import { runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');

describe('state records fit the state store whatever the input', () => {
  it('runs a file with a 1.4 MB header: drift is kept as counts and a bounded sample', async () => {
    const extra = Array.from({ length: 2_000 }, (_, i) => `extra_column_${i}_${'w'.repeat(700)}`);
    const header = [PRODUCTS, ...extra].join(',');
    expect(header.length).toBeGreaterThan(1_400_000);
    const row = ['1,4,produce,Bananas', ...extra.map(() => 'x')].join(',');
    const home = await tempDir('limits-wide');
    const { summary, reportPath } = await runLocalPipeline({ logger, raw: await writeRaw(await tempDir('limits-wide-raw'), { 'products/wide.csv': csv(header, row) }),
      home,
      runStart,
    });
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.warnings).toEqual([
      expect.stringMatching(
        /^products: schema drift in raw\/products\/wide\.csv: extra columns (extra_column_\d+_w+…\(\+\d+ chars\), ){9}extra_column_9_w+…\(\+\d+ chars\) and 1990 more$/,
      ),
    ]);
    expect(summary.warnings![0].length).toBeLessThan(2_000);
    expect(JSON.parse(await readFile(reportPath, 'utf8')).status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(await readTable(home, 'products', 'product_id')).toEqual([
      expect.objectContaining({ product_id: 1, product_name: 'Bananas' }),
    ]);
    const state = await openLocalState(join(home, 'state'));
    try {
      const [entry] = await state.store.runs.recentByDataset('products', { limit: 1 });
      expect(entry).toMatchObject({ runId: summary.runId, status: 'SUCCEEDED_WITH_WARNINGS' });
      expect(entry.summary.schemaDrift).toMatchObject({
        files: 1,
        extraColumns: 2_000,
        missingOptionalColumns: 0,
      });
      expect(JSON.stringify(entry).length).toBeLessThan(10_000);
    } finally {
      await state.close();
    }
  }, 300_000);
});
