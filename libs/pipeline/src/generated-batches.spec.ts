import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { compareTimestamps, parseTimestamp, type RunSummary } from '@lakehouse/contracts';
import { writeSampleData } from '@lakehouse/sample-data';
import { readTable, tempDir } from '../test/fixtures';
import { recordingLogger } from '@lakehouse/testing';
import { runLocalPipeline } from './local-run';

const { logger } = recordingLogger();

const runStart = new Date('2024-07-01T00:00:00Z');
const sample = { orders: 300, defectRate: 0.02, files: 2, now: runStart, manifest: false } as const;

interface Candidate {
  run: number;
  file: string;
  row: number;
  orderId: number;
  ts: string;
  total: number;
}

/** The orders rows of a run that lost to nothing but deduplication, with their position. */
async function candidates(home: string, raw: string, summary: RunSummary, run: number): Promise<Candidate[]> {
  const rejected = new Map<string, string[]>();
  const text = await readFile(join(home, 'rejected', 'orders', `${summary.runId}.jsonl`), 'utf8').catch(
    () => '',
  );
  for (const line of text.split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    rejected.set(`${r._source_file}#${r._row}`, r._reasons);
  }
  const out: Candidate[] = [];
  for (const f of summary.datasets.orders.files.filter((f) => f.status === 'PROCESSED')) {
    const rows = parse(await readFile(join(raw, f.key.replace(/^raw\//, ''))), {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: true, // MALFORMED_ROW defects: rejected, so never candidates
    });
    (rows as Record<string, string>[]).forEach((r, i) => {
      const codes = rejected.get(`${f.key}#${i + 1}`) ?? [];
      if (codes.some((c) => c !== 'DUPLICATE')) return;
      out.push({
        run,
        file: f.key,
        row: i + 1,
        orderId: Number(r.order_id),
        ts: r.order_timestamp,
        total: Number(r.total_amount),
      });
    });
  }
  return out;
}

/** The contract's dedup: latest order_timestamp, then the later run, file (key order) and row. */
function later(a: Candidate, b: Candidate): boolean {
  const byTime = compareTimestamps(parseTimestamp(a.ts)!, parseTimestamp(b.ts)!);
  if (byTime !== 0) return byTime > 0;
  return [a.run - b.run, a.file.localeCompare(b.file), a.row - b.row].find((d) => d !== 0)! > 0;
}

describe('lakehouse run on two generated batches over the same keys', () => {
  it('upserts the latest version of every order, rejects older incoming rows, and conserves every row', async () => {
    const home = await tempDir('gen2-home');
    const raw1 = await tempDir('gen2-raw1');
    const raw2 = await tempDir('gen2-raw2');
    await writeSampleData(raw1, { ...sample, seed: 1 });
    await writeSampleData(raw2, { ...sample, seed: 2 }); // same keys and file names, new content
    const first = (await runLocalPipeline({ logger, raw: raw1, home, runStart })).summary;
    const second = (await runLocalPipeline({ logger, raw: raw2, home, runStart })).summary;

    for (const summary of [first, second]) {
      for (const d of Object.values(summary.datasets)) {
        for (const f of d.files) expect(f.rowsIn).toBe(f.accepted + f.rejected);
      }
    }
    expect(second.datasets.orders.files.map((f) => f.status)).toEqual(['PROCESSED', 'PROCESSED']);
    expect(second.datasets.orders.reasons.DUPLICATE).toBeGreaterThan(50); // incoming older than stored

    const winners = new Map<number, Candidate>();
    for (const c of [
      ...(await candidates(home, raw1, first, 1)),
      ...(await candidates(home, raw2, second, 2)),
    ]) {
      const best = winners.get(c.orderId);
      if (!best || later(c, best)) winners.set(c.orderId, c);
    }
    const table = await readTable(home, 'orders', 'order_id');
    expect(table.map((o) => [o.order_id, o.total_amount])).toEqual(
      [...winners.values()].sort((a, b) => a.orderId - b.orderId).map((c) => [c.orderId, c.total]),
    );
    expect(new Set([...winners.values()].map((c) => c.run))).toEqual(new Set([1, 2])); // both batches won somewhere

    const again = await runLocalPipeline({ logger, raw: raw2, home, runStart });
    expect(again.summary.status).toBe('NOTHING_TO_DO');
    expect(await readTable(home, 'orders', 'order_id')).toEqual(table);
  }, 120_000);
});
