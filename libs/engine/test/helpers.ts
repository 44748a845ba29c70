import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ManifestFile } from '../src/stage';
import type { RunManifest } from '../src/duckdb-executor';

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

/** Writes raw files under <home>/raw/ and returns a manifest with keys in the given order. */
export async function stageFiles(
  home: string,
  files: Record<string, readonly (readonly [string, string | Buffer])[]>,
): Promise<RunManifest> {
  const datasets: Record<string, ManifestFile[]> = {};
  for (const [dataset, list] of Object.entries(files)) {
    datasets[dataset] = [];
    for (const [name, text] of list) {
      const key = `raw/${dataset}/${name}`;
      const path = join(home, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      datasets[dataset].push({ key, path });
    }
  }
  return { datasets };
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
