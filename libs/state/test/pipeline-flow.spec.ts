import { computeRunId, LeaseLostError, PROCESSED_STATUSES, type RegisterFileInput } from '../src';
import { describeState, ManualClock, uid } from './support';

// The components together, the way the trigger / state machine / local pipeline use them.
describeState('pipeline flow', (env) => {
  const DATASETS = ['products', 'orders', 'order_items'];

  it('runs once over the pending files, and a re-run of the same files finds them already processed', async () => {
    const clock = new ManualClock();
    const state = env.store({ clock: clock.now, leaseTtlMs: 60_000 });
    const pipeline = uid('lakehouse');
    const suffix = uid('batch');
    const objects: RegisterFileInput[] = DATASETS.map((dataset) => ({
      bucket: 'local',
      key: `raw/${dataset}/${suffix}.csv`,
      eTag: `hash-${dataset}-${suffix}`,
    }));

    // At-least-once delivery: every notification arrives twice.
    const registered = await Promise.all([...objects, ...objects].map((o) => state.files.register(o)));
    expect(registered.filter((r) => r.created)).toHaveLength(3);

    const pending = (await Promise.all(DATASETS.map((d) => state.files.listPending(d)))).flat();
    const mine = pending.filter((f) => f.key.endsWith(`${suffix}.csv`));
    expect(mine).toHaveLength(3);
    const runId = computeRunId(mine.map((f) => f.fileId));

    await state.breaker.admit(pipeline, runId);
    const lease = await state.leases.acquire(pipeline, runId);
    const claim = await state.files.claim(
      mine.map((f) => f.fileId),
      runId,
    );
    expect(claim.refused).toEqual([]);
    const { run } = await state.runs.start({ pipeline, files: claim.claimed });
    expect(run.runId).toBe(runId);

    for (const file of claim.claimed) {
      await state.files.transition(file.fileId, 'VALIDATED', { runId });
      clock.advance(100);
      await state.runs.recordStep(runId, { name: `validate ${file.dataset}`, status: 'SUCCEEDED' });
    }
    for (const dataset of DATASETS) {
      const job = `${pipeline}-${dataset}`;
      const bookmark = await state.bookmarks.get(job);
      const files = claim.claimed.filter((f) => f.dataset === dataset).map((f) => f.fileId);
      for (const fileId of files) {
        await state.files.transition(fileId, 'PROCESSED', {
          runId,
          counts: { rowsIn: 3, accepted: 3, rejected: 0 },
        });
      }
      await state.leases.assertHeld(lease); // fencing before the checkpoint moves
      await state.bookmarks.commit(job, { expectedVersion: bookmark.version, runId, files });
    }
    for (const file of claim.claimed) await state.files.transition(file.fileId, 'ARCHIVED', { runId });
    const quality = {
      completeness: 1,
      validity: 1,
      accuracy: 1,
      consistency: 1,
      uniqueness: 1,
      score: 100,
      passed: true,
    };
    await state.runs.finish(runId, {
      status: 'SUCCEEDED',
      datasets: Object.fromEntries(
        DATASETS.map((d) => [d, { rowsIn: 3, accepted: 3, rejected: 0, reasons: {}, quality }]),
      ),
    });
    await state.breaker.recordSuccess(pipeline, runId);
    await state.leases.release(lease);

    // The same files again (a re-run of the folder): nothing to claim, all already processed.
    const again = await Promise.all(objects.map((o) => state.files.register(o)));
    expect(again.every((r) => !r.created && r.file.status === 'ARCHIVED')).toBe(true);
    expect((await state.files.findAlreadyProcessed(objects)).length).toBe(3);
    expect(again.every((r) => PROCESSED_STATUSES.includes(r.file.status))).toBe(true);
    expect((await state.runs.recentByDataset('orders', { limit: 50 })).some((h) => h.runId === runId)).toBe(
      true,
    );
    expect((await state.files.listByRun(runId)).map((f) => f.status)).toEqual([
      'ARCHIVED',
      'ARCHIVED',
      'ARCHIVED',
    ]);
  });

  it('recovers from a crashed run: lease expires, files are released, the retry gets a new run id', async () => {
    const clock = new ManualClock();
    const state = env.store({
      clock: clock.now,
      leaseTtlMs: 60_000,
      breaker: { failureThreshold: 3, coolDownMs: 1_000 },
    });
    const pipeline = uid('lakehouse');
    const { file } = await state.files.register({
      bucket: 'local',
      key: `raw/orders/${uid('f')}.csv`,
      eTag: uid('e'),
    });
    const runId = computeRunId([file.fileId]);

    const lease = await state.leases.acquire(pipeline, runId);
    await state.files.claim([file.fileId], runId);
    await state.runs.start({ pipeline, files: [file] });
    await state.files.transition(file.fileId, 'VALIDATED', { runId });

    clock.advance(60_000); // the run crashed; its lease runs out
    const retryId = computeRunId([file.fileId], { attempt: 2 });
    const retryLease = await state.leases.acquire(pipeline, retryId);
    await expect(state.leases.assertHeld(lease)).rejects.toBeInstanceOf(LeaseLostError);

    await state.runs.finish(runId, { status: 'FAILED', error: { message: 'lease expired' } });
    await state.breaker.recordFailure(pipeline, runId, 'lease expired');
    expect(await state.files.release([file.fileId], runId)).toHaveLength(1);

    const claim = await state.files.claim([file.fileId], retryId);
    expect(claim.claimed.map((f) => f.status)).toEqual(['VALIDATED']);
    const retry = await state.runs.start({ pipeline, files: claim.claimed, attempt: 2 });
    expect(retry.run.runId).toBe(retryId);
    await state.files.transition(file.fileId, 'PROCESSED', { runId: retryId });
    await state.leases.assertHeld(retryLease);
    await state.runs.finish(retryId, { status: 'SUCCEEDED' });
    expect((await state.breaker.recordSuccess(pipeline, retryId)).consecutiveFailures).toBe(0);
  });
});
