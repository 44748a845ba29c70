import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunSummary } from '@lakehouse/contracts';
import { runCli } from './run-cli';

/** A fresh folder of its own under the system's temp folder. */
export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `lakehouse-cli-${prefix}-`));

/** The run start the specs' runs are given, so that what they load does not depend on the day. */
export const RUN_START = '2024-02-01T00:00:00Z';

export const PRODUCTS_HEADER = 'product_id,department_id,department,product_name';

/** A products file of two good rows. */
export const TWO_PRODUCTS = `${PRODUCTS_HEADER}\n1,4,produce,Bananas\n2,4,produce,Pears\n`;

/** A new raw folder holding these files (`<dataset>/<name>` → content): by default two products. */
export async function rawFolder(
  files: Readonly<Record<string, string>> = { 'products/p.csv': TWO_PRODUCTS },
): Promise<string> {
  const raw = await tempDir('raw');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(raw, path)), { recursive: true });
    await writeFile(join(raw, path), content);
  }
  return raw;
}

/** `lakehouse run --json --run-start RUN_START` of a raw folder into a home: its exit code and run summary. */
export async function runJson(raw: string, home: string): Promise<{ code: number; summary: RunSummary }> {
  const r = await runCli('run', '--raw', raw, '--home', home, '--json', '--run-start', RUN_START);
  return { code: r.code, summary: JSON.parse(r.out) as RunSummary };
}
