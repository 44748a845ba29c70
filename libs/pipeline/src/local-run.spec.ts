import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSampleData } from '@lakehouse/sample-data';
import type { RunSummary } from '@lakehouse/contracts';
import { csv, ITEMS, ORDERS, PRODUCTS, readRejected, readTable, tempDir, writeRaw } from '../test/fixtures';
import { recordingLogger } from '@lakehouse/testing';
import { runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';
import { LeaseLostError } from '@lakehouse/state';
import { PipelineInputError } from './errors';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');

/** rows in = accepted + rejected for every file and dataset, and rejected/ holds each file's rejected rows. */
async function expectConservation(home: string, summary: RunSummary) {
  for (const [dataset, d] of Object.entries(summary.datasets)) {
    expect(d.rowsIn).toBe(d.accepted + d.rejected);
    expect(d.files.reduce((n, f) => n + f.rowsIn, 0)).toBe(d.rowsIn);
    const rejected = await readRejected(home, dataset);
    for (const f of d.files) {
      expect(f.rowsIn).toBe(f.accepted + f.rejected);
      if (f.status !== 'ALREADY_PROCESSED')
        expect(rejected.filter((r) => r._source_file === f.key)).toHaveLength(f.rejected);
    }
  }
}

describe('lakehouse run, end to end on the local pipeline', () => {
  let home: string;
  let first: RunSummary;
  let second: RunSummary;

  beforeAll(async () => {
    home = await tempDir('home');
    const batch1 = await writeRaw(await tempDir('raw1'), {
      'products/p1.csv': csv(PRODUCTS, '1,4,produce,Bananas', '2,4,produce,Avocados', '3,16,dairy eggs,Milk'),
      'orders/o1.csv': csv(
        ORDERS,
        '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10',
        '1,101,8,2024-01-11 11:00:00,20,2024-01-11',
        '2,100,7,2024-01-10 09:00:00,99,2024-01-10', // same key, earlier: loses to the row above
        '1,102,9,2024-01-12 12:00:00,-5,2024-01-12', // RULE (1 of 6 rows: under the quarantine ratio)
        '1,103,10,2024-01-13 13:00:00,7.25,2024-01-13',
        '1,104,11,2024-01-14 14:00:00,8,2024-01-14',
      ),
      'order_items/i1.csv': csv(
        ITEMS,
        '1,100,7,,1,1,0,2024-01-10 10:00:00,2024-01-10',
        '2,100,7,,2,2,0,2024-01-10 10:00:00,2024-01-10',
        '3,101,8,,3,1,0,2024-01-11 11:00:00,2024-01-11',
        '4,999,8,,3,2,0,2024-01-11 11:00:00,2024-01-11', // FK:order_id
      ),
    });
    first = (await runLocalPipeline({ logger, raw: batch1, home, runStart })).summary;

    const batch2 = await writeRaw(await tempDir('raw2'), {
      'orders/o2.csv': csv(
        ORDERS,
        '2,101,8,2024-01-11 12:00:00,25,2024-01-11', // later than stored: upsert
        '3,100,7,2024-01-10 08:00:00,1,2024-01-10', // older than stored: DUPLICATE, stored kept
      ),
      'order_items/i2.csv': csv(
        ITEMS,
        '3,101,8,,2,1,1,2024-01-11 11:00:00,2024-01-11', // tie with stored: the later file wins
        '5,101,8,,1,2,1,2024-01-11 12:00:00,2024-01-11',
      ),
    });
    second = (await runLocalPipeline({ logger, raw: batch2, home, runStart })).summary;
  }, 120_000);

  it('loads the first batch with every verdict accounted for', async () => {
    expect(first.status).toBe('SUCCEEDED_WITH_WARNINGS'); // one rejected order in four breaks the thresholds
    expect(first.datasets.orders).toMatchObject({
      rowsIn: 6,
      accepted: 4,
      rejected: 2,
      reasons: { RULE: 1, DUPLICATE: 1 },
    });
    expect(first.datasets.order_items).toMatchObject({
      rowsIn: 4,
      accepted: 3,
      rejected: 1,
      reasons: { FK: 1 },
    });
    await expectConservation(home, first);
  });

  it('upserts by primary key across runs: later wins, older is rejected, a tie goes to the later file', async () => {
    expect(second.datasets.orders).toMatchObject({
      rowsIn: 2,
      accepted: 1,
      rejected: 1,
      reasons: { DUPLICATE: 1 },
    });
    expect(second.datasets.order_items).toMatchObject({ rowsIn: 2, accepted: 2, rejected: 0 });
    const orders = await readTable(home, 'orders', 'order_id');
    expect(orders.map((o) => [o.order_id, o.total_amount, o.order_num])).toEqual([
      [100, 10.5, 1],
      [101, 25, 2],
      [103, 7.25, 1],
      [104, 8, 1],
    ]);
    const items = await readTable(home, 'order_items', 'id');
    expect(items.map((i) => [i.id, i.product_id, i.reordered])).toEqual([
      [1, 1, 0],
      [2, 2, 0],
      [3, 2, 1],
      [5, 1, 1],
    ]);
    await expectConservation(home, second);
  });

  it('archives processed files, leaves the raw zone empty and writes the documents of each run', async () => {
    for (const dataset of ['products', 'orders', 'order_items']) {
      expect(await readdir(join(home, 'raw', dataset))).toEqual([]);
    }
    expect(await readdir(join(home, 'archived', 'orders', second.runId))).toEqual(['o2.csv']);
    // As in the reports bucket: the run manifest, each dataset job's report (a child's with its
    // cross-dataset checks), the run summary and the quality report.
    expect((await readdir(join(home, 'reports'))).sort()).toEqual(
      [first.runId, second.runId]
        .flatMap((id) => [
          id,
          `${id}.json`,
          `${id}.manifest.json`,
          `${id}.quality.html`,
          `${id}.quality.json`,
        ])
        .sort(),
    );
    expect((await readdir(join(home, 'reports', second.runId))).sort()).toEqual([
      'daily_sales.json',
      'order_items.json',
      'orders.json',
    ]);
  });

  it('a re-run of the same files is NOTHING_TO_DO and changes no table', async () => {
    const before = await readTable(home, 'orders', 'order_id');
    const batch2Again = await writeRaw(await tempDir('raw2-again'), {
      'orders/o2.csv': csv(
        ORDERS,
        '2,101,8,2024-01-11 12:00:00,25,2024-01-11',
        '3,100,7,2024-01-10 08:00:00,1,2024-01-10',
      ),
    });
    const { summary } = await runLocalPipeline({ logger, raw: batch2Again, home, runStart });
    expect(summary.status).toBe('NOTHING_TO_DO');
    expect(summary.datasets.orders.files).toEqual([
      { key: 'raw/orders/o2.csv', status: 'ALREADY_PROCESSED', rowsIn: 0, accepted: 0, rejected: 0 },
    ]);
    expect(await readTable(home, 'orders', 'order_id')).toEqual(before);
  });

  it('a re-upload under the same name with new content is a new file', async () => {
    const changed = await writeRaw(await tempDir('raw3'), {
      'orders/o2.csv': csv(ORDERS, '4,101,8,2024-01-11 13:00:00,30,2024-01-11'),
    });
    const { summary } = await runLocalPipeline({ logger, raw: changed, home, runStart });
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.datasets.orders.files).toEqual([
      expect.objectContaining({ key: 'raw/orders/o2.csv', status: 'PROCESSED', accepted: 1 }),
    ]);
    expect((await readTable(home, 'orders', 'order_id')).find((o) => o.order_id === 101)).toMatchObject({
      total_amount: 30,
    });
  });

  it('records every file as ARCHIVED and every run in the state store', async () => {
    const state = await openLocalState(join(home, 'state'));
    try {
      const runs = await state.store.runs.recentByPipeline('local', { limit: 10 });
      expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED_WITH_WARNINGS']);
      const files = await state.store.files.listByRun(second.runId);
      expect(files.map((f) => f.status)).toEqual(['ARCHIVED', 'ARCHIVED']);
    } finally {
      await state.close();
    }
  });
});

describe('generated data with defects', () => {
  it('conserves every row of every file and finds the file-level defects', async () => {
    const home = await tempDir('gen-home');
    const raw = await tempDir('gen-raw');
    await writeSampleData(raw, {
      seed: 7,
      orders: 300,
      defectRate: 0.05,
      files: 2,
      fileDefects: true,
      now: runStart,
      manifest: false,
    });
    const { summary } = await runLocalPipeline({ logger, raw, home, runStart });
    await expectConservation(home, summary);
    const statuses = Object.values(summary.datasets).flatMap((d) => d.files.map((f) => f.status));
    expect(new Set(statuses)).toEqual(new Set(['PROCESSED', 'REJECTED', 'EMPTY', 'QUARANTINED']));
    const reasons = Object.assign({}, ...Object.values(summary.datasets).map((d) => d.reasons));
    for (const code of [
      'MALFORMED_ROW',
      'NOT_NULL',
      'TYPE',
      'RULE',
      'FK',
      'DUPLICATE',
      'MISSING_COLUMN',
      'FILE_QUARANTINED',
    ]) {
      expect(reasons[code]).toBeGreaterThan(0);
    }
  }, 120_000);
});

describe('fencing', () => {
  it('a run that lost its lease publishes nothing and gives its files back for the next run', async () => {
    const home = await tempDir('fence-home');
    const raw = await writeRaw(await tempDir('fence-raw'), {
      'products/p.csv': csv(PRODUCTS, '1,4,produce,Bananas'),
    });
    const { logger: fenced, entries } = recordingLogger();
    await expect(runLocalPipeline({ logger: fenced, raw, home, runStart, leaseTtlMs: 1 })).rejects.toThrow(
      LeaseLostError,
    );
    expect(await readdir(join(home, 'lakehouse'))).toEqual([]); // no table version published
    // The run's record says which step failed and why; marking it failed succeeded, so nothing was logged as an error.
    const state = await openLocalState(join(home, 'state'));
    try {
      const [failed] = await state.store.runs.recentByPipeline('local', { limit: 1 });
      expect(failed).toMatchObject({ status: 'FAILED', error: { name: 'LeaseLostError' } });
      expect(failed.error?.cleanup).toBeUndefined();
      // The steps as the execution ran them: claimed and validated, then the load refused to
      // publish, and the fail step, which ended the run (an ended run takes no step after).
      expect(failed.steps.map((s) => [s.name, s.status])).toEqual([
        ['claim', 'SUCCEEDED'],
        ['validate', 'STARTED'],
        ['validate', 'SUCCEEDED'],
        ['load', 'STARTED'],
        ['load', 'FAILED'],
        ['fail', 'STARTED'],
      ]);
      expect(failed.steps[4].detail).toMatch(/lease of .* is lost: EXPIRED/);
    } finally {
      await state.close();
    }
    expect(entries.filter((e) => e.level === 'error')).toEqual([]);
    const retry = await runLocalPipeline({ logger, raw, home, runStart });
    expect(retry.summary.datasets.products.files).toEqual([
      expect.objectContaining({ key: 'raw/products/p.csv', status: 'PROCESSED' }),
    ]);
    expect(await readTable(home, 'products', 'product_id')).toEqual([
      expect.objectContaining({ product_id: 1 }),
    ]);
  }, 60_000);
});

describe('input errors', () => {
  it('refuses a folder that names no dataset, naming it', async () => {
    const raw = await writeRaw(await tempDir('bad'), { 'customers/c.csv': 'id\n1\n' });
    await expect(runLocalPipeline({ logger, raw, home: await tempDir('h') })).rejects.toThrow(
      PipelineInputError,
    );
    await expect(runLocalPipeline({ logger, raw, home: await tempDir('h') })).rejects.toThrow(
      /"customers" is not a dataset folder/,
    );
  });

  it('refuses a missing raw folder', async () => {
    await expect(runLocalPipeline({ logger, raw: '/nowhere/raw', home: await tempDir('h') })).rejects.toThrow(
      /raw folder not found: \/nowhere\/raw/,
    );
  });
});
