/**
 * The manifest of a generated set: what was asked, what was written, and every injected defect
 * with its file, row and the exact codes a validator should report. Written as manifest.json next
 * to the dataset folders (outside them, so the pipeline never reads it as data).
 */
import type { Defect } from './defects';
import type { SampleDataCounts } from './generate';
import type { DatasetName, ResolvedOptions } from './options';

export interface SampleManifest {
  readonly generator: '@lakehouse/sample-data';
  readonly seed: number;
  /** The reference instant. Expected codes hold for a pipeline run started from `now` − 1 day on. */
  readonly now: string;
  /** The order period, [start, end). */
  readonly period: { readonly start: string; readonly end: string };
  readonly options: Omit<ResolvedOptions, 'nowMs' | 'startMs' | 'endMs'>;
  readonly counts: SampleDataCounts;
  /** Per dataset, the number of rows expected to carry each code (a row with two codes counts for both). */
  readonly codes: Readonly<Record<DatasetName, Readonly<Record<string, number>>>>;
  readonly defects: readonly Defect[];
}

export function buildManifest(
  options: ResolvedOptions,
  counts: SampleDataCounts,
  defects: readonly Defect[],
): SampleManifest {
  const { nowMs, startMs, endMs, ...rest } = options;
  const codes: Record<DatasetName, Record<string, number>> = { products: {}, orders: {}, order_items: {} };
  for (const d of defects) {
    if (d.scope === 'row')
      for (const code of d.codes) codes[d.dataset][code] = (codes[d.dataset][code] ?? 0) + 1;
  }
  const sorted = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    generator: '@lakehouse/sample-data',
    seed: options.seed,
    now: new Date(nowMs).toISOString(),
    period: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
    options: rest,
    counts,
    codes: {
      products: sorted(codes.products),
      orders: sorted(codes.orders),
      order_items: sorted(codes.order_items),
    },
    defects,
  };
}

/**
 * The manifest as JSON text, in pieces: the summary pretty-printed, then one defect per line, so
 * a large manifest is streamed rather than built as one string, and stays easy to grep and diff.
 * `JSON.parse` of the joined pieces gives the SampleManifest back.
 */
export function* manifestJson(manifest: SampleManifest): Generator<string, void, undefined> {
  const { defects, ...summary } = manifest;
  const head = JSON.stringify(summary, null, 2);
  yield `${head.slice(0, -2)},\n  "defects": [`;
  for (let i = 0; i < defects.length; i++) yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(defects[i])}`;
  yield defects.length > 0 ? '\n  ]\n}\n' : ']\n}\n';
}
