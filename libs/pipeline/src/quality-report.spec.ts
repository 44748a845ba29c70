import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createRegistry,
  defineContract,
  parseDocumentJson,
  products,
  type QualityReport,
} from '@lakehouse/contracts';
import { csv, ITEMS, ORDERS, PRODUCTS, readTable, tempDir, writeRaw } from '../test/fixtures';
import { recordingLogger } from '@lakehouse/testing';
import { runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');
const productRows = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `${from + i},4,produce,Item ${from + i}`);

describe('the quality report of a run', () => {
  it('is written as JSON and HTML, and a cross-dataset violation is a warning of the run', async () => {
    const home = await tempDir('q-home');
    const raw = await writeRaw(await tempDir('q-raw'), {
      'products/p.csv': csv(PRODUCTS, ...productRows(1, 3)),
      'orders/o.csv': csv(
        ORDERS,
        '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10',
        '1,101,8,2024-01-11 11:00:00,20,2024-01-11',
      ),
      'order_items/i.csv': csv(ITEMS, '1,100,7,,1,1,0,2024-01-10 10:00:00,2024-01-10'),
    });
    const result = await runLocalPipeline({ logger, raw, home, runStart });
    expect(result.summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(result.summary.warnings).toEqual([
      expect.stringMatching(/^cross-check orders_have_items: 1 of 2 violate .*order_id=101/),
    ]);
    expect(result.summary.datasets.orders).not.toHaveProperty('counts'); // the printed summary keeps the documented shape

    const report = JSON.parse(await readFile(result.qualityReport!.json, 'utf8')) as QualityReport;
    expect(report).toMatchObject({ runId: result.summary.runId, runStatus: 'SUCCEEDED_WITH_WARNINGS' });
    expect(report.datasets.orders.metrics).toMatchObject({ completeness: 1, validity: 1, score: 100 });
    expect(
      report.datasets.order_items.columns.find((c) => c.column === 'days_since_prior_order'),
    ).toMatchObject({ nulls: 1, nullRate: 1 });
    expect(report.crossChecks.map((c) => [c.name, c.violations])).toEqual([
      ['orders_have_items', 1],
      ['item_user_matches_order', 0],
    ]);
    // Each check is in its child dataset's report, as the Glue job of that dataset writes it.
    const jobReport = async (dataset: string) =>
      parseDocumentJson(
        'dataset-report',
        await readFile(join(home, 'reports', result.summary.runId, `${dataset}.json`), 'utf8'),
        dataset,
      );
    expect((await jobReport('order_items')).crossChecks).toEqual(report.crossChecks);
    expect((await jobReport('orders')).crossChecks).toEqual([]);
    const state = await openLocalState(join(home, 'state'));
    try {
      const [entry] = await state.store.runs.recentByDataset('order_items', { limit: 1 });
      expect(entry.summary).toMatchObject({
        rowsIn: 1,
        nullRates: { days_since_prior_order: 1 },
        quality: { score: 100 },
        schemaDrift: { files: 0, extraColumns: 0, missingOptionalColumns: 0, examples: [] },
      });
    } finally {
      await state.close();
    }
    const html = await readFile(result.qualityReport!.html, 'utf8');
    expect(html.match(/<svg class="chart metric-trend"/g)).toHaveLength(15);
  }, 60_000);

  it('flags a row-count anomaly against the history kept in the state store, only once 5 runs exist', async () => {
    const home = await tempDir('a-home');
    const reports: QualityReport[] = [];
    for (let run = 0; run < 7; run++) {
      const rows = run < 6 ? 20 + (run % 2) : 200; // a steady history, then a jump
      const raw = await writeRaw(await tempDir(`a-raw-${run}`), {
        [`products/p${run}.csv`]: csv(PRODUCTS, ...productRows(run * 1000, rows)),
      });
      const { qualityReport } = await runLocalPipeline({ logger, raw, home, runStart });
      reports.push(JSON.parse(await readFile(qualityReport!.json, 'utf8')));
    }
    expect(reports[4].datasets.products.anomalies).toMatchObject({
      verdict: 'insufficient-history',
      checked: 4,
    });
    expect(reports[5].datasets.products.anomalies).toMatchObject({ verdict: 'ok', checked: 5 });
    const last = reports[6];
    expect(last.datasets.products.anomalies.verdict).toBe('anomalies');
    expect(last.datasets.products.anomalies.anomalies).toEqual([
      expect.objectContaining({ metric: 'rowCount', value: 200 }),
    ]);
    expect(last.warnings).toEqual([expect.stringMatching(/^products: anomaly: /)]);
    expect(last.runStatus).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(last.history.products.map((h) => h.rowsIn)).toEqual([20, 21, 20, 21, 20, 21, 200]);
  }, 120_000);

  it('charts each run at its run start, in order, and keeps generatedAt for when the report was made', async () => {
    const home = await tempDir('t-home');
    const starts = ['2024-02-01T01:00:00.000Z', '2024-02-02T01:00:00.000Z', '2024-02-03T01:00:00.000Z'];
    let last: QualityReport | undefined;
    let html = '';
    for (const [day, start] of starts.entries()) {
      const raw = await writeRaw(await tempDir(`t-raw-${day}`), {
        [`products/p${day}.csv`]: csv(PRODUCTS, ...productRows(day * 100, 5)),
      });
      const before = Date.now();
      const { qualityReport } = await runLocalPipeline({ logger, raw, home, runStart: new Date(start) });
      last = JSON.parse(await readFile(qualityReport!.json, 'utf8')) as QualityReport;
      html = await readFile(qualityReport!.html, 'utf8');
      expect(Date.parse(last.generatedAt)).toBeGreaterThanOrEqual(before);
    }
    expect(last!.history.products.map((h) => h.at)).toEqual(starts);
    const rows = html.match(/<svg class="chart rows-trend"[\s\S]*?<\/svg>/)![0];
    expect([...rows.matchAll(/<text class="x-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      '02-01',
      '02-02',
      '02-03',
    ]);
    expect([...rows.matchAll(/<circle [^>]*><title>run \d: \S+ — (\S+) —/g)].map((m) => m[1])).toEqual(
      starts,
    );
  }, 60_000);

  it('a blocking gate publishes nothing of the dataset, fails the run and keeps its files for a retry', async () => {
    const strict = defineContract({ ...products, quality: { ...products.quality, onBreach: 'block' } });
    const registry = createRegistry([strict]);
    const home = await tempDir('b-home');
    const good = await writeRaw(await tempDir('b-raw1'), {
      'products/a.csv': csv(PRODUCTS, ...productRows(1, 10)),
    });
    expect((await runLocalPipeline({ logger, raw: good, home, runStart, registry })).summary.status).toBe(
      'SUCCEEDED',
    );
    const before = await readTable(home, 'products', 'product_id');

    const bad = await writeRaw(await tempDir('b-raw2'), {
      'products/b.csv': csv(PRODUCTS, ...productRows(11, 8), '19,x,produce,Bad', '20,y,produce,Bad'), // validity 0.8
    });
    const { summary } = await runLocalPipeline({ logger, raw: bad, home, runStart, registry });
    expect(summary.status).toBe('FAILED');
    expect(summary.datasets.products).toMatchObject({
      published: false,
      gate: { action: 'block', reason: 'validity 0.8 < 0.97' },
    });
    expect(await readTable(home, 'products', 'product_id')).toEqual(before);
    // Not loaded, so not archived: the file waits in the raw zone, claimable by the next run.
    expect(await readFile(join(home, 'raw', 'products', 'b.csv'), 'utf8')).toContain('19,x,produce,Bad');
  }, 60_000);
});
