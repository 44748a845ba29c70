import { recordingLogger } from '@lakehouse/testing';
import { execFileSync } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { csv, PRODUCTS, tempDir, writeRaw } from '../test/fixtures';
import { HomeInUseError, HomeNotUsableError } from './errors';
import { HOME_LOCK_FILE, lockHome } from './home-lock';
import { runLocalPipeline } from './local-run';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');
const rawFolder = () =>
  tempDir('lock-raw').then((dir) =>
    writeRaw(dir, { 'products/p.csv': csv(PRODUCTS, '1,4,produce,Bananas') }),
  );

/** The pid of a process that has ended. */
const deadPid = () => Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim());

describe('one run per home at a time', () => {
  it('a second run on a home in use fails at once, naming the home and the holder; the first is unharmed', async () => {
    const home = await tempDir('lock-home');
    const raw = await rawFolder();
    // Both start at once; either may take the lock first (on a loaded machine, not always the
    // one called first): one is refused, at once, and the other is unharmed.
    const runs = [
      runLocalPipeline({ logger, raw, home, runStart }),
      runLocalPipeline({ logger, raw, home, runStart }),
    ];
    const settled: number[] = [];
    const outcomes = await Promise.allSettled(runs.map((r, i) => r.finally(() => settled.push(i))));
    const refused = outcomes.findIndex((o) => o.status === 'rejected');
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(settled).toEqual([refused, 1 - refused]); // refused before the other one ended
    const second = runs[refused];
    await expect(second).rejects.toThrow(HomeInUseError);
    await expect(second).rejects.toThrow(
      new RegExp(
        `^the home ${home} is in use by process ${process.pid} on ${hostname()} \\(since \\d{4}-\\d\\d-\\d\\dT[^)]+\\): one run per home at a time; if that process has ended, remove ${join(home, HOME_LOCK_FILE)}$`,
      ),
    );
    expect((await runs[1 - refused]).summary.status).toBe('SUCCEEDED');
    await expect(readFile(join(home, HOME_LOCK_FILE))).rejects.toThrow(/ENOENT/); // released
  });

  it('names the run the holder is running', async () => {
    const home = await tempDir('lock-named');
    const lock = await lockHome(home, []);
    await lock.recordRun('run-0123');
    await expect(runLocalPipeline({ logger, raw: await rawFolder(), home, runStart })).rejects.toThrow(
      /is in use by process \d+ on .* \(run run-0123, since /,
    );
    await lock.release();
    expect((await runLocalPipeline({ logger, raw: await rawFolder(), home, runStart })).summary.status).toBe(
      'SUCCEEDED',
    );
  });

  it('takes over a lock left by a process that ended (killed, crashed), or left half-written', async () => {
    const home = await tempDir('lock-stale');
    const lockFile = join(home, HOME_LOCK_FILE);
    await writeFile(
      lockFile,
      JSON.stringify({ pid: deadPid(), host: hostname(), since: '2024-01-01T00:00:00Z', nonce: 'gone' }),
    );
    expect((await runLocalPipeline({ logger, raw: await rawFolder(), home, runStart })).summary.status).toBe(
      'SUCCEEDED',
    );
    await writeFile(lockFile, '{"pid": 12'); // a crash while writing it
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFile, old, old);
    expect((await runLocalPipeline({ logger, raw: await rawFolder(), home, runStart })).summary.status).toBe(
      'NOTHING_TO_DO',
    );
  });

  it('an impossible home is a clear error naming the path, never a hang', async () => {
    const file = join(await tempDir('lock-file'), 'a-file');
    await writeFile(file, 'not a folder');
    for (const [home, reason] of [
      ['/proc/lakehouse-home', 'it cannot be created (ENOENT)'],
      [join(file, 'home'), 'it cannot be created (ENOTDIR)'],
      [file, 'it cannot be created (ENOTDIR)'],
    ]) {
      const attempt = runLocalPipeline({ logger, raw: await rawFolder(), home, runStart });
      await expect(attempt).rejects.toThrow(HomeNotUsableError);
      await expect(attempt).rejects.toThrow(`the home ${home} cannot be used: ${reason}`);
    }
  });
});
