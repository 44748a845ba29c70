/**
 * Writes a generated set to disk in the raw-folder layout the pipeline reads:
 * `<dir>/products/*.csv`, `<dir>/orders/*.csv`, `<dir>/order_items/*.csv`, plus `<dir>/manifest.json`.
 *
 * Streams: the generator produces text only when the file streams have room (each write that
 * fills a stream's buffer waits for its 'drain'), so memory stays flat however many rows.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Defect } from './defects';
import { SampleDataGenerator, type SampleDataCounts } from './generate';
import { buildManifest, manifestJson } from './manifest';
import { DATASET_NAMES, SampleDataOptionError, type DatasetName, type SampleDataOptions } from './options';

export interface WriteSampleDataOptions extends SampleDataOptions {
  /** Write `<dir>/manifest.json`. @default true */
  readonly manifest?: boolean;
  /** Replace CSV files already in the dataset folders (otherwise that is an error). @default false */
  readonly overwrite?: boolean;
}

export interface WrittenSampleData {
  readonly dir: string;
  /** Paths of the written CSV files (joined to `dir`), in the order they were completed. */
  readonly files: readonly string[];
  readonly defects: readonly Defect[];
  readonly counts: SampleDataCounts;
  readonly manifestPath?: string;
  /** Wall time of generation and writing. */
  readonly elapsedMs: number;
}

/** Bytes a file stream buffers before asking the generator to wait. */
const HIGH_WATER_MARK = 1 << 20;

export async function writeSampleData(
  dir: string,
  options: WriteSampleDataOptions = {},
): Promise<WrittenSampleData> {
  const started = performance.now();
  const generator = new SampleDataGenerator(options); // validates the options before touching the disk
  await prepareFolders(dir, options.overwrite ?? false);

  const files: string[] = [];
  const open = new Map<DatasetName, { path: string; stream: WriteStream; error?: Error }>();
  try {
    for (const event of generator.events()) {
      if (event.type === 'open') {
        const path = join(dir, event.path);
        const stream = createWriteStream(path, { highWaterMark: HIGH_WATER_MARK });
        const entry: { path: string; stream: WriteStream; error?: Error } = { path, stream };
        stream.on('error', (error) => (entry.error = error));
        open.set(event.dataset, entry);
      } else if (event.type === 'data') {
        const entry = open.get(event.dataset)!;
        if (entry.error) throw entry.error;
        if (!entry.stream.write(event.chunk)) await once(entry.stream, 'drain');
      } else {
        const entry = open.get(event.dataset)!;
        open.delete(event.dataset);
        entry.stream.end();
        await finished(entry.stream);
        files.push(entry.path);
      }
    }
  } finally {
    for (const { stream } of open.values()) stream.destroy();
  }

  let manifestPath: string | undefined;
  if (options.manifest ?? true) {
    manifestPath = join(dir, 'manifest.json');
    await writeText(
      manifestPath,
      manifestJson(buildManifest(generator.options, generator.counts, generator.defects)),
    );
  }
  return {
    dir,
    files,
    defects: generator.defects,
    counts: generator.counts,
    ...(manifestPath ? { manifestPath } : {}),
    elapsedMs: performance.now() - started,
  };
}

/** Creates the dataset folders; refuses (or with `overwrite`, clears) CSV files left from an earlier run. */
async function prepareFolders(dir: string, overwrite: boolean): Promise<void> {
  for (const name of DATASET_NAMES) {
    const folder = join(dir, name);
    await mkdir(folder, { recursive: true });
    const existing = (await readdir(folder)).filter((f) => f.endsWith('.csv'));
    if (existing.length === 0) continue;
    if (!overwrite) {
      throw new SampleDataOptionError(
        `${folder} already holds ${existing.length} CSV file(s); pass overwrite (--overwrite) to replace them`,
      );
    }
    for (const file of existing) await rm(join(folder, file));
  }
  if (overwrite) await rm(join(dir, 'manifest.json'), { force: true });
}

/** Writes text pieces to a file with backpressure, batching small pieces into larger writes. */
async function writeText(path: string, pieces: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { highWaterMark: HIGH_WATER_MARK });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const ok = stream.write(batch.join(''));
    batch = [];
    size = 0;
    if (!ok) await once(stream, 'drain');
  };
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= 1 << 16) await flush();
    if (failure) throw failure;
  }
  await flush();
  stream.end();
  await finished(stream);
}
