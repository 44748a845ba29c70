import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '@lakehouse/testing';
import { failRun } from './fail-run';
import { openLocalState, type LocalState } from './local-state';

describe('failRun', () => {
  let state: LocalState;
  beforeAll(async () => {
    state = await openLocalState(await mkdtemp(join(tmpdir(), 'fail-run-')));
  }, 30_000);
  afterAll(() => state.close());

  /** A started run holding one claimed file. */
  async function startedRun(name: string) {
    const { store } = state;
    const { file } = await store.files.register({
      bucket: 'local',
      key: `raw/products/${name}.csv`,
      eTag: name,
    });
    const { run } = await store.runs.start({
      pipeline: name,
      files: [{ fileId: file.fileId, dataset: 'products' }],
    });
    await store.files.claim([file.fileId], run.runId);
    return { runId: run.runId, fileId: file.fileId };
  }

  it('gives the files back and records the run FAILED with its error', async () => {
    const { runId, fileId } = await startedRun('a');
    const { logger, entries } = recordingLogger();
    await failRun(
      state.store,
      { pipeline: 'a', runId, fileIds: [fileId] },
      new Error('engine broke'),
      logger,
    );
    expect(await state.store.runs.get(runId)).toMatchObject({
      status: 'FAILED',
      error: { name: 'Error', message: 'engine broke' },
    });
    expect((await state.store.files.get(fileId))?.runId).toBeUndefined();
    expect(entries).toEqual([]);
  });

  it('logs a clean-up that fails, with its context, and keeps it in the run record', async () => {
    const { runId, fileId } = await startedRun('b');
    const { logger, entries } = recordingLogger();
    // An empty file id is refused by the database itself: releasing the files fails.
    await failRun(
      state.store,
      { pipeline: 'b', runId, fileIds: [fileId, ''] },
      new Error('engine broke'),
      logger,
    );
    const run = await state.store.runs.get(runId);
    expect(run?.status).toBe('FAILED');
    expect(run?.error?.cleanup).toEqual([expect.stringMatching(/^release the files: /)]);
    expect(entries).toEqual([
      {
        level: 'error',
        message: 'could not release the files while failing the run',
        fields: expect.objectContaining({
          runId,
          pipeline: 'b',
          step: 'fail',
          files: [fileId, ''],
          runError: 'engine broke',
          error: expect.objectContaining({ message: expect.any(String) }),
        }),
      },
    ]);
  });

  it('logs a failure it cannot record, naming the typed error, and still counts it in the breaker', async () => {
    const { runId, fileId } = await startedRun('c');
    await state.store.runs.finish(runId, { status: 'SUCCEEDED' });
    const { logger, entries } = recordingLogger();
    await failRun(
      state.store,
      { pipeline: 'c', runId, fileIds: [fileId] },
      new Error('report not written'),
      logger,
    );
    expect(entries.map((e) => [e.message, (e.fields.error as { code?: string }).code])).toEqual([
      ['could not record the failure while failing the run', 'INVALID_RUN_TRANSITION'],
    ]);
    expect((await state.store.runs.get(runId))?.status).toBe('SUCCEEDED');
    expect((await state.store.breaker.status('c')).consecutiveFailures).toBe(1);
  });
});
