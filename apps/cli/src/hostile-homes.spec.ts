import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOME_LOCK_FILE, lockHome } from '@lakehouse/pipeline';
import { runBin } from '../test/run-bin';
import { runCli } from '../test/run-cli';

const PRODUCTS = 'product_id,department_id,department,product_name\n1,4,produce,Bananas\n';

describe('lakehouse run, offered what a hostile user would', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'lakehouse-cli-hostile-'))));
  afterAll(async () => {
    await chmod(dir, 0o700).catch(() => undefined);
    for (const entry of await readdir(dir, { recursive: true }))
      await chmod(join(dir, entry), 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const rawWith = async (name: string) => {
    const raw = join(dir, name);
    await mkdir(join(raw, 'products', '2024'), { recursive: true });
    await writeFile(join(raw, 'products', 'p.csv'), PRODUCTS);
    return raw;
  };

  it('refuses a home in use by another process at once, naming the home and the holder (exit 1)', async () => {
    const home = join(dir, 'busy-home');
    const lock = await lockHome(home, []);
    await lock.recordRun('run-held-elsewhere');
    try {
      const r = await runBin(['run', '--raw', await rawWith('raw-busy'), '--home', home]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(
          `^lakehouse: the home ${home} is in use by process ${process.pid} on \\S+ \\(run run-held-elsewhere, since [^)]+\\): one run per home at a time; if that process has ended, remove ${join(home, HOME_LOCK_FILE)}\\n$`,
        ),
      );
    } finally {
      await lock.release();
    }
  });

  it('names a read-only home and exits 1 before anything is read or written', async () => {
    const home = join(dir, 'read-only-home');
    await mkdir(home);
    await chmod(home, 0o555);
    const r = await runBin(['run', '--raw', await rawWith('raw-ro'), '--home', home], {
      asUnprivileged: true,
    });
    expect([r.code, r.err]).toEqual([
      1,
      `lakehouse: the home ${home} cannot be used: it cannot be written (EACCES)\n`,
    ]);
    expect(await readdir(home)).toEqual([]);
  });

  it.each([
    ['run', '/proc/lakehouse-home'],
    ['demo', '/proc/lakehouse-demo'],
  ])('names an impossible home (%s --home %s) and exits 1, never hanging', async (command, home) => {
    const args = command === 'run' ? ['run', '--raw', await rawWith(`raw-${command}`)] : ['demo'];
    const r = await runCli(...args, '--home', home);
    expect([r.code, r.err]).toEqual([
      1,
      `lakehouse: the home ${home} cannot be used: it cannot be created (ENOENT)\n`,
    ]);
  });

  it('reports an unreadable file and an unreadable folder with their reason, and loads the rest', async () => {
    const raw = await rawWith('raw-unreadable');
    await writeFile(join(raw, 'products', 'secret.csv'), PRODUCTS);
    await chmod(join(raw, 'products', 'secret.csv'), 0o000);
    await mkdir(join(raw, 'products', 'locked'));
    await writeFile(join(raw, 'products', 'locked', 'inside.csv'), PRODUCTS);
    await chmod(join(raw, 'products', 'locked'), 0o000);
    const home = join(dir, 'unreadable-home');
    const r = await runBin(['run', '--raw', raw, '--home', home, '--json'], { asUnprivileged: true });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.datasets.products.files).toEqual([
      expect.objectContaining({ key: 'raw/products/2024/', status: 'REJECTED' }),
      expect.objectContaining({
        key: 'raw/products/locked/',
        status: 'REJECTED',
        error: {
          code: 'ENTRY_REFUSED',
          message: 'raw/products/locked/: the folder cannot be read (EACCES)',
        },
      }),
      expect.objectContaining({ key: 'raw/products/p.csv', status: 'PROCESSED', accepted: 1 }),
      expect.objectContaining({
        key: 'raw/products/secret.csv',
        status: 'REJECTED',
        error: {
          code: 'ENTRY_REFUSED',
          message: 'raw/products/secret.csv: the file cannot be read (EACCES)',
        },
      }),
    ]);
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        'products: REJECTED: raw/products/secret.csv: the file cannot be read (EACCES)',
      ]),
    );
  });
});
