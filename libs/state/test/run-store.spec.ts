import {
  computeRunId,
  DATASET_SUMMARY_BUDGET,
  StateItemTooLargeError,
  InvalidRunIdError,
  InvalidRunTransitionError,
  RunNotFoundError,
  type DatasetRunSummary,
  type RunFileRef,
  type RunStore,
} from '../src';
import { describeState, ManualClock, uid } from './support';

const summary = (accepted: number, score = 100): DatasetRunSummary => ({
  rowsIn: accepted + 1,
  accepted,
  rejected: 1,
  reasons: { TYPE: 1 },
  quality: {
    completeness: 1,
    validity: 0.9,
    accuracy: 1,
    consistency: 1,
    uniqueness: 1,
    score,
    passed: score >= 95,
  },
  files: [{ key: 'raw/orders/a.csv', status: 'PROCESSED', rowsIn: accepted + 1, accepted, rejected: 1 }],
});

describeState('RunStore', (env) => {
  let clock: ManualClock;
  let runs: RunStore;
  beforeEach(() => {
    clock = new ManualClock();
    runs = env.store({ clock: clock.now }).runs;
  });

  const filesOf = (...datasets: string[]): RunFileRef[] =>
    datasets.map((dataset) => ({
      fileId: `f-${uid('x')}`,
      dataset,
      bucket: 'local',
      key: `raw/${dataset}/${uid('f')}.csv`,
    }));

  it('starts a run with the deterministic id of its files, once', async () => {
    const files = filesOf('orders', 'products');
    const pipeline = uid('pipe');
    const first = await runs.start({ pipeline, files });
    expect(first.created).toBe(true);
    expect(first.run).toMatchObject({
      runId: computeRunId(files.map((f) => f.fileId)),
      pipeline,
      status: 'RUNNING',
      attempt: 1,
      files,
      datasets: {},
      steps: [],
      startedAt: clock.time,
      runStart: clock.time,
    });
    clock.advance(1_000);
    const again = await runs.start({ pipeline, files: [...files].reverse() });
    expect(again).toEqual({ created: false, run: first.run });
    expect(await runs.get(first.run.runId)).toEqual(first.run);
  });

  it('gives a retry attempt its own run id', async () => {
    const files = filesOf('orders');
    const first = await runs.start({ pipeline: uid('pipe'), files });
    const retry = await runs.start({ pipeline: uid('pipe'), files, attempt: 2 });
    expect(retry.created).toBe(true);
    expect(retry.run.runId).toBe(`${first.run.runId}-a2`);
    expect(retry.run.attempt).toBe(2);
  });

  it('refuses a run id that is not a valid execution name', async () => {
    await expect(
      runs.start({ pipeline: 'p', files: filesOf('orders'), runId: 'has space' }),
    ).rejects.toBeInstanceOf(InvalidRunIdError);
    await expect(
      runs.start({ pipeline: 'p', files: filesOf('orders'), runId: 'x'.repeat(81) }),
    ).rejects.toBeInstanceOf(InvalidRunIdError);
  });

  it('records a step history with timestamps and per-dataset summaries while RUNNING', async () => {
    const { run } = await runs.start({ pipeline: uid('pipe'), files: filesOf('orders') });
    const t0 = clock.time;
    await runs.recordStep(run.runId, { name: 'validate', status: 'STARTED' });
    clock.advance(2_500);
    await runs.recordStep(run.runId, { name: 'validate', status: 'SUCCEEDED', detail: '3 files' });
    clock.advance(500);
    const updated = await runs.recordDataset(run.runId, 'orders', summary(9));
    expect(updated.steps).toEqual([
      { name: 'validate', status: 'STARTED', at: t0 },
      { name: 'validate', status: 'SUCCEEDED', at: t0 + 2_500, detail: '3 files' },
    ]);
    expect(updated.datasets).toEqual({ orders: summary(9) });
    expect(updated.updatedAt).toBe(t0 + 3_000);
  });

  it('finishes once: a retry with the same status is accepted, another status is refused', async () => {
    const { run } = await runs.start({ pipeline: uid('pipe'), files: filesOf('orders', 'products') });
    await runs.recordDataset(run.runId, 'orders', summary(9));
    clock.advance(10_000);
    const finished = await runs.finish(run.runId, {
      status: 'SUCCEEDED_WITH_WARNINGS',
      datasets: { products: summary(5, 90) },
    });
    expect(finished).toMatchObject({ status: 'SUCCEEDED_WITH_WARNINGS', endedAt: clock.time });
    expect(Object.keys(finished.datasets).sort()).toEqual(['orders', 'products']);

    clock.advance(1_000);
    expect(await runs.finish(run.runId, { status: 'SUCCEEDED_WITH_WARNINGS' })).toEqual(finished);
    await expect(runs.finish(run.runId, { status: 'FAILED' })).rejects.toEqual(
      new InvalidRunTransitionError(run.runId, 'SUCCEEDED_WITH_WARNINGS', 'FAILED'),
    );
    await expect(runs.recordStep(run.runId, { name: 'late', status: 'STARTED' })).rejects.toBeInstanceOf(
      InvalidRunTransitionError,
    );
    await expect(runs.recordDataset(run.runId, 'orders', summary(1))).rejects.toBeInstanceOf(
      InvalidRunTransitionError,
    );
    expect(await runs.get(run.runId)).toEqual({ ...finished, files: run.files });
  });

  it('records a failure with its error, and NOTHING_TO_DO', async () => {
    const failed = (await runs.start({ pipeline: uid('pipe'), files: filesOf('orders') })).run;
    const error = { name: 'States.TaskFailed', message: 'glue job orders failed' };
    expect(await runs.finish(failed.runId, { status: 'FAILED', error })).toMatchObject({
      status: 'FAILED',
      error,
    });
    const idle = (await runs.start({ pipeline: uid('pipe'), files: filesOf('orders') })).run;
    expect((await runs.finish(idle.runId, { status: 'NOTHING_TO_DO' })).status).toBe('NOTHING_TO_DO');
  });

  it('keeps a run of thousands of files with long keys: no item grows with the files', async () => {
    const longName = (i: number) => `${'x'.repeat(900)}-${i}.csv`; // a 1,000-byte key
    const files: RunFileRef[] = Array.from({ length: 2_000 }, (_, i) => ({
      fileId: `f-${String(i).padStart(32, '0')}`,
      dataset: 'orders',
      bucket: 'local',
      key: `raw/orders/2024/06/01/${longName(i)}`,
    }));
    const { run } = await runs.start({ pipeline: uid('pipe'), files });
    expect(run.fileCount).toBe(2_000);
    await runs.recordStep(run.runId, { name: 'load', status: 'SUCCEEDED', detail: 'd'.repeat(100_000) });
    const finished = await runs.finish(run.runId, {
      status: 'FAILED',
      datasets: { orders: summary(9) },
      error: { name: 'Error', message: 'm'.repeat(1_000_000) },
    });
    expect(finished.error?.message).toMatch(/^m{2000}… \(998000 more characters\)$/);
    expect(finished.steps[0].detail).toHaveLength(2_000 + '… (98000 more characters)'.length);
    const back = await runs.get(run.runId);
    expect(back?.files).toEqual(files);
    expect(back?.status).toBe('FAILED');
  });

  it('refuses a summary over its budget before writing anything, naming it', async () => {
    const { run } = await runs.start({ pipeline: uid('pipe'), files: filesOf('orders') });
    const wide = { ...summary(1), schemaDrift: ['c'.repeat(DATASET_SUMMARY_BUDGET)] };
    await expect(runs.finish(run.runId, { status: 'SUCCEEDED', datasets: { orders: wide } })).rejects.toThrow(
      new RegExp(`^the orders summary of run ${run.runId} is \\d+ bytes, over the 65536-byte budget`),
    );
    await expect(runs.recordDataset(run.runId, 'orders', wide)).rejects.toBeInstanceOf(
      StateItemTooLargeError,
    );
    expect((await runs.get(run.runId))?.status).toBe('RUNNING');
  });

  it('says when a run does not exist', async () => {
    await expect(runs.finish('run-missing', { status: 'FAILED' })).rejects.toEqual(
      new RunNotFoundError('run-missing'),
    );
    await expect(runs.recordStep('run-missing', { name: 's', status: 'STARTED' })).rejects.toBeInstanceOf(
      RunNotFoundError,
    );
    expect(await runs.get('run-missing')).toBeUndefined();
  });

  it('lists a dataset’s finished runs newest first, with a limit (quality history)', async () => {
    const dataset = uid('orders');
    const pipeline = uid('pipe');
    const started: string[] = [];
    for (let i = 0; i < 5; i++) {
      started.push((await runs.start({ pipeline, files: filesOf(dataset) })).run.runId);
      clock.advance(60_000);
    }
    // Finish out of start order; a still-RUNNING run is not part of the history.
    for (const i of [3, 0, 4, 1]) {
      await runs.finish(started[i], {
        status: i === 1 ? 'FAILED' : 'SUCCEEDED',
        datasets: { [dataset]: summary(i, 90 + i) },
      });
    }
    const history = await runs.recentByDataset(dataset);
    expect(history.map((h) => h.runId)).toEqual([started[4], started[3], started[1], started[0]]);
    expect(history[0]).toMatchObject({ dataset, pipeline, status: 'SUCCEEDED', summary: summary(4, 94) });
    expect(history[2].status).toBe('FAILED');
    expect(history[0].startedAt).toBeGreaterThan(history[1].startedAt);

    expect((await runs.recentByDataset(dataset, { limit: 2 })).map((h) => h.runId)).toEqual([
      started[4],
      started[3],
    ]);
    expect(await runs.recentByDataset(uid('never-ran'))).toEqual([]);
  });

  it('keeps the run start it is given, apart from when the record was created, on the history too', async () => {
    const dataset = uid('orders');
    const runStart = Date.parse('2024-06-25T01:00:00Z');
    const { run } = await runs.start({ pipeline: uid('pipe'), files: filesOf(dataset), runStart });
    expect([run.runStart, run.startedAt]).toEqual([runStart, clock.time]);
    await runs.finish(run.runId, { status: 'SUCCEEDED', datasets: { [dataset]: summary(1, 9) } });
    const [entry] = await runs.recentByDataset(dataset);
    expect([entry.runStart, entry.startedAt]).toEqual([runStart, clock.time]);
  });

  it('lists a pipeline’s runs newest first, including running ones', async () => {
    const pipeline = uid('pipe');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await runs.start({ pipeline, files: filesOf('orders') })).run.runId);
      clock.advance(1_000);
    }
    await runs.finish(ids[0], { status: 'SUCCEEDED' });
    const recent = await runs.recentByPipeline(pipeline, { limit: 2 });
    expect(recent.map((r) => [r.runId, r.status])).toEqual([
      [ids[2], 'RUNNING'],
      [ids[1], 'RUNNING'],
    ]);
  });
});
