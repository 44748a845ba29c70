import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `lakehouse-${prefix}-`));

/** Writes `<dir>/<dataset>/<name>` files from text. */
export async function writeRaw(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

export { readPublishedTable as readTable } from '@lakehouse/engine';

/** Every rejected row written under rejected/<dataset>/, across runs. */
export async function readRejected(home: string, dataset: string): Promise<Record<string, unknown>[]> {
  const dir = join(home, 'rejected', dataset);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl'));
  const rows: Record<string, unknown>[] = [];
  for (const n of names.sort()) {
    for (const line of (await readFile(join(dir, n), 'utf8')).split('\n'))
      if (line) rows.push(JSON.parse(line));
  }
  return rows;
}

export const csv = (...lines: string[]) => lines.join('\n') + '\n';
export const PRODUCTS = 'product_id,department_id,department,product_name';
export const ORDERS = 'order_num,order_id,user_id,order_timestamp,total_amount,date';
export const ITEMS =
  'id,order_id,user_id,days_since_prior_order,product_id,add_to_cart_order,reordered,order_timestamp,date';
