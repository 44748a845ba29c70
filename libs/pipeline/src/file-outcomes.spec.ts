import { recordingLogger } from '@lakehouse/testing';
import { csv, PRODUCTS, tempDir, writeRaw } from '../test/fixtures';
import { runLocalPipeline } from './local-run';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');
const products = (from: number, n: number, bad = 0) =>
  Array.from({ length: n }, (_, i) => `${from + i},${i < bad ? 'x' : '4'},produce,Item ${from + i}`);

describe('whole-file outcomes are warnings of the run', () => {
  it('a file rejected whole (malformed, a required column missing) or quarantined makes the run SUCCEEDED_WITH_WARNINGS', async () => {
    const raw = await writeRaw(await tempDir('outcomes-raw'), {
      'products/a-good.csv': csv(PRODUCTS, ...products(1, 200)),
      'products/b-malformed.csv': csv(PRODUCTS, '"unclosed,4,produce,X'),
      'products/c-missing.csv': csv('product_id,department,product_name', '900,produce,Y'),
      'products/d-quarantined.csv': csv(PRODUCTS, ...products(1000, 4, 2)),
    });
    const { summary } = await runLocalPipeline({
      logger,
      raw,
      home: await tempDir('outcomes-home'),
      runStart,
    });
    expect(summary.datasets.products.files.map((f) => [f.key, f.status])).toEqual([
      ['raw/products/a-good.csv', 'PROCESSED'],
      ['raw/products/b-malformed.csv', 'REJECTED'],
      ['raw/products/c-missing.csv', 'REJECTED'],
      ['raw/products/d-quarantined.csv', 'QUARANTINED'],
    ]);
    expect(summary.datasets.products.quality.passed).toBe(true); // no threshold was breached
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.warnings).toEqual([
      expect.stringMatching(
        /^products: REJECTED: raw\/products\/b-malformed\.csv: MALFORMED_FILE: quote not closed/,
      ),
      'products: REJECTED: raw/products/c-missing.csv: required column department_id missing from the header',
      'products: QUARANTINED: raw/products/d-quarantined.csv: 2 of 4 rows rejected (50.0% > 20%)',
    ]);
  });

  it('a run whose files all loaded is SUCCEEDED, without warnings', async () => {
    const raw = await writeRaw(await tempDir('outcomes-clean'), {
      'products/a.csv': csv(PRODUCTS, ...products(1, 10)),
    });
    const { summary } = await runLocalPipeline({
      logger,
      raw,
      home: await tempDir('outcomes-clean-home'),
      runStart,
    });
    expect([summary.status, summary.warnings]).toEqual(['SUCCEEDED', []]);
  });
});
