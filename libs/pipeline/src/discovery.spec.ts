import { recordingLogger } from '@lakehouse/testing';
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { datasets as registry } from '@lakehouse/contracts';
import type { RunSummary } from '@lakehouse/contracts';
import { csv, ORDERS, PRODUCTS, tempDir, writeRaw } from '../test/fixtures';
import { discoverFiles } from './discover';
import { runLocalPipeline } from './local-run';
import { arrivalPolicy } from './steps';

const { logger } = recordingLogger();

const runStart = new Date('2024-02-01T00:00:00Z');
const order = (id: number) => csv(ORDERS, `1,${id},7,2024-01-10 10:00:00,10.5,2024-01-10`);

/** Every file of every dataset of a summary: key → [status, reason]. */
const outcomes = (summary: RunSummary) =>
  Object.fromEntries(
    Object.values(summary.datasets)
      .flatMap((d) => d.files)
      .map((f) => [f.key, [f.status, f.error?.message.slice(f.key.length + 2)]]),
  );

describe('every entry under a dataset folder is loaded or reported', () => {
  let raw: string;
  let socket: Server;

  beforeAll(async () => {
    raw = await tempDir('entries-raw');
    await writeRaw(raw, {
      'products/p.csv': csv(PRODUCTS, '1,4,produce,Bananas'),
      'orders/2024/06/01/a.csv': order(100), // a date prefix: loaded
      'orders/x.csv/inner.csv': order(101), // a folder whose name ends in .csv: walked
      'orders/b.csv': order(102),
      'orders/notes.txt': 'not data',
      'orders/upper.CSV': order(103),
      'orders/.~lock.b.csv#': 'lock',
      'orders/._b.csv': 'resource fork',
      'orders/.partial/c.csv': order(104),
      'orders/new\nline.csv': order(105),
      'order_items/.gitkeep': '',
    });
    await mkdir(join(raw, 'orders', 'empty'));
    const elsewhere = join(await tempDir('entries-elsewhere'), 'target.csv');
    await writeFile(elsewhere, order(106));
    await symlink(elsewhere, join(raw, 'orders', 'link.csv'));
    await symlink(join(raw, 'orders', '2024'), join(raw, 'orders', 'linked-folder'));
    execFileSync('mkfifo', [join(raw, 'orders', 'pipe.csv')]); // reading it would block forever
    socket = createServer();
    await new Promise<void>((listening) => socket.listen(join(raw, 'orders', 'socket.csv'), listening));
    // A name that is not UTF-8: Linux names are bytes.
    await writeFile(
      Buffer.concat([Buffer.from(join(raw, 'orders', 'latin1-')), Buffer.from([0xe9]), Buffer.from('.csv')]),
      order(107),
    );
  });

  afterAll(() => new Promise<void>((closed) => socket.close(() => closed())));

  it('loads what the arrival policy accepts, sub-folders included, and reports every other entry with its reason', async () => {
    const home = await tempDir('entries-home');
    const { summary } = await runLocalPipeline({ logger, raw, home, runStart });
    expect(outcomes(summary)).toEqual({
      'raw/products/p.csv': ['PROCESSED', undefined],
      'raw/orders/2024/06/01/a.csv': ['PROCESSED', undefined],
      'raw/orders/b.csv': ['PROCESSED', undefined],
      'raw/orders/x.csv/inner.csv': ['PROCESSED', undefined],
      'raw/orders/._b.csv': ['REJECTED', 'a hidden file or folder (a name starting with ".")'],
      'raw/orders/.partial/': ['REJECTED', 'a hidden folder: not walked'],
      'raw/orders/.~lock.b.csv#': ['REJECTED', 'a hidden file or folder (a name starting with ".")'],
      'raw/orders/empty/': ['REJECTED', 'an empty folder: nothing to load'],
      'raw/orders/latin1-\ufffd.csv': [
        'REJECTED',
        'the name is not valid UTF-8 (shown with U+FFFD): it cannot be a key',
      ],
      'raw/orders/link.csv': [
        'REJECTED',
        'a symbolic link: links are not followed (copy the file in instead)',
      ],
      'raw/orders/linked-folder': [
        'REJECTED',
        'a symbolic link: links are not followed (copy the file in instead)',
      ],
      'raw/orders/new\nline.csv': [
        'REJECTED',
        'invalid key: it contains a control character (U+0000–U+001F or U+007F)',
      ],
      'raw/orders/notes.txt': ['REJECTED', 'not a .csv file'],
      'raw/orders/pipe.csv': ['REJECTED', 'not a regular file (a FIFO): never opened'],
      'raw/orders/socket.csv': ['REJECTED', 'not a regular file (a socket): never opened'],
      'raw/orders/upper.CSV': ['REJECTED', 'not a .csv file'],
      'raw/order_items/.gitkeep': ['REJECTED', 'a hidden file or folder (a name starting with ".")'],
    });
    expect(summary.datasets.orders.files.map((f) => f.key)).toEqual(
      [...summary.datasets.orders.files.map((f) => f.key)].sort((a, b) =>
        Buffer.compare(Buffer.from(a), Buffer.from(b)),
      ),
    );
    expect(summary.datasets.orders.files.find((f) => f.key === 'raw/orders/notes.txt')?.error?.code).toBe(
      'ENTRY_REFUSED',
    );
    // Never SUCCEEDED while an offered entry was not loaded: each is a warning of the run.
    expect(summary.status).toBe('SUCCEEDED_WITH_WARNINGS');
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        'orders: REJECTED: raw/orders/notes.txt: not a .csv file',
        'orders: REJECTED: raw/orders/pipe.csv: not a regular file (a FIFO): never opened',
      ]),
    );
    expect(summary.warnings!.filter((w) => w.includes(': REJECTED: '))).toHaveLength(13);

    // Nothing new the next time: the loaded files are ALREADY_PROCESSED, the others reported again.
    const again = await runLocalPipeline({ logger, raw, home, runStart });
    expect(again.summary.status).toBe('NOTHING_TO_DO');
    expect(outcomes(again.summary)['raw/orders/2024/06/01/a.csv']).toEqual(['ALREADY_PROCESSED', undefined]);
    expect(outcomes(again.summary)['raw/orders/notes.txt']).toEqual(['REJECTED', 'not a .csv file']);
    expect(again.summary.warnings).toHaveLength(13);
  });

  it('decides each regular file as the cloud trigger decides its key', async () => {
    const { files, refused } = await discoverFiles(raw, registry);
    for (const f of files)
      expect(arrivalPolicy(f.key, registry)).toEqual({ accepted: true, dataset: f.dataset });
    const policyRefusals = refused.filter(
      (r) => !r.key.endsWith('/') && !/link|pipe|socket|latin1/.test(r.key),
    );
    expect(policyRefusals.length).toBeGreaterThan(4);
    for (const r of policyRefusals)
      expect(arrivalPolicy(r.key, registry)).toEqual({ accepted: false, reason: r.reason });
  });
});
