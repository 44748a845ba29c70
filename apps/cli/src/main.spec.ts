import { execFile } from 'node:child_process';
import { link, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseRunStart } from './io';
import { runCli } from '../test/run-cli';

const run = runCli;

const HEADER = 'product_id,department_id,department,product_name';
let dir: string;
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const rows = (n: number, bad = 0) =>
  [
    HEADER,
    ...Array.from({ length: n }, (_, i) =>
      i < bad ? `${i + 1},x${i},produce,Item ${i}` : `${i + 1},4,produce,Item ${i}`,
    ),
  ].join('\n') + '\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lakehouse-cli-'));
});

describe('lakehouse validate', () => {
  it('exits 0 for an accepted file with row rejects and shows counts and the first rejects with their column', async () => {
    const r = await run('validate', await file('ok.csv', rows(10, 2)), '--dataset', 'products');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok.csv (products): PROCESSED — 10 rows in, 8 accepted, 2 rejected');
    expect(r.out).toMatch(/TYPE:department_id\s+2/);
    expect(r.out).toContain('row 1: TYPE:department_id "x0"');
    expect(r.out).toContain('row 2: TYPE:department_id "x1"');
  });

  it('exits 1 for a quarantined file', async () => {
    const r = await run('validate', await file('bad.csv', rows(10, 3)), '-d', 'products');
    expect(r.code).toBe(1);
    expect(r.out).toContain('QUARANTINED');
    expect(r.out).toMatch(/FILE_QUARANTINED\s+10/);
  });

  it('exits 1 for a rejected file (missing column, malformed)', async () => {
    expect((await run('validate', await file('missing.csv', 'product_id\n1\n'), '-d', 'products')).code).toBe(
      1,
    );
    const malformed = await run(
      'validate',
      await file('bin.csv', Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('latin1')),
      '-d',
      'products',
    );
    expect(malformed.code).toBe(1);
  });

  it('exits 0 for a header-only file (EMPTY is not an error)', async () => {
    const r = await run('validate', await file('empty.csv', HEADER + '\n'), '-d', 'products');
    expect([r.code, r.out]).toEqual([0, expect.stringContaining('EMPTY')]);
  });

  it('writes every rejected row as JSON Lines with --rejects, and prints the report with --json', async () => {
    const out = join(dir, 'rejects.jsonl');
    const r = await run(
      'validate',
      await file('j.csv', rows(10, 2)),
      '-d',
      'products',
      '--rejects',
      out,
      '--json',
    );
    expect(JSON.parse(r.out)).toMatchObject({
      status: 'PROCESSED',
      rowsIn: 10,
      accepted: 8,
      rejected: 2,
      reasons: { TYPE: 2 },
    });
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        department_id: 'x0',
        _row: 1,
        _reasons: ['TYPE:department_id'],
        _source_file: expect.stringMatching(/j\.csv$/),
      }),
      expect.objectContaining({ department_id: 'x1', _row: 2 }),
    ]);
  });

  it('writes every row of a quarantined file to --rejects', async () => {
    const out = join(dir, 'q.jsonl');
    await run('validate', await file('q.csv', rows(10, 3)), '-d', 'products', '--rejects', out);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l._reasons.at(-1) === 'FILE_QUARANTINED')).toBe(true);
  });

  it.each([
    [
      ['validate', 'x.csv', '-d', 'customers'],
      /^lakehouse: --dataset: unknown dataset "customers" \(known: products, orders, order_items\)$/,
    ],
    [['validate', '/nowhere/x.csv', '-d', 'products'], /^lakehouse: file not found: \/nowhere\/x\.csv$/],
    [['validate', '/', '-d', 'products'], /^lakehouse: not a regular file: \/$/],
    [
      ['validate', 'x.csv'],
      /^lakehouse: required option '-d, --dataset <name>' not specified \(run with --help/,
    ],
    [['frobnicate'], /^lakehouse: unknown command 'frobnicate'/],
    [['validate', 'x.csv', '-d', 'products', '--bogus'], /^lakehouse: unknown option '--bogus'/],
    [['report', 'a', 'b'], /^lakehouse: too many arguments for 'report'/],
    [['report', '../../etc/passwd'], /^lakehouse: not a run id: "..\/..\/etc\/passwd"$/],
    [['demo', '--seed'], /^lakehouse: option '--seed <n>' argument missing/],
    [
      ['demo', '--seed', '0x10'],
      /^lakehouse: --seed must be a whole number from 0 to 4294967295, got "0x10"$/,
    ],
    [['demo', '--orders', ''], /^lakehouse: --orders must be a whole number from 1 to 100000, got ""$/],
    [['demo', '--orders', '1e12'], /^lakehouse: --orders must be a whole number/],
    [['demo', '--defect-rate', '1.5'], /^lakehouse: --defect-rate must be a number from 0 to 1, got "1.5"$/],
    [['demo', '--defect-rate', '-0.1'], /^lakehouse: --defect-rate must be a number from 0 to 1/],
    [['run', '--raw', '/nowhere', '--home', '/tmp/x'], /^lakehouse: --raw: folder not found: \/nowhere$/],
    ...[
      '1',
      '12',
      'June 1, 2024',
      'yesterday',
      '2024-06-01',
      '2024-02-30T00:00:00Z',
      '2024-06-01T10:00:00 Z',
    ].map((value) => [
      ['validate', 'x.csv', '-d', 'products', '--run-start', value],
      new RegExp(`^lakehouse: --run-start: not an ISO 8601 instant: "${value}"`),
    ]),
  ])('exits 2 with one line naming the option or path: %j', async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err.trimEnd()).toMatch(message as RegExp);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reads a --run-start without an offset as UTC, as the data contract reads timestamps', () => {
    expect(parseRunStart('2024-06-01T00:00:00')?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(parseRunStart('2024-06-01 00:00:00')?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(parseRunStart('2024-06-01T02:00:00.5+02:00')?.toISOString()).toBe('2024-06-01T00:00:00.500Z');
  });

  describe('never writes over what it reads', () => {
    const unchanged = async (path: string, text: string) => expect(await readFile(path, 'utf8')).toBe(text);

    it('refuses --rejects onto the input file, by any name (itself, a symbolic link, a hard link)', async () => {
      const text = rows(10, 2);
      const input = await file('precious.csv', text);
      const symbolic = join(dir, 'precious-symlink.csv');
      const hard = join(dir, 'precious-hardlink.csv');
      await symlink(input, symbolic);
      await link(input, hard);
      for (const target of [input, symbolic, hard, join(dir, '.', 'precious.csv')]) {
        const r = await run('validate', input, '-d', 'products', '--rejects', target);
        expect([r.code, r.err]).toEqual([
          2,
          `lakehouse: --rejects: ${target} is the input file ${input}: writing it would destroy it\n`,
        ]);
        await unchanged(input, text);
      }
    });

    it('names a --rejects path in a missing folder, or one that is not a regular file, as a usage error', async () => {
      const input = await file('in.csv', rows(3, 1));
      const missing = join(dir, 'no-such-folder', 'out.jsonl');
      expect(await run('validate', input, '-d', 'products', '--rejects', missing)).toEqual({
        code: 2,
        out: '',
        err: `lakehouse: --rejects: folder not found: ${join(dir, 'no-such-folder')}\n`,
      });
      expect(await run('validate', input, '-d', 'products', '--rejects', dir)).toMatchObject({
        code: 2,
        err: `lakehouse: --rejects: not a regular file: ${dir}\n`,
      });
    });
  });

  it('prints help with exit 0', async () => {
    const r = await run('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: lakehouse validate [options] <file>');
  });
});

describe('the lakehouse bin', () => {
  it('runs from any directory under Node 22 and returns the exit code', async () => {
    const bin = join(__dirname, '..', 'bin', 'lakehouse.js');
    const target = await file('bin.csv', rows(4));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'validate', target, '-d', 'products', '--json'],
      { cwd: tmpdir() },
    );
    expect(JSON.parse(stdout)).toMatchObject({ status: 'PROCESSED', accepted: 4 });
    await expect(
      promisify(execFile)(process.execPath, [bin, 'validate', target, '-d', 'nope'], { cwd: tmpdir() }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown dataset "nope"'),
    });
    // Two Node processes compiling the sources through tsx: seconds each on a busy machine.
  }, 60_000);
});
