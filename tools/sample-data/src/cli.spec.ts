import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIo } from './cli';

const WORKSPACE = join(__dirname, '..', '..', '..');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sample-data-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('sample-data CLI', () => {
  it('writes a set and prints a JSON summary', async () => {
    const { code, out, err } = await run(
      '--out',
      dir,
      '--orders',
      '40',
      '--seed',
      '3',
      '--defect-rate',
      '0.2',
      '--files',
      '2',
      '--json',
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const summary = JSON.parse(out);
    expect(summary.counts.orders).toMatchObject({ files: 2, rows: expect.any(Number) });
    expect(summary.defects).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'orders'))).sort()).toEqual(['orders-0001.csv', 'orders-0002.csv']);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  it('prints a readable summary by default and passes the file-defect, CRLF and BOM switches on', async () => {
    const { code, out } = await run(
      '--out',
      dir,
      '--orders',
      '30',
      '--with-file-defects',
      '--crlf',
      '--bom',
      '--no-manifest',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/order_items .* rows/);
    expect(await readdir(join(dir, 'products'))).toContain('products-0002-malformed.csv');
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  });

  it('prints help and exits 0', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const option of [
      '--out',
      '--seed',
      '--rows',
      '--orders',
      '--products',
      '--defect-rate',
      '--files',
      '--with-file-defects',
      '--json',
    ]) {
      expect(out).toContain(option);
    }
  });

  it.each([
    [['--out', 'x', '--defect-rate', '2'], /defectRate must be a number from 0 to 1/],
    [['--out', 'x', '--seed', 'abc'], /--seed.*invalid/],
    [['--out', 'x', '--rows', '10', '--orders', '5'], /either orders or rows/],
    [['--out', 'x', '--bogus'], /unknown option '--bogus'/],
    [[], /required option '--out <dir>'/],
    [['--out', 'x', '--start-date', '2024-02-30'], /startDate/],
  ])('exits 2 with a one-line error for %j', async (argv, message) => {
    const { code, err, out } = await run(...argv.map((a) => (a === 'x' ? dir : a)));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  it('exits 2 when the output folder already holds CSV files', async () => {
    expect((await run('--out', dir, '--orders', '5')).code).toBe(0);
    const again = await run('--out', dir, '--orders', '5');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--overwrite/);
    expect((await run('--out', dir, '--orders', '5', '--overwrite')).code).toBe(0);
  });

  it('runs as `npx tsx tools/sample-data/src/cli.ts` from the workspace, without tsconfig setup', () => {
    const env = { ...process.env };
    delete env.TSX_TSCONFIG_PATH;
    const result = spawnSync(
      join(WORKSPACE, 'node_modules', '.bin', 'tsx'),
      ['tools/sample-data/src/cli.ts', '--out', dir, '--orders', '20', '--json'],
      {
        cwd: WORKSPACE,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(result.stdout).counts.orders.rows).toBe(20);
  }, 60_000);
});
