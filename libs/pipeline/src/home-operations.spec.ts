import { join } from 'node:path';
import { DuckDbSqlQuery } from '@lakehouse/engine';
import { LOCAL_CATALOG_DATABASE } from '@lakehouse/storage';
import { recordingLogger } from '@lakehouse/testing';
import { crashingRun } from '../test/crashing-run';
import { csv, ITEMS, ORDERS, PRODUCTS, tempDir, writeRaw } from '../test/fixtures';
import {
  failRun,
  homeStatus,
  OperationRefusedError,
  replayArchived,
  resetBreaker,
} from './local/home-operations';
import { LOCAL_PIPELINE, runLocalPipeline } from './local-run';
import { openLocalState } from './local-state';

const { logger } = recordingLogger();
const runStart = new Date('2024-02-01T00:00:00Z');

const count = (home: string, table: string) =>
  new DuckDbSqlQuery({ home, database: LOCAL_CATALOG_DATABASE })
    .query(`SELECT count(*) AS n FROM ${LOCAL_CATALOG_DATABASE}.${table}`)
    .then((r) => Number(r.rows[0].n));

/** A run killed (SIGKILL) as it entered `state`: left RUNNING, its lease alive for a while. */
function stuckRun(raw: string, home: string, state: string) {
  expect(crashingRun(raw, home, runStart, 'between', state).signal).toBe('SIGKILL');
}

const products = (...rows: string[]) => csv(PRODUCTS, ...rows);

describe('ending a stuck run: failRun', () => {
  it('refuses a live lease without force, then fails the run, gives its files back and the next run loads them once', async () => {
    const home = await tempDir('ops-stuck-home');
    const raw = await writeRaw(await tempDir('ops-stuck-raw'), {
      'products/p.csv': products('1,4,produce,Bananas', '2,4,produce,Pears'),
    });
    stuckRun(raw, home, 'load'); // the file claimed and validated, nothing loaded

    const stuck = await homeStatus(home);
    const [run] = stuck.runs;
    expect(run).toMatchObject({ status: 'RUNNING', execution: { status: 'RUNNING', state: 'load' } });
    expect(run.steps.filter((s) => s.name === 'validate').map((s) => s.status)).toEqual([
      'STARTED',
      'SUCCEEDED',
    ]);
    expect(run.files).toEqual([
      {
        key: 'raw/products/p.csv',
        dataset: 'products',
        status: 'VALIDATED',
        rowsIn: 2,
        accepted: 2,
        rejected: 0,
      },
    ]);
    expect(stuck.lease).toMatchObject({ holder: run.runId });

    await expect(failRun(home, run.runId, { reason: 'stuck' })).rejects.toThrow(
      new RegExp(`^run ${run.runId} holds the lease until .*: wait until then, or use --force$`),
    );
    expect(await failRun(home, run.runId, { reason: 'stuck at load', force: true })).toEqual({
      runId: run.runId,
      releasedFiles: 1,
      leaseReleased: true,
    });
    const after = await homeStatus(home);
    expect(after.runs[0]).toMatchObject({
      status: 'FAILED',
      error: 'RunFailedByOperator: stuck at load',
      execution: { status: 'FAILED', error: 'RunFailedByOperator: stuck at load' },
    });
    expect(after.pending.map((f) => [f.key, f.status])).toEqual([['raw/products/p.csv', 'VALIDATED']]);
    expect(after.lease).toBeNull();
    expect(after.breaker).toMatchObject({ state: 'CLOSED', consecutiveFailures: 1 });
    await expect(failRun(home, run.runId, { reason: 'again' })).rejects.toThrow(
      `run ${run.runId} is FAILED, not RUNNING: only a running run can be failed`,
    );
    await expect(failRun(home, 'run-nope', { reason: 'x' })).rejects.toThrow(OperationRefusedError);

    // The next run does not resume the failed one: a new attempt loads the file, its rows once.
    const next = await runLocalPipeline({ logger, raw, home, runStart });
    expect(next.resumed).toEqual([]);
    expect(next.summary.runId).toBe(`${run.runId}-a2`);
    expect(next.summary.datasets.products).toMatchObject({ accepted: 2 });
    expect(await count(home, 'products')).toBe(2);
  }, 120_000);
});

describe('resetting the breaker', () => {
  it('refuses a closed breaker, closes an open one', async () => {
    const home = await tempDir('ops-breaker-home');
    const raw = await writeRaw(await tempDir('ops-breaker-raw'), {
      'products/p.csv': products('1,4,produce,X'),
    });
    await runLocalPipeline({ logger, raw, home, runStart });
    await expect(resetBreaker(home)).rejects.toThrow(
      'the breaker of pipeline local is CLOSED: nothing to reset',
    );
    const local = await openLocalState(join(home, 'state'));
    try {
      for (let i = 0; i < local.store.breaker.failureThreshold; i++)
        await local.store.breaker.recordFailure(LOCAL_PIPELINE, `run-${i}`, 'boom');
      expect((await local.store.breaker.status(LOCAL_PIPELINE)).state).toBe('OPEN');
    } finally {
      await local.close();
    }
    expect((await homeStatus(home)).breaker).toMatchObject({ state: 'OPEN' });
    expect(await resetBreaker(home)).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
  }, 60_000);
});

describe('replaying archived files', () => {
  it("loads a run's archived items again once their product exists, never duplicating a row", async () => {
    const home = await tempDir('ops-replay-home');
    const first = await runLocalPipeline({
      logger,
      home,
      runStart,
      raw: await writeRaw(await tempDir('ops-replay-1'), {
        'products/p.csv': products('1,x,produce,A', '2,x,produce,B', '3,4,produce,C'), // quarantined
        'orders/o.csv': csv(ORDERS, '1,100,7,2024-01-10 10:00:00,10.5,2024-01-10'),
        'order_items/i.csv': csv(ITEMS, '1,100,7,,3,1,0,2024-01-10 10:00:00,2024-01-10'),
      }),
    });
    expect(first.summary.datasets.order_items.reasons).toEqual({ FK: 1 });
    await runLocalPipeline({
      logger,
      home,
      runStart,
      raw: await writeRaw(await tempDir('ops-replay-2'), {
        'products/p.csv': products('1,4,produce,A', '2,4,produce,B', '3,4,produce,C'),
      }),
    });

    const replayed = await replayArchived(home, {
      dataset: 'order_items',
      runId: first.summary.runId,
      logger,
      runStart,
    });
    expect(replayed.summary.status).toBe('SUCCEEDED');
    expect(replayed.summary.runId).not.toBe(first.summary.runId);
    expect(replayed.summary.datasets.order_items.files).toEqual([
      expect.objectContaining({
        key: expect.stringMatching(
          new RegExp(`^raw/order_items/replay-\\d{14}/${first.summary.runId}/i\\.csv$`),
        ),
        status: 'PROCESSED',
        accepted: 1,
      }),
    ]);
    expect(await count(home, 'order_items')).toBe(1);

    // Orders replayed: every row replaces itself (a tie, the later file wins), none is added.
    const orders = await replayArchived(home, {
      dataset: 'orders',
      logger,
      runStart: new Date('2024-02-01T00:00:01Z'),
    });
    expect(orders.summary.datasets.orders).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await count(home, 'orders')).toBe(1);

    await expect(replayArchived(home, { dataset: 'orders', runId: 'run-none', logger })).rejects.toThrow(
      `no archived orders files of run run-none in ${home}`,
    );
    const local = await openLocalState(join(home, 'state'));
    try {
      await local.store.leases.acquire(LOCAL_PIPELINE, 'run-elsewhere');
    } finally {
      await local.close();
    }
    await expect(replayArchived(home, { dataset: 'orders', logger })).rejects.toThrow(
      /^run run-elsewhere holds the lease until .*: replay when it has ended$/,
    );
  }, 120_000);
});
