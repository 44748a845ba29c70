// The validate step's peak memory over one generated orders file of N rows (argv[2]): the step
// streams the object, so the peak resident set barely grows with the file. Local folder store and
// embedded state, so it needs no server:
//   npx tsx --tsconfig tsconfig.base.json apps/validate/test/peak-rss.ts 4000000
import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasets } from '@lakehouse/contracts';
import { openLocalState, registerArrival, validateRunFile } from '@lakehouse/pipeline';
import { LocalFolderObjectStore } from '@lakehouse/storage';

const rows = Number(process.argv[2] ?? 2_000_000);
async function main() {
  const home = await mkdtemp(join(tmpdir(), 'rss-'));
  await mkdir(join(home, 'raw', 'orders'), { recursive: true });
  const path = join(home, 'raw', 'orders', 'big.csv');
  const out = createWriteStream(path);
  out.write('order_num,order_id,user_id,order_timestamp,total_amount,date\n');
  for (let i = 1; i <= rows; i++) {
    if (!out.write(`${i},${i},${i % 9000},2024-06-01T10:00:00Z,12.5,2024-06-01\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const bytes = (await stat(path)).size;
  const objects = new LocalFolderObjectStore({ home });
  const state = await openLocalState(join(home, 'state'));
  const arrival = await registerArrival(
    { state: state.store, registry: datasets },
    { bucket: 'local', key: 'raw/orders/big.csv', eTag: 'e1' },
  );
  if (arrival.outcome !== 'registered') throw new Error('not registered');
  await state.store.files.claim([arrival.fileId], 'run-rss');
  const before = process.resourceUsage().maxRSS / 1024;
  const { verdict } = await validateRunFile(
    { objects, state: state.store, registry: datasets },
    {
      runId: 'run-rss',
      runStart: '2024-06-02T00:00:00Z',
      file: { fileId: arrival.fileId, dataset: 'orders', bucket: 'local', key: 'raw/orders/big.csv' },
    },
  );
  const after = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      rows,
      mib: +(bytes / 2 ** 20).toFixed(1),
      verdict: verdict.status,
      rowsIn: verdict.rowsIn,
      peakRssBeforeMiB: Math.round(before),
      peakRssMiB: Math.round(after),
    }),
  );
  await state.close();
}
void main();
