import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateSampleData } from './generate';
import type { SampleManifest } from './manifest';
import { DATASET_NAMES, SampleDataOptionError } from './options';
import { writeSampleData } from './write';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sample-data-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Counts lines by streaming, without reading the file into memory. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path))
    for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
  return lines;
}

describe('writeSampleData', () => {
  const options = { seed: 4, orders: 700, files: 3, defectRate: 0.1, fileDefects: true, crlf: true } as const;

  it('writes the raw-folder layout with the same bytes as the in-memory generator', async () => {
    const written = await writeSampleData(dir, options);
    const memory = generateSampleData(options);
    for (const name of DATASET_NAMES) {
      const onDisk = (await readdir(join(dir, name))).sort();
      expect(onDisk).toEqual(memory.files[name].map((f) => f.name));
      for (const f of memory.files[name])
        expect((await readFile(join(dir, f.path))).equals(f.content)).toBe(true);
    }
    expect(written.files.map((f) => relative(dir, f)).sort()).toEqual(
      DATASET_NAMES.flatMap((n) => memory.files[n].map((f) => f.path)).sort(),
    );
    expect(written.defects).toEqual(memory.defects);
    expect(written.counts).toEqual(memory.counts);
  });

  it('writes manifest.json with the defects, the counts and the options', async () => {
    const written = await writeSampleData(dir, options);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SampleManifest;
    expect(written.manifestPath).toBe(join(dir, 'manifest.json'));
    expect(manifest.defects).toEqual(written.defects);
    expect(manifest.counts).toEqual(written.counts);
    expect(manifest).toMatchObject({
      seed: 4,
      now: '2024-07-01T00:00:00.000Z',
      options: { defectRate: 0.1, crlf: true },
    });
    const fromRows = written.defects.filter(
      (d) => d.scope === 'row' && d.dataset === 'orders' && d.codes.includes('DUPLICATE'),
    ).length;
    expect(manifest.codes.orders.DUPLICATE).toBe(fromRows);
  });

  it('writes no manifest when asked not to', async () => {
    const written = await writeSampleData(dir, { orders: 10, manifest: false });
    expect(written.manifestPath).toBeUndefined();
    expect(await readdir(dir)).not.toContain('manifest.json');
  });

  it('refuses to mix with CSV files already there, and replaces them with overwrite', async () => {
    await writeSampleData(dir, { orders: 50, files: 3 });
    await expect(writeSampleData(dir, { orders: 50 })).rejects.toThrow(SampleDataOptionError);
    await writeFile(join(dir, 'orders', 'notes.txt'), 'kept');
    await writeSampleData(dir, { orders: 50, overwrite: true });
    expect((await readdir(join(dir, 'orders'))).sort()).toEqual(['notes.txt', 'orders-0001.csv']);
  });

  it('refuses bad options before touching the disk', async () => {
    await expect(writeSampleData(join(dir, 'never'), { defectRate: 2 })).rejects.toThrow(/defectRate/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('streams a larger set (200k order_items rows) to disk', async () => {
    const written = await writeSampleData(dir, {
      rows: 200_000,
      files: 4,
      defectRate: 0.01,
      manifest: false,
    });
    expect(written.counts.order_items.rows).toBeGreaterThan(190_000);
    expect(written.counts.order_items.rows).toBeLessThan(210_000);
    expect(written.counts.orders.files).toBe(4);
    let dataLines = 0;
    for (const f of written.files.filter((p) => p.includes('order_items')))
      dataLines += (await countLines(f)) - 1;
    expect(dataLines).toBe(written.counts.order_items.rows);
  }, 60_000);
});
