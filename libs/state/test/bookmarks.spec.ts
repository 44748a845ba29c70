import { StaleBookmarkError, type Bookmarks } from '../src';
import { describeState, ManualClock, uid } from './support';

describeState('Bookmarks', (env) => {
  let clock: ManualClock;
  let bookmarks: Bookmarks;
  beforeEach(() => {
    clock = new ManualClock();
    bookmarks = env.store({ clock: clock.now }).bookmarks;
  });

  it('starts at version 0 and commits version by version', async () => {
    const job = uid('orders-job');
    expect(await bookmarks.get(job)).toEqual({ job, version: 0, files: [], totalFiles: 0 });

    const v1 = await bookmarks.commit(job, {
      expectedVersion: 0,
      runId: 'run-1',
      files: ['f-a', 'f-b'],
      watermark: 10,
    });
    expect(v1).toEqual({
      job,
      version: 1,
      lastRunId: 'run-1',
      files: ['f-a', 'f-b'],
      totalFiles: 2,
      watermark: 10,
      committedAt: clock.time,
    });
    clock.advance(1_000);
    const v2 = await bookmarks.commit(job, {
      expectedVersion: 1,
      runId: 'run-2',
      files: ['f-c'],
      watermark: '2024-01-16',
    });
    expect(v2).toMatchObject({
      version: 2,
      lastRunId: 'run-2',
      files: ['f-c'],
      totalFiles: 3,
      watermark: '2024-01-16',
    });
    expect(await bookmarks.get(job)).toEqual(v2);

    const v3 = await bookmarks.commit(job, { expectedVersion: 2, runId: 'run-3', files: [] });
    expect(v3.watermark).toBeUndefined();
    expect(v3.totalFiles).toBe(3);
  });

  it('refuses a commit based on a stale version', async () => {
    const job = uid('job');
    await bookmarks.commit(job, { expectedVersion: 0, runId: 'run-1', files: ['f-a'] });
    const readByA = await bookmarks.get(job);
    const readByB = await bookmarks.get(job);
    await bookmarks.commit(job, { expectedVersion: readByA.version, runId: 'run-a', files: ['f-b'] });
    await expect(
      bookmarks.commit(job, { expectedVersion: readByB.version, runId: 'run-b', files: ['f-c'] }),
    ).rejects.toEqual(new StaleBookmarkError(job, 1, 2));
    expect(await bookmarks.get(job)).toMatchObject({
      version: 2,
      lastRunId: 'run-a',
      files: ['f-b'],
      totalFiles: 2,
    });
    // A first commit on an existing bookmark is stale too.
    await expect(
      bookmarks.commit(job, { expectedVersion: 0, runId: 'run-z', files: [] }),
    ).rejects.toBeInstanceOf(StaleBookmarkError);
  });

  it('lets exactly one of 10 concurrent commits on the same version win', async () => {
    const job = uid('job');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        bookmarks.commit(job, { expectedVersion: 0, runId: `run-${i}`, files: [`f-${i}`] }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.every((o) => o.reason instanceof StaleBookmarkError && o.reason.actualVersion === 1)).toBe(
      true,
    );
    expect((await bookmarks.get(job)).totalFiles).toBe(1);
  });

  it('accepts the same commit again (a retried job) without moving the bookmark', async () => {
    const job = uid('job');
    const commit = { expectedVersion: 0, runId: 'run-1', files: ['f-a'] };
    const first = await bookmarks.commit(job, commit);
    clock.advance(5_000);
    expect(await bookmarks.commit(job, commit)).toEqual(first);
    expect((await bookmarks.get(job)).totalFiles).toBe(1);
  });
});
