import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary } from '@lakehouse/contracts';
import { recordingLogger } from '@lakehouse/testing';
import { crashingRun } from '../test/crashing-run';
import { csv, ITEMS, ORDERS, PRODUCTS, readRejected, readTable, tempDir, writeRaw } from '../test/fixtures';
import { runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';

const { logger } = recordingLogger();
const runStart = new Date('2024-02-01T00:00:00Z');

const batch = async () =>
  writeRaw(await tempDir('crash-raw'), {
    'products/p.csv': csv(PRODUCTS, '1,4,produce,Bananas', '2,4,produce,Avocados'),
    'orders/o.csv': csv(
      ORDERS,
      '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10',
      '1,101,8,2024-01-11 11:00:00,20,2024-01-11',
      '1,102,9,2024-01-12 12:00:00,-5,2024-01-12', // RULE (1 of 6 rows: under the quarantine ratio)
      '1,103,10,2024-01-13 13:00:00,7.25,2024-01-13',
      '1,104,11,2024-01-14 14:00:00,8,2024-01-14',
      '1,105,12,2024-01-15 15:00:00,9,2024-01-15',
    ),
    'order_items/i.csv': csv(
      ITEMS,
      '1,100,7,,1,1,0,2024-01-10 10:00:00,2024-01-10',
      '2,101,8,,2,1,0,2024-01-11 11:00:00,2024-01-11',
      '3,999,8,,2,2,0,2024-01-11 11:00:00,2024-01-11', // FK
    ),
  });

/** What a run leaves that must not depend on crashes: tables, rejected rows and the summary's counts. */
async function outcome(home: string, summary: RunSummary) {
  const tables = Object.fromEntries(
    await Promise.all(
      (['products', 'orders', 'order_items'] as const).map(
        async (t) =>
          [
            t,
            await readTable(home, t, t === 'products' ? 'product_id' : t === 'orders' ? 'order_id' : 'id'),
          ] as const,
      ),
    ),
  );
  const rejected = Object.fromEntries(
    await Promise.all(['orders', 'order_items'].map(async (d) => [d, await readRejected(home, d)] as const)),
  );
  const counts = Object.fromEntries(
    Object.entries(summary.datasets).map(([name, d]) => [
      name,
      [d.rowsIn, d.accepted, d.rejected, d.reasons],
    ]),
  );
  return { tables, rejected, counts, status: summary.status };
}

describe('a run killed at any state is completed by the next run, with the same run id', () => {
  let expected: Awaited<ReturnType<typeof outcome>>;
  let expectedRunId: string;

  beforeAll(async () => {
    const home = await tempDir('uncrashed');
    const { summary } = await runLocalPipeline({ logger, raw: await batch(), home, runStart });
    expected = await outcome(home, summary);
    expectedRunId = summary.runId;
  }, 120_000);

  const every: ['between' | 'inside', string][] = [
    ...[
      'claim',
      'validate',
      'load',
      'load-wait',
      'load-poll',
      'load-check',
      'settle',
      'catalog',
      'verify',
      'quality',
      'notify',
      'outcome',
    ].map((s) => ['between', s] as ['between', string]),
    ...['claim', 'validate-orders', 'load', 'settle', 'verify', 'quality', 'notify'].map(
      (s) => ['inside', s] as ['inside', string],
    ),
  ];
  // Each case is a child process and two runs (~20 s): the default covers one kill per phase
  // (before the tables, in the Glue workflow, after publishing, after the run's outcome);
  // LAKEHOUSE_RESUME_ALL=1 kills at every state and inside every step.
  const phases = new Set([
    'between validate',
    'inside load',
    'between load-poll',
    'inside quality',
    'between notify',
  ]);
  const cases = process.env.LAKEHOUSE_RESUME_ALL
    ? every
    : every.filter(([mode, state]) => phases.has(`${mode} ${state}`));

  it.each(cases)(
    'killed %s %s',
    async (mode, state) => {
      const home = await tempDir('crashed');
      const raw = await batch();
      const crashed = crashingRun(raw, home, runStart, mode, state);
      expect(crashed.signal).toBe('SIGKILL');

      const { summary, resumed } = await runLocalPipeline({ logger, raw, home, runStart });
      expect(resumed).toEqual([expectedRunId]);
      expect(summary.runId).toBe(expectedRunId);
      expect(await outcome(home, summary)).toEqual(expected);
      for (const [, d] of Object.entries(summary.datasets)) expect(d.rowsIn).toBe(d.accepted + d.rejected);
      for (const dataset of ['products', 'orders', 'order_items'])
        expect(await readdir(join(home, 'raw', dataset)).catch(() => [])).toEqual([]);

      const state2 = await openLocalState(join(home, 'state'));
      try {
        const runs = await state2.store.runs.recentByPipeline('local', { limit: 10 });
        expect(runs.map((r) => [r.runId, r.status])).toEqual([[expectedRunId, expected.status]]);
        expect(await state2.store.leases.current('local')).toBeUndefined();
      } finally {
        await state2.close();
      }
    },
    180_000,
  );
});
