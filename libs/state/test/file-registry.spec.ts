import {
  AlreadyClaimedError,
  AlreadyRegisteredError,
  FILE_TRANSITIONS,
  FileNotFoundError,
  fileIdOf,
  InvalidFileIdentityError,
  InvalidTransitionError,
  NotClaimedError,
  NotPendingError,
  type FileRecord,
  type FileRegistry,
  type RegisterFileInput,
} from '../src';
import { FILE_STATUSES, type FileStatus } from '@lakehouse/contracts';
import { describeState, ManualClock, uid } from './support';

const STATUSES = FILE_STATUSES;
const ALLOWED = STATUSES.flatMap((from) => FILE_TRANSITIONS[from].map((to) => [from, to] as const));
const REFUSED = STATUSES.flatMap((from) =>
  STATUSES.filter((to) => to !== from && !FILE_TRANSITIONS[from].includes(to)).map(
    (to) => [from, to] as const,
  ),
);

/** The shortest lifecycle path from RECEIVED to each status. */
const PATH: Record<FileStatus, FileStatus[]> = {
  RECEIVED: [],
  VALIDATED: ['VALIDATED'],
  QUARANTINED: ['QUARANTINED'],
  REJECTED: ['REJECTED'],
  EMPTY: ['EMPTY'],
  PROCESSED: ['VALIDATED', 'PROCESSED'],
  ARCHIVED: ['VALIDATED', 'PROCESSED', 'ARCHIVED'],
};

describeState('FileRegistry', (env) => {
  let clock: ManualClock;
  let files: FileRegistry;
  beforeEach(() => {
    clock = new ManualClock();
    files = env.store({ clock: clock.now }).files;
  });

  const input = (dataset = uid('ds'), name = uid('f'), eTag = uid('etag')): RegisterFileInput => ({
    bucket: 'local',
    key: `raw/${dataset}/${name}.csv`,
    eTag,
  });

  /** A registered file claimed by `runId` and moved along the path to `status`. */
  async function fileAt(status: FileStatus, runId = uid('run')): Promise<FileRecord> {
    const { file } = await files.register(input());
    let record = await files.claimOne(file.fileId, runId);
    for (const step of PATH[status]) record = await files.transition(file.fileId, step, { runId });
    expect(record.status).toBe(status);
    return record;
  }

  describe('registration', () => {
    it('registers a new object as RECEIVED, derives the dataset, and records the arrival', async () => {
      const dataset = uid('orders');
      const { created, file } = await files.register({ ...input(dataset), size: 120, sequencer: '0055' });
      expect(created).toBe(true);
      expect(file).toMatchObject({
        dataset,
        status: 'RECEIVED',
        size: 120,
        sequencer: '0055',
        receivedAt: clock.time,
      });
      expect(file.history).toEqual([{ event: 'RECEIVED', at: clock.time }]);
      expect(await files.get(file.fileId)).toEqual(file);
      expect(await files.get({ bucket: file.bucket, key: file.key, eTag: file.eTag })).toEqual(file);
    });

    it('registers 20 concurrent notifications of one object exactly once', async () => {
      const object = input();
      const results = await Promise.all(Array.from({ length: 20 }, () => files.register(object)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.file.fileId)).size).toBe(1);
      const pending = await files.listPending(object.key.split('/')[1]);
      expect(pending.map((f) => f.fileId)).toEqual([fileIdOf(object)]);
    });

    it('ignores a duplicate notification arriving after the file moved on (out of order)', async () => {
      const runId = uid('run');
      const object = input();
      const { file } = await files.register(object);
      await files.claimOne(file.fileId, runId);
      await files.transition(file.fileId, 'VALIDATED', { runId });
      const processed = await files.transition(file.fileId, 'PROCESSED', { runId });
      clock.advance(60_000);
      const late = await files.register(object);
      expect(late.created).toBe(false);
      expect(late.file).toEqual(processed);
      await expect(files.insert(object)).rejects.toEqual(
        new AlreadyRegisteredError(file.fileId, 'PROCESSED'),
      );
    });

    it('treats a re-upload with new content, or a new version, as a new file', async () => {
      const dataset = uid('ds');
      const first = await files.register({ bucket: 'b', key: `raw/${dataset}/a.csv`, eTag: 'e1' });
      const reupload = await files.register({ bucket: 'b', key: `raw/${dataset}/a.csv`, eTag: 'e2' });
      const v1 = await files.register({
        bucket: 'b',
        key: `raw/${dataset}/a.csv`,
        versionId: 'v1',
        eTag: 'e1',
      });
      const v2 = await files.register({
        bucket: 'b',
        key: `raw/${dataset}/a.csv`,
        versionId: 'v2',
        eTag: 'e1',
      });
      const created = [first, reupload, v1, v2];
      expect(created.every((r) => r.created)).toBe(true);
      expect(new Set(created.map((r) => r.file.fileId)).size).toBe(4);
      expect((await files.listPending(dataset)).length).toBe(4);
    });

    it('refuses an object with no dataset and no raw/<dataset>/ key', async () => {
      await expect(files.register({ bucket: 'b', key: 'elsewhere/a.csv', eTag: 'e' })).rejects.toBeInstanceOf(
        InvalidFileIdentityError,
      );
      const explicit = await files.register({
        bucket: 'b',
        key: `elsewhere/${uid('a')}.csv`,
        eTag: 'e',
        dataset: 'orders',
      });
      expect(explicit.file.dataset).toBe('orders');
    });
  });

  describe('pending files', () => {
    it('lists unclaimed files of one dataset, oldest arrival first, with a limit', async () => {
      const dataset = uid('ds');
      const registered: string[] = [];
      for (const name of ['c', 'a', 'b']) {
        registered.push((await files.register(input(dataset, name))).file.fileId);
        clock.advance(1_000);
      }
      await files.register(input(uid('other-dataset')));
      expect((await files.listPending(dataset)).map((f) => f.fileId)).toEqual(registered);
      expect((await files.listPending(dataset, { limit: 2 })).map((f) => f.fileId)).toEqual(
        registered.slice(0, 2),
      );

      await files.claimOne(registered[1], uid('run'));
      expect((await files.listPending(dataset)).map((f) => f.fileId)).toEqual([registered[0], registered[2]]);
    });

    it('reports which identities an earlier run already processed', async () => {
      const processed = await fileAt('PROCESSED');
      const archived = await fileAt('ARCHIVED');
      const validated = await fileAt('VALIDATED');
      const unknown = input();
      const found = await files.findAlreadyProcessed([
        processed.fileId,
        { bucket: archived.bucket, key: archived.key, eTag: archived.eTag },
        validated.fileId,
        unknown,
      ]);
      expect(found.map((f) => f.fileId).sort()).toEqual([processed.fileId, archived.fileId].sort());
    });

    it('looks up more files than one BatchGet takes (100)', async () => {
      const dataset = uid('many');
      const inputs = Array.from({ length: 105 }, (_, i) => input(dataset, `f${i}`));
      await Promise.all(inputs.map((i) => files.register(i)));
      const found = await files.lookup([...inputs, input()]);
      expect(found.size).toBe(105);
      expect([...found.keys()].sort()).toEqual(inputs.map(fileIdOf).sort());
    });
  });

  describe('claims', () => {
    it('refuses a double claim by another run, and accepts the same run again', async () => {
      const { file } = await files.register(input());
      const claimed = await files.claimOne(file.fileId, 'run-a');
      expect(claimed).toMatchObject({ runId: 'run-a', claimedAt: clock.time, status: 'RECEIVED' });
      await expect(files.claimOne(file.fileId, 'run-b')).rejects.toEqual(
        new AlreadyClaimedError(file.fileId, 'run-a', 'run-b'),
      );
      expect(await files.claimOne(file.fileId, 'run-a')).toEqual(claimed);
    });

    it('lets exactly one of 10 concurrent runs claim a file', async () => {
      const { file } = await files.register(input());
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => files.claimOne(file.fileId, `run-${i}`)),
      );
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(losers.every((o) => o.reason instanceof AlreadyClaimedError)).toBe(true);
      expect((await files.get(file.fileId))?.runId).toBe(
        (winners[0] as PromiseFulfilledResult<FileRecord>).value.runId,
      );
    });

    it('claims a set per file and reports each refusal with its reason', async () => {
      const runId = uid('run');
      const free = (await files.register(input())).file;
      const taken = (await files.register(input())).file;
      await files.claimOne(taken.fileId, 'someone-else');
      const done = await fileAt('PROCESSED');
      const result = await files.claim(
        [free.fileId, taken.fileId, done.fileId, 'f-unknown', free.fileId],
        runId,
      );
      expect(result.claimed.map((f) => f.fileId)).toEqual([free.fileId]);
      const reasons = Object.fromEntries(result.refused.map((r) => [r.fileId, r.error.constructor]));
      expect(reasons).toEqual({
        [taken.fileId]: AlreadyClaimedError,
        [done.fileId]: NotPendingError,
        'f-unknown': FileNotFoundError,
      });
    });

    it('refuses to claim a finished file that was released by its run', async () => {
      const runId = uid('run');
      const quarantined = await fileAt('QUARANTINED', runId);
      expect(await files.release([quarantined.fileId], runId)).toEqual([]);
      const again = await files.claim([quarantined.fileId], uid('run'));
      expect(again.refused[0].error).toEqual(new NotPendingError(quarantined.fileId, 'QUARANTINED'));
    });

    it('releases unfinished files of a failed run back to pending, and a new run can claim them', async () => {
      const dataset = uid('ds');
      const failedRun = uid('run');
      const a = (await files.register(input(dataset, 'a'))).file;
      clock.advance(1);
      const b = (await files.register(input(dataset, 'b'))).file;
      await files.claim([a.fileId, b.fileId], failedRun);
      await files.transition(a.fileId, 'VALIDATED', { runId: failedRun });
      expect(await files.listPending(dataset)).toEqual([]);

      const released = await files.release([a.fileId, b.fileId], failedRun);
      expect(released.map((f) => [f.fileId, f.status, f.runId])).toEqual([
        [a.fileId, 'VALIDATED', undefined],
        [b.fileId, 'RECEIVED', undefined],
      ]);
      expect((await files.listPending(dataset)).map((f) => f.fileId)).toEqual([a.fileId, b.fileId]);
      expect(await files.release([a.fileId], 'not-the-holder')).toEqual([]);

      const retry = await files.claim([a.fileId, b.fileId], uid('retry'));
      expect(retry.claimed).toHaveLength(2);
      expect((await files.get(a.fileId))?.history.map((h) => h.event)).toEqual([
        'RECEIVED',
        'CLAIMED',
        'VALIDATED',
        'RELEASED',
        'CLAIMED',
      ]);
    });

    it('lists the files of a run in key order', async () => {
      const runId = uid('run');
      const dataset = uid('ds');
      const ids = [];
      for (const name of ['z', 'm', 'a']) ids.push((await files.register(input(dataset, name))).file.fileId);
      await files.claim(ids, runId);
      expect((await files.listByRun(runId)).map((f) => f.key)).toEqual(
        ['a', 'm', 'z'].map((name) => `raw/${dataset}/${name}.csv`),
      );
    });

    it('refuses to claim a file that was never registered', async () => {
      await expect(files.claimOne('f-missing', 'run')).rejects.toBeInstanceOf(FileNotFoundError);
    });
  });

  describe('lifecycle', () => {
    it.each(ALLOWED)('allows %s → %s', async (from, to) => {
      const runId = uid('run');
      const file = await fileAt(from, runId);
      clock.advance(5_000);
      const moved = await files.transition(file.fileId, to, { runId });
      expect(moved.status).toBe(to);
      expect(moved.updatedAt).toBe(clock.time);
      expect(moved.history.at(-1)).toEqual({ event: to, at: clock.time, runId });
      expect(await files.get(file.fileId)).toEqual(moved);
    });

    it.each(REFUSED)('refuses %s → %s', async (from, to) => {
      const runId = uid('run');
      const file = await fileAt(from, runId);
      await expect(files.transition(file.fileId, to, { runId })).rejects.toEqual(
        new InvalidTransitionError(file.fileId, from, to),
      );
      expect((await files.get(file.fileId))?.status).toBe(from);
    });

    it('repeats an already applied transition without change (at-least-once retry)', async () => {
      const runId = uid('run');
      const file = await fileAt('PROCESSED', runId);
      clock.advance(1_000);
      expect(await files.transition(file.fileId, 'PROCESSED', { runId })).toEqual(file);
    });

    it('only lets the claiming run move a file', async () => {
      const { file } = await files.register(input());
      await expect(files.transition(file.fileId, 'VALIDATED', { runId: 'run-a' })).rejects.toEqual(
        new NotClaimedError(file.fileId, 'run-a'),
      );
      await files.claimOne(file.fileId, 'run-a');
      await expect(files.transition(file.fileId, 'VALIDATED', { runId: 'run-b' })).rejects.toEqual(
        new AlreadyClaimedError(file.fileId, 'run-a', 'run-b'),
      );
      await expect(files.transition('f-missing', 'VALIDATED', { runId: 'run-a' })).rejects.toBeInstanceOf(
        FileNotFoundError,
      );
    });

    it('attaches counts and a reason', async () => {
      const runId = uid('run');
      const validated = await fileAt('VALIDATED', runId);
      const processed = await files.transition(validated.fileId, 'PROCESSED', {
        runId,
        counts: { rowsIn: 10, accepted: 9, rejected: 1 },
      });
      expect(processed.counts).toEqual({ rowsIn: 10, accepted: 9, rejected: 1 });
      const received = await fileAt('RECEIVED');
      const quarantined = await files.transition(received.fileId, 'QUARANTINED', {
        runId: received.runId as string,
        reason: 'reject ratio 0.5 > 0.2',
        counts: { rowsIn: 4, accepted: 0, rejected: 4 },
      });
      expect(quarantined).toMatchObject({
        reason: 'reject ratio 0.5 > 0.2',
        counts: { rowsIn: 4, accepted: 0, rejected: 4 },
      });
    });
  });
});
