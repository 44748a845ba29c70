import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunManifest, RunManifestFile } from '@lakehouse/contracts';

export const RUN_START = new Date('2024-06-01T12:00:00Z');

export const csv = (...lines: string[]) => lines.join('\n') + '\n';

export const HEADERS = {
  products: 'product_id,department_id,department,product_name',
  orders: 'order_num,order_id,user_id,order_timestamp,total_amount,date',
  order_items:
    'id,order_id,user_id,days_since_prior_order,product_id,add_to_cart_order,reordered,order_timestamp,date',
} as const;

export async function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'engine-'));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A run manifest entry for a file written under the home (the engine reads `<home>/<key>`). */
export function manifestFile(key: string, content: string | Buffer, fileSeq: number): RunManifestFile {
  return {
    bucket: 'local',
    key,
    fileId: `f-${sha256(key).slice(0, 32)}`,
    eTag: sha256(content),
    size: Buffer.byteLength(content),
    fileSeq,
  };
}

/** The same files as another run (a new id, or another start). */
export const asRun = (manifest: RunManifest, runId: string, runStart = RUN_START): RunManifest => ({
  ...manifest,
  runId,
  runStart: runStart.toISOString(),
});

/** Writes raw files under <home>/raw/ and returns the run's manifest, keys in the given order. */
export async function stageFiles(
  home: string,
  files: Record<string, readonly (readonly [string, string | Buffer])[]>,
  runId = 'run-1',
): Promise<RunManifest> {
  const datasets: Record<string, RunManifestFile[]> = {};
  for (const [dataset, list] of Object.entries(files)) {
    datasets[dataset] = [];
    for (const [i, [name, text]] of list.entries()) {
      const key = `raw/${dataset}/${name}`;
      const path = join(home, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      datasets[dataset].push(manifestFile(key, text, i + 1));
    }
  }
  return { runId, runStart: RUN_START.toISOString(), datasets };
}

export { readPublishedTable as readTable } from '../src/read-table';

export async function readRejected(
  home: string,
  dataset: string,
  runId: string,
): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(home, 'rejected', dataset, `${runId}.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** `_row → _reasons` of the rejected rows of one file. */
export const reasonsByRow = (rejected: Record<string, unknown>[], file: string) =>
  Object.fromEntries(
    rejected.filter((r) => String(r._source_file).endsWith(file)).map((r) => [r._row, r._reasons]),
  );
