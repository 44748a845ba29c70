import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClaimOutput } from '@lakehouse/orchestration';
import { AlreadyClaimedError, computeRunId, LeaseHeldError, type StateStore } from '@lakehouse/state';
import { ObjectVersionMismatchError, rawFile, type ObjectStore } from '@lakehouse/storage';
import { csv, ITEMS, ORDERS, PRODUCTS } from '../../test/fixtures';
import { arriveFiles, openLocalObjects, openS3Objects, openTestState, registry } from '../../test/step-context';
import {
  arrivalPolicy,
  claimRun,
  decideRunStart,
  markRunFailed,
  statesErrorOf,
  registerArrival,
  validateRunFile,
  type Arrival,
} from './index';

const RUN_START = '2024-06-02T00:00:00Z';
const PIPELINE = 'lakehouse';

const PRODUCT_ROWS = csv(PRODUCTS, '1,7,produce,Banana', '2,7,produce,Apple');
const ORDER_ROWS = csv(ORDERS, '1,10,100,2024-06-01T10:00:00Z,12.5,2024-06-01');
const ITEM_ROWS = csv(ITEMS, '1,10,100,,1,1,0,2024-06-01T10:00:00Z,2024-06-01');

/** Puts each file into the raw zone and registers it as its upload's notification would. */
const arrive = (state: StateStore, objects: ObjectStore, files: Record<string, string>, tick?: () => void) =>
  arriveFiles({ state, objects }, files, { bucket: 'raw-bucket', tick });

describe('the arrival policy', () => {
  it.each([
    ['raw/orders/2024-06-01.csv', { accepted: true, dataset: 'orders' }],
    ['raw/orders/2024/06/01/part-1.csv', { accepted: true, dataset: 'orders' }],
    ['raw/orders/[weird] name?.csv', { accepted: true, dataset: 'orders' }],
    ['raw/orders/../products/a.csv', { accepted: false, reason: 'the key contains ".."' }],
    ['raw/orders/a..csv', { accepted: false, reason: 'the key contains ".."' }],
    ['raw/orders/a.json', { accepted: false, reason: 'not a .csv file' }],
    ['raw/orders/a.CSV', { accepted: false, reason: 'not a .csv file' }],
    [
      'raw/orders/.~lock.a.csv#',
      { accepted: false, reason: 'a hidden file or folder (a name starting with ".")' },
    ],
    ['raw/orders/._a.csv', { accepted: false, reason: 'a hidden file or folder (a name starting with ".")' }],
    [
      'raw/orders/.tmp/a.csv',
      { accepted: false, reason: 'a hidden file or folder (a name starting with ".")' },
    ],
    [
      'raw/orders/new\nline.csv',
      {
        accepted: false,
        reason: 'invalid key: it contains a control character (U+0000–U+001F or U+007F)',
      },
    ],
    [
      'raw/orders/2024//a.csv',
      {
        accepted: false,
        reason: 'invalid key: it has an empty path segment (a leading, doubled or trailing "/")',
      },
    ],
    [
      'raw/orders/2024/',
      {
        accepted: false,
        reason: 'invalid key: it has an empty path segment (a leading, doubled or trailing "/")',
      },
    ],
    ['raw/orders.csv', { accepted: false, reason: 'not under raw/<dataset>/' }],
    ['landing/orders/a.csv', { accepted: false, reason: 'not under raw/' }],
    [
      'raw/returns/a.csv',
      { accepted: false, reason: '"returns" is not a dataset (known: products, orders, order_items)' },
    ],
  ])('%s → %j', (key, expected) => {
    expect(arrivalPolicy(key, registry)).toEqual(expected);
  });
});

describe('the steps of a run', () => {
  let state: StateStore;
  let objects: ObjectStore;
  let home: string;
  let close: () => Promise<void>;
  let now = Date.parse('2024-06-02T00:00:00Z');

  beforeEach(async () => {
    ({ state, close } = await openTestState('steps', () => now));
    ({ objects, home } = await openLocalObjects('steps'));
  });
  afterEach(() => close());

  const files = {
    'raw/products/p.csv': PRODUCT_ROWS,
    'raw/orders/2024/06/o.csv': ORDER_ROWS,
    'raw/order_items/i.csv': ITEM_ROWS,
  };

  it('registers an object once, however often and in whatever order it is notified', async () => {
    const arrival: Arrival = {
      bucket: 'raw-bucket',
      key: 'raw/orders/a.csv',
      eTag: '"abc"',
      sequencer: '02',
    };
    const outcomes = await Promise.all([1, 2, 3].map(() => registerArrival({ state, registry }, arrival)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'duplicate', 'registered']);
    // An older notification of the same object (lower sequencer) arriving late changes nothing.
    const late = await registerArrival({ state, registry }, { ...arrival, eTag: 'abc', sequencer: '01' });
    expect(late).toMatchObject({ outcome: 'duplicate' });
    expect(await state.files.listPending('orders')).toHaveLength(1);
    expect(await registerArrival({ state, registry }, { ...arrival, key: 'raw/orders/../x.csv' })).toEqual({
      outcome: 'refused',
      reason: 'the key contains ".."',
    });
  });

  it('starts a run once every required dataset has a pending file, named by its files', async () => {
    const tick = () => void (now += 1_000);
    const first = await arrive(state, objects, { 'raw/products/p.csv': PRODUCT_ROWS }, tick);
    expect(await decideRunStart({ state, registry }, { pipeline: PIPELINE })).toEqual({
      start: false,
      reason: 'no pending file of orders, order_items',
    });
    expect(
      await decideRunStart({ state, registry }, { pipeline: PIPELINE, requiredDatasets: ['products'] }),
    ).toMatchObject({ start: true, runId: computeRunId(first) });
    const rest = await arrive(
      state,
      objects,
      { 'raw/orders/2024/06/o.csv': ORDER_ROWS, 'raw/order_items/i.csv': ITEM_ROWS },
      tick,
    );
    const decision = await decideRunStart({ state, registry, clock: () => now }, { pipeline: PIPELINE });
    expect(decision).toEqual({
      start: true,
      runId: computeRunId([...first, ...rest]),
      fileIds: [...first, ...rest],
      runStart: new Date(now).toISOString(),
    });
    expect(await decideRunStart({ state, registry }, { pipeline: PIPELINE, maxFiles: 2 })).toMatchObject({
      fileIds: [...first, rest[0]],
    });
  });

  it('does not start while a run holds the lease or the circuit is open', async () => {
    await arrive(state, objects, files);
    await state.leases.acquire(PIPELINE, 'run-other');
    expect(await decideRunStart({ state, registry }, { pipeline: PIPELINE })).toEqual({
      start: false,
      reason: 'run run-other holds the lease',
    });
    now += 16 * 60_000; // the lease expired
    for (const run of ['run-1', 'run-2', 'run-3']) await state.breaker.recordFailure(PIPELINE, run, 'boom');
    const decision = await decideRunStart({ state, registry }, { pipeline: PIPELINE });
    expect(decision).toMatchObject({
      start: false,
      reason: expect.stringContaining('circuit of pipeline lakehouse is open'),
    });
  });

  it('claims a run: run record, lease, file claims and the manifest; a retried claim repeats nothing', async () => {
    const fileIds = await arrive(state, objects, files);
    const runId = computeRunId(fileIds);
    const input = { runId, pipeline: PIPELINE, runStart: RUN_START, fileIds };
    const claimed = ClaimOutput.parse(await claimRun({ state, objects, registry }, input));
    expect(Object.keys(claimed.files)).toEqual(['products', 'orders', 'order_items']);
    expect(claimed.files.orders).toEqual([
      expect.objectContaining({ key: 'raw/orders/2024/06/o.csv', dataset: 'orders' }),
    ]);
    expect(claimed.lease).toMatchObject({ pipeline: PIPELINE, holder: runId });
    expect((await state.runs.get(runId))?.status).toBe('RUNNING');
    expect((await state.files.listByRun(runId)).map((f) => f.fileId).sort()).toEqual([...fileIds].sort());

    const manifest = JSON.parse(await readFile(claimed.manifestUri, 'utf8'));
    expect(claimed.manifestUri).toBe(join(home, 'reports', `${runId}.manifest.json`));
    expect(manifest).toEqual({
      runId,
      runStart: RUN_START,
      datasets: {
        products: [
          expect.objectContaining({ key: join(home, 'raw/products/p.csv'), fileSeq: 1, fileId: fileIds[0] }),
        ],
        orders: [expect.objectContaining({ key: join(home, 'raw/orders/2024/06/o.csv'), fileSeq: 1 })],
        order_items: [expect.objectContaining({ key: join(home, 'raw/order_items/i.csv'), fileSeq: 1 })],
      },
    });

    const again = await claimRun({ state, objects, registry }, input);
    expect(again).toEqual({ ...claimed, lease: expect.objectContaining({ token: claimed.lease.token }) });
  });

  it('refuses to claim files another run holds, naming the holder', async () => {
    const fileIds = await arrive(state, objects, files);
    await state.files.claim([fileIds[1]], 'run-other');
    const runId = computeRunId(fileIds);
    await expect(
      claimRun({ state, objects, registry }, { runId, pipeline: PIPELINE, runStart: RUN_START, fileIds }),
    ).rejects.toThrow(new AlreadyClaimedError(fileIds[1], 'run-other', runId));
  });

  it('validates a file in one pass: VALIDATED moves on, other verdicts wait for the load', async () => {
    const fileIds = await arrive(state, objects, {
      ...files,
      'raw/orders/empty.csv': '',
      'raw/orders/malformed.csv': 'order_num,order_id\n"1,2\n',
      'raw/orders/no-date.csv': csv(
        'order_num,order_id,user_id,order_timestamp,total_amount',
        '1,2,3,2024-06-01T10:00:00Z,1',
      ),
      'raw/orders/bad.csv': csv(ORDERS, '1,x,100,2024-06-01T10:00:00Z,12.5,2024-06-01'),
    });
    const runId = computeRunId(fileIds);
    const claim = await claimRun(
      { state, objects, registry },
      { runId, pipeline: PIPELINE, runStart: RUN_START, fileIds },
    );
    const verdicts = Object.fromEntries(
      await Promise.all(
        Object.values(claim.files)
          .flat()
          .map(async (file) => {
            const { verdict } = await validateRunFile(
              { state, objects, registry },
              { runId, runStart: RUN_START, file },
            );
            return [file.key, { ...verdict, registry: (await state.files.get(file.fileId))?.status }];
          }),
      ),
    );
    expect(verdicts['raw/orders/2024/06/o.csv']).toMatchObject({
      status: 'VALIDATED',
      rowsIn: 1,
      rejectedRows: 0,
      registry: 'VALIDATED',
    });
    expect(verdicts['raw/orders/empty.csv']).toMatchObject({
      status: 'EMPTY',
      rowsIn: 0,
      registry: 'RECEIVED',
    });
    expect(verdicts['raw/orders/malformed.csv']).toMatchObject({
      status: 'REJECTED',
      code: 'MALFORMED_FILE',
      registry: 'RECEIVED',
    });
    expect(verdicts['raw/orders/no-date.csv']).toMatchObject({
      status: 'REJECTED',
      code: 'MISSING_COLUMN',
      rowsIn: 1,
      registry: 'RECEIVED',
    });
    expect(verdicts['raw/orders/bad.csv']).toMatchObject({
      status: 'QUARANTINED',
      code: 'FILE_QUARANTINED',
      rejectedRows: 1,
      registry: 'RECEIVED',
    });
  });

  it('marks a failed run FAILED, gives its files and lease back, counts the failure once', async () => {
    const fileIds = await arrive(state, objects, files);
    const runId = computeRunId(fileIds);
    await claimRun({ state, objects, registry }, { runId, pipeline: PIPELINE, runStart: RUN_START, fileIds });
    const error = { Error: 'LoadFailed', Cause: 'Glue workflow run wr_1 ended ERROR' };
    const input = { runId, pipeline: PIPELINE, fileIds, error };
    expect(await markRunFailed({ state }, input)).toEqual({
      runMarkedFailed: true,
      releasedFiles: 3,
      leaseReleased: true,
    });
    expect(await state.runs.get(runId)).toMatchObject({
      status: 'FAILED',
      error: { name: 'LoadFailed', message: 'Glue workflow run wr_1 ended ERROR' },
    });
    expect((await state.breaker.status(PIPELINE)).consecutiveFailures).toBe(1);
    expect((await state.files.listPending('orders')).map((f) => f.fileId)).toEqual([fileIds[1]]);
    expect(await state.leases.current(PIPELINE)).toBeUndefined();
    // A retry (the Lambda answered late) changes nothing.
    expect(await markRunFailed({ state }, input)).toEqual({
      runMarkedFailed: false,
      releasedFiles: 0,
      leaseReleased: false,
    });
    expect((await state.breaker.status(PIPELINE)).consecutiveFailures).toBe(1);
    // The next run over the same files is a new attempt.
    expect(await decideRunStart({ state, registry }, { pipeline: PIPELINE })).toMatchObject({
      runId: `${runId}-a2`,
    });
  });

  it('records a run that never got going (lease held) as FAILED without counting it, and reads a Lambda cause', async () => {
    const fileIds = await arrive(state, objects, files);
    const runId = computeRunId(fileIds);
    const cause = JSON.stringify({
      errorType: LeaseHeldError.name,
      errorMessage: 'pipeline lakehouse is leased by run-x',
      trace: [],
    });
    const out = await markRunFailed(
      { state },
      { runId, pipeline: PIPELINE, fileIds, error: { Error: LeaseHeldError.name, Cause: cause } },
    );
    expect(out).toEqual({ runMarkedFailed: true, releasedFiles: 0, leaseReleased: false });
    expect(await state.runs.get(runId)).toMatchObject({
      status: 'FAILED',
      error: { name: 'LeaseHeldError', message: 'pipeline lakehouse is leased by run-x' },
      files: expect.arrayContaining([expect.objectContaining({ fileId: fileIds[0], dataset: 'products' })]),
    });
    expect((await state.breaker.status(PIPELINE)).consecutiveFailures).toBe(0);
  });

  it('takes a thrown error as the local run gives it: its class name and message', async () => {
    const fileIds = await arrive(state, objects, files);
    const runId = computeRunId(fileIds);
    const thrown = new LeaseHeldError(PIPELINE, 'run-y', Date.now() + 60_000);
    expect(statesErrorOf(thrown)).toEqual({ Error: 'LeaseHeldError', Cause: thrown.message });
    expect(statesErrorOf('a string')).toEqual({ Error: 'Error', Cause: 'a string' });
    await markRunFailed({ state }, { runId, pipeline: PIPELINE, fileIds, error: statesErrorOf(thrown) });
    expect(await state.runs.get(runId)).toMatchObject({
      status: 'FAILED',
      error: { name: 'LeaseHeldError', message: thrown.message },
    });
    expect((await state.breaker.status(PIPELINE)).consecutiveFailures).toBe(0);
  });
});

describe('validating a file in S3', () => {
  it('reads exactly the object the run was started for', async () => {
    const { state, close } = await openTestState('validate-s3');
    const s3 = await openS3Objects('validate-s3');
    try {
      const fileIds = await arrive(state, s3.objects, { 'raw/orders/o.csv': ORDER_ROWS });
      const runId = computeRunId(fileIds);
      const claim = await claimRun(
        { state, objects: s3.objects, registry },
        { runId, pipeline: PIPELINE, runStart: RUN_START, fileIds },
      );
      expect(claim.manifestUri).toBe(`s3://${s3.buckets.reports}/${runId}.manifest.json`);
      expect(
        JSON.parse(
          (
            await s3.objects
              .get({ zone: 'reports', key: `${runId}.manifest.json` })
              .then((o) => o.body.toArray())
          ).join(''),
        ),
      ).toMatchObject({
        datasets: { orders: [{ key: `s3://${s3.buckets.raw}/raw/orders/o.csv`, fileSeq: 1 }] },
      });
      const [file] = claim.files.orders;
      await s3.objects.put(rawFile('orders', 'o.csv'), csv(ORDERS)); // overwritten after the run started
      await expect(
        validateRunFile({ state, objects: s3.objects, registry }, { runId, runStart: RUN_START, file }),
      ).rejects.toThrow(ObjectVersionMismatchError);
    } finally {
      await close();
      await s3.close();
    }
  });
});
