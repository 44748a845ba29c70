import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { completion, spawnTypeScript, WORKSPACE } from './workspace';

/** The reference instant of generated data (the generator's default `now`): runs start there. */
export const RUN_START = '2024-07-01T00:00:00.000Z';

/** A raw folder for the engine: products/, orders/, order_items/ from the seeded generator. */
export interface EngineData {
  readonly kind: 'engine';
  /** order_items rows (orders and products are sized from it by the generator). */
  readonly rows: number;
  readonly files: number;
  /** Share of rows with a row-level defect; 0.03 gives every reject code at 1 M rows. */
  readonly defectRate: number;
}

/** One orders CSV of about `megabytes` for the validator (3 % defective rows). */
export interface OrdersFileData {
  readonly kind: 'orders-file';
  readonly megabytes: number;
  /**
   * Build it by repeating the data rows of the file of this many megabytes (the validator checks
   * rows, not keys, so a repeated file costs it the same as a fresh one).
   */
  readonly repeatOf?: number;
}

/** The workspace itself: cases that measure its build artifacts (synth, Lambda bundles). */
export interface WorkspaceData {
  readonly kind: 'workspace';
}

export type DataSpec = EngineData | OrdersFileData | WorkspaceData;

const SEED = 42;
/** Bytes of an orders row as generated (checked on the 1 M set: 50.8). */
const ORDERS_ROW_BYTES = 51;

export function dataName(spec: DataSpec): string {
  if (spec.kind === 'workspace') return 'the workspace';
  if (spec.kind === 'orders-file') return `orders-${spec.megabytes}mb`;
  return `engine-${spec.rows}-${spec.defectRate === 0 ? 'clean' : `defects-${spec.defectRate}`}`;
}

/**
 * The folder (engine) or file (orders) of a data set, generated on first use and cached under
 * `root`: a `.complete.json` marker with the spec says the set is whole and was made from these
 * options, so an interrupted generation or changed options regenerate it.
 */
export async function ensureData(root: string, spec: DataSpec, log: (line: string) => void): Promise<string> {
  if (spec.kind === 'workspace') return WORKSPACE;
  const dir = join(root, dataName(spec));
  const marker = join(dir, '.complete.json');
  const wanted = JSON.stringify({ seed: SEED, ...spec });
  const existing = await readFile(marker, 'utf8').catch(() => undefined);
  const target = spec.kind === 'orders-file' ? join(dir, 'orders.csv') : dir;
  if (existing === wanted) return target;

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  if (spec.kind === 'engine') await generate(dir, spec.rows, spec.files, spec.defectRate);
  else if (spec.repeatOf !== undefined)
    await repeatRows(
      await ensureData(root, { kind: 'orders-file', megabytes: spec.repeatOf }, log),
      target,
      Math.round(spec.megabytes / spec.repeatOf),
    );
  else await generateOrdersFile(dir, spec.megabytes);
  await writeFile(marker, wanted);
  log(`generated ${dataName(spec)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

async function generate(dir: string, rows: number, files: number, defectRate: number, extra: string[] = []) {
  const args = ['--out', dir, '--seed', String(SEED), '--rows', String(rows), '--files', String(files)];
  args.push('--defect-rate', String(defectRate), '--no-manifest', '--overwrite', ...extra);
  await completion(spawnTypeScript('tools/sample-data/src/cli.ts', args), 'the sample-data generator');
}

/** Orders only: one item per order keeps the (discarded) order_items small. */
async function generateOrdersFile(dir: string, megabytes: number) {
  const orders = Math.round((megabytes * 1e6) / ORDERS_ROW_BYTES);
  const args = [
    '--out',
    join(dir, 'set'),
    '--seed',
    String(SEED),
    '--orders',
    String(orders),
    '--files',
    '1',
  ];
  args.push('--items-per-order', '1', '--defect-rate', '0.03', '--no-manifest', '--overwrite');
  await completion(spawnTypeScript('tools/sample-data/src/cli.ts', args), 'the sample-data generator');
  const [only] = await readdir(join(dir, 'set', 'orders'));
  await repeatRows(join(dir, 'set', 'orders', only), join(dir, 'orders.csv'), 1);
  await rm(join(dir, 'set'), { recursive: true, force: true });
}

/** Writes `source`'s header once and its data rows `times` times. */
async function repeatRows(source: string, target: string, times: number) {
  const [head] = await createReadStream(source, { end: 1 << 16 }).toArray();
  const header = (head as Buffer).subarray(0, (head as Buffer).indexOf(0x0a) + 1);
  const headerEnd = header.length;
  const out = createWriteStream(target);
  out.write(header);
  for (let i = 0; i < times; i++) {
    for await (const chunk of createReadStream(source, { start: headerEnd })) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'close');
}

/** Size of a data set's CSV: a file or every CSV file under a folder, in bytes. */
export async function sizeOf(spec: DataSpec, path: string): Promise<number> {
  if (spec.kind === 'workspace') return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path, { recursive: true })) {
    const s = await stat(join(path, entry));
    if (s.isFile() && entry.endsWith('.csv')) total += s.size;
  }
  return total;
}
