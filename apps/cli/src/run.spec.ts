import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exitCodeOf } from './commands/run';
import { PRODUCTS_HEADER, rawFolder, RUN_START, runJson, tempDir as temp } from '../test/homes';
import { runCli } from '../test/run-cli';

const run = runCli;

describe('lakehouse run', () => {
  it('prints only the run summary with --json, then NOTHING_TO_DO for the same files', async () => {
    const raw = await rawFolder();
    const home = await temp('home');
    const { code, summary } = await runJson(raw, home);
    expect(code).toBe(0);
    expect(summary).toMatchObject({
      status: 'SUCCEEDED',
      datasets: {
        products: {
          rowsIn: 2,
          accepted: 2,
          rejected: 0,
          files: [{ key: 'raw/products/p.csv', status: 'PROCESSED' }],
        },
      },
    });
    expect(JSON.parse(await readFile(join(home, 'reports', `${summary.runId}.json`), 'utf8'))).toEqual(
      summary,
    );

    const again = await run('run', '--raw', raw, '--home', home);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/NOTHING_TO_DO/);
    expect(again.out).toMatch(/raw\/products\/p\.csv\s+ALREADY_PROCESSED/);
  }, 60_000);

  it('a first run whose products file is quarantined succeeds with warnings and leaves products empty', async () => {
    const raw = await rawFolder({
      'products/p.csv': `${PRODUCTS_HEADER}\n1,x,produce,Bananas\n2,4,produce,Pears\n`,
    });
    const home = await temp('quarantined-home');
    const r = await run('run', '--raw', raw, '--home', home, '--run-start', RUN_START);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: SUCCEEDED_WITH_WARNINGS\n/);
    expect(r.out).toContain('products: QUARANTINED: raw/products/p.csv: 1 of 2 rows rejected (50.0% > 20%)');
    const count = await run(
      'query',
      'SELECT count(*) AS n FROM lakehouse_local.products',
      '--home',
      home,
      '--json',
    );
    expect([count.code, JSON.parse(count.out)]).toEqual([0, [{ n: 0 }]]);
  }, 60_000);

  it.each([[['run', '--home', '/tmp/x'], /required option '--raw <dir>' not specified/]])(
    'exits 2 on usage errors: %j',
    async (argv, message) => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    },
  );

  it('exits 2 naming a folder that is not a dataset', async () => {
    const raw = await temp('bad');
    await mkdir(join(raw, 'customers'));
    const r = await run('run', '--raw', raw, '--home', await temp('h'));
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('"customers" is not a dataset folder')]);
  });

  it('maps run statuses to exit codes', () => {
    const summary = (status: string) => ({ runId: 'r', status, datasets: {} }) as never;
    expect(
      ['SUCCEEDED', 'SUCCEEDED_WITH_WARNINGS', 'NOTHING_TO_DO', 'FAILED'].map((s) => exitCodeOf(summary(s))),
    ).toEqual([0, 0, 0, 1]);
  });
});

describe('lakehouse report', () => {
  it("prints a run's quality report, the latest by default, as a table, JSON or an HTML page", async () => {
    const raw = await rawFolder();
    const home = await temp('report-home');
    const firstRunId = (await runJson(raw, home)).summary.runId;
    await writeFile(join(raw, 'products', 'q.csv'), `${PRODUCTS_HEADER}\n3,4,produce,Plums\n`);
    const { runId } = (await runJson(raw, home)).summary;
    expect(runId).not.toBe(firstRunId);

    const latest = await run('report', '--home', home);
    expect(latest.code).toBe(0);
    expect(latest.out).toContain(`Quality report — run ${runId} — SUCCEEDED`);
    expect(latest.out).toMatch(/completeness\s+1\s+≥ 0\.95\s+✓/);

    const html = join(home, 'page.html');
    const named = await run('report', firstRunId, '--home', home, '--json', '--html', html);
    expect(JSON.parse(named.out)).toMatchObject({ runId: firstRunId, datasets: { products: { rowsIn: 2 } } });
    expect(await readFile(html, 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000);

  it('exits 2 naming a run without a report, or a home without any', async () => {
    const home = await temp('empty-home');
    expect(await run('report', '--home', home)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no quality report in'),
    });
    expect(await run('report', 'run-nope', '--home', home)).toMatchObject({
      code: 2,
      err: expect.stringContaining('no quality report for run "run-nope"'),
    });
  });

  it('refuses a damaged report, naming the file and the field', async () => {
    const home = await temp('damaged-home');
    await mkdir(join(home, 'reports'), { recursive: true });
    const path = join(home, 'reports', 'run-7.quality.json');
    await writeFile(path, JSON.stringify({ runId: 'run-7', generatedAt: 'now', runStatus: 'DONE' }));
    await expect(run('report', 'run-7', '--home', home)).rejects.toMatchObject({
      name: 'DocumentError',
      message: expect.stringMatching(new RegExp(`^${path}: not a valid quality-report: runStatus: `)),
    });
  });

  it('refuses --html onto the report it reads, or into a missing folder, before writing anything', async () => {
    const home = await temp('html-home');
    const { runId } = (await runJson(await rawFolder(), home)).summary;
    const json = join(home, 'reports', `${runId}.quality.json`);
    const before = await readFile(json, 'utf8');
    expect(await run('report', runId, '--home', home, '--html', json)).toEqual({
      code: 2,
      out: '',
      err: `lakehouse: --html: ${json} is the input file ${json}: writing it would destroy it\n`,
    });
    expect(await readFile(json, 'utf8')).toBe(before);
    const missing = join(home, 'nowhere', 'page.html');
    expect(await run('report', '--home', home, '--html', missing)).toEqual({
      code: 2,
      out: '',
      err: `lakehouse: --html: folder not found: ${join(home, 'nowhere')}\n`,
    });
  }, 60_000);
});

describe('lakehouse demo', () => {
  it('wipes a previous demo home, runs the week and prints it as JSON with --json', async () => {
    const home = join(await temp('demo'), 'home');
    await mkdir(home);
    await writeFile(join(home, '.lakehouse-demo-home'), '');
    await writeFile(join(home, 'stale.txt'), 'from an earlier demo');
    const r = await run('demo', '--home', home, '--orders', '5', '--first-day', '2024-06-24', '--json');
    expect(r.code).toBe(0);
    const week = JSON.parse(r.out);
    expect(week.home).toBe(home);
    expect(week.days.map((d: { date: string }) => d.date)).toEqual([
      '2024-06-24',
      '2024-06-25',
      '2024-06-26',
      '2024-06-27',
      '2024-06-28',
      '2024-06-29',
      '2024-06-30',
    ]);
    expect(week.days[1].summary.warnings).toContainEqual(expect.stringMatching(/QUARANTINED/));
    expect((await readdir(home)).includes('stale.txt')).toBe(false);
    expect((await readdir(join(home, 'lakehouse'))).sort()).toEqual([
      'daily_sales',
      'order_items',
      'orders',
      'products',
    ]);
  }, 180_000);

  it.each([
    [['--orders', '0'], '--orders must be a whole number from 1 to 100000, got "0"'],
    [['--first-day', '2024-02-30'], '--first-day must be a date YYYY-MM-DD, got "2024-02-30"'],
  ])('exits 2 on a bad option: %j', async (argv, message) => {
    const r = await run('demo', '--home', join(await temp('demo-bad'), 'home'), ...argv);
    expect([r.code, r.err]).toEqual([2, `lakehouse: ${message}\n`]);
  });

  it('refuses to wipe a folder that is not a demo home', async () => {
    const home = await temp('precious');
    await writeFile(join(home, 'thesis.txt'), 'do not delete');
    const r = await run('demo', '--home', home);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('is not a demo home')]);
    expect(await readFile(join(home, 'thesis.txt'), 'utf8')).toBe('do not delete');
  });
});
