import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PRODUCTS_HEADER, rawFolder, RUN_START, runJson, tempDir as temp } from '../test/homes';
import { runBin, startBin } from '../test/run-bin';
import { runCli } from '../test/run-cli';

/** A home after one run of two products; returns it with the run id. */
async function homeWithARun(): Promise<{ home: string; runId: string }> {
  const home = await temp('ops-home');
  const { summary } = await runJson(await rawFolder(), home);
  return { home, runId: summary.runId };
}

describe('lakehouse status and the operator commands, on a real home', () => {
  let home: string;
  let runId: string;
  beforeAll(async () => ({ home, runId } = await homeWithARun()), 60_000);

  it('status: the run with its steps, execution and files, the lease and the breaker; --json', async () => {
    const text = await runCli('status', '--home', home);
    expect(text.code).toBe(0);
    // The run's logical time (its --run-start) beside when it was claimed.
    const runStart = new Date(RUN_START).toISOString();
    expect(text.out).toContain(`${runId}  SUCCEEDED  run start ${runStart}  started `);
    expect(text.out).toMatch(
      // Every step is recorded before the quality step ends the run, which then takes no step.
      /steps: {5}claim ✓ {2}validate ✓ {2}load ✓ {2}settle ✓ {2}catalog ✓ {2}verify ✓ {2}quality \(ended the run\)\n/,
    );
    expect(text.out).toContain('execution: SUCCEEDED, last state succeeded');
    expect(text.out).toMatch(/raw\/products\/p\.csv\s+ARCHIVED\s+2\s+2\s+0/);
    expect(text.out).toContain('lease:   free\nbreaker: CLOSED, 0 consecutive failure(s)\n');
    expect(text.out).toContain('pending files (waiting for a run): none');

    const json = JSON.parse((await runCli('status', '--home', home, '--json')).out);
    expect(json).toMatchObject({
      home,
      pipeline: 'local',
      lease: null,
      breaker: { state: 'CLOSED', consecutiveFailures: 0 },
      pending: [],
      runs: [
        {
          runId,
          status: 'SUCCEEDED',
          runStart: new Date(RUN_START).toISOString(),
          files: [{ key: 'raw/products/p.csv', status: 'ARCHIVED' }],
        },
      ],
    });
  }, 60_000);

  it('refuses what is unsafe with one line and exit 1', async () => {
    expect(await runCli('runs', 'fail', runId, '--reason', 'stuck', '--home', home)).toEqual({
      code: 1,
      out: '',
      err: `lakehouse: run ${runId} is SUCCEEDED, not RUNNING: only a running run can be failed\n`,
    });
    expect(await runCli('runs', 'fail', 'run-unknown', '--reason', 'stuck', '--home', home)).toEqual({
      code: 1,
      out: '',
      err: `lakehouse: no run run-unknown in ${home}\n`,
    });
    expect(await runCli('breaker', 'reset', '--home', home)).toEqual({
      code: 1,
      out: '',
      err: 'lakehouse: the breaker of pipeline local is CLOSED: nothing to reset\n',
    });
    expect(await runCli('replay', '--dataset', 'orders', '--home', home)).toEqual({
      code: 1,
      out: '',
      err: `lakehouse: no archived orders files in ${home}\n`,
    });
  }, 60_000);

  it('exits 2 on usage errors, naming the option', async () => {
    const cases: [string[], string][] = [
      [['runs', 'fail', runId, '--home', home], "required option '--reason <text>' not specified"],
      [['runs', 'fail', '../x', '--reason', 'r', '--home', home], '<runId>: not a run id: "../x"'],
      [['replay', '--dataset', 'customers', '--home', home], '--dataset: unknown dataset "customers"'],
      [['replay', '--dataset', 'orders', '--run', 'a/b', '--home', home], '--run: not a run id: "a/b"'],
      [['status', '--home', join(home, 'nowhere')], `--home: no lakehouse home at ${join(home, 'nowhere')}`],
      [['status', '--home', home, '--limit', '0'], '--limit must be a whole number from 1 to 9999'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(...argv);
      expect([r.code, r.err]).toEqual([2, expect.stringContaining(message)]);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('replay loads the archived files in a new run; no row is added twice', async () => {
    const r = await runCli('replay', '--dataset', 'products', '--run', runId, '--home', home, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.runId).not.toBe(runId);
    expect(summary.datasets.products).toMatchObject({ rowsIn: 2, accepted: 2, rejected: 0 });
    const count = await runCli(
      'query',
      'SELECT count(*) AS n FROM lakehouse_local.products',
      '--home',
      home,
      '--json',
    );
    expect(JSON.parse(count.out)).toEqual([{ n: 2 }]);
  }, 60_000);

  it('while a process holds the home: status shows the holder, the operator commands are refused', async () => {
    const lock = join(home, '.lakehouse.lock');
    const holder = {
      pid: process.pid,
      host: hostname(),
      since: '2024-02-01T00:00:00.000Z',
      runId: 'run-live',
      nonce: 'n',
    };
    await writeFile(lock, JSON.stringify(holder));
    try {
      const status = await runCli('status', '--home', home);
      expect(status.code).toBe(0);
      expect(status.out).toContain(
        `in use by process ${process.pid} on ${hostname()} since 2024-02-01T00:00:00.000Z (run run-live)`,
      );
      expect(status.out).toContain(`${runId}  SUCCEEDED`); // its execution, read from the home
      for (const argv of [
        ['runs', 'fail', runId, '--reason', 'r', '--force'],
        ['breaker', 'reset'],
        ['replay', '--dataset', 'products'],
      ]) {
        const r = await runCli(...argv, '--home', home);
        expect([r.code, r.err]).toEqual([1, expect.stringContaining(`is in use by process ${process.pid}`)]);
      }
    } finally {
      await rm(lock);
    }
  }, 60_000);
});

describe('two `lakehouse run` processes on one home', () => {
  it('one runs, the other is refused at once naming it, and nothing of either is lost', async () => {
    const home = await temp('two-home');
    const raws = await Promise.all(
      ['a', 'b'].map((name, i) =>
        rawFolder({ [`products/${name}.csv`]: `${PRODUCTS_HEADER}\n${i + 1},4,produce,Item ${name}\n` }),
      ),
    );
    const first = startBin(['run', '--raw', raws[0], '--home', home, '--json']);
    // Hold the first run still once it holds the home (SIGSTOP): the second certainly meets it.
    const lock = join(home, '.lakehouse.lock');
    for (;;) {
      const text = await readFile(lock, 'utf8').catch(() => '');
      const holder = /^\{.*\}$/.test(text) ? (JSON.parse(text) as { pid: number }) : undefined;
      if (holder?.pid === first.child.pid) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGSTOP');
    let second: { code: number; out: string; err: string };
    try {
      second = await runBin(['run', '--raw', raws[1], '--home', home, '--json']);
    } finally {
      first.child.kill('SIGCONT');
    }
    expect(second.code).toBe(1);
    expect(second.out).toBe('');
    expect(second.err).toMatch(
      new RegExp(
        `^lakehouse: the home ${home} is in use by process ${first.child.pid} on \\S+ \\(.*one run per home at a time`,
      ),
    );
    const one = await first.done;
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({
      status: 'SUCCEEDED',
      datasets: { products: { accepted: 1 } },
    });

    // The refused run touched nothing: run again, it loads its file; both rows are in the table.
    const again = await runBin(['run', '--raw', raws[1], '--home', home, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).datasets.products.files).toEqual([
      expect.objectContaining({ key: 'raw/products/b.csv', status: 'PROCESSED', accepted: 1 }),
    ]);
    const rows = await runCli(
      'query',
      'SELECT product_name FROM lakehouse_local.products ORDER BY 1',
      '--home',
      home,
      '--json',
    );
    expect(JSON.parse(rows.out)).toEqual([{ product_name: 'Item a' }, { product_name: 'Item b' }]);
  }, 120_000);
});
