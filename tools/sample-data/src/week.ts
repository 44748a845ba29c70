/**
 * A week of daily batches, as a shop sends them: each day's orders and basket lines, generated with
 * the day as the order period and keys continuing from the day before, plus what makes a week
 * interesting to load one day after another: keys sent again (corrections that win as upserts,
 * identical lines that tie), a day with a burst of defects, a day with far more orders than usual,
 * and whole-file defects. Deterministic for a seed and a first day.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REJECT } from '@lakehouse/contracts';
import { csvLine, formatTimestamp, splitLine, timestampMs } from './csv';
import { generateSampleData, type SampleData } from './generate';
import type { DatasetName, FileDefectKind } from './options';

export interface SampleWeekOptions {
  /** @default 42 */
  readonly seed?: number;
  /** The first day, `YYYY-MM-DD` (UTC). */
  readonly firstDay: string;
  /** Orders on an ordinary day; the busy day has BUSY_DAY_FACTOR times as many. @default 200 */
  readonly ordersPerDay?: number;
  /** Share of rows with a defect on an ordinary day. @default 0.01 */
  readonly defectRate?: number;
}

/** What sets a day apart: its part in the week's story. */
export type DayEvent = 'catalogue' | 'file-defects' | 'resends' | 'defect-burst' | 'busy-day';

export interface SampleDayFile {
  readonly dataset: DatasetName;
  /** Relative to the day's raw folder: `<dataset>/<date>/<name>` (a date prefix, as uploads have). */
  readonly path: string;
  readonly content: Buffer;
  readonly rows: number;
}

export interface SampleDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** When the batch arrives and its run starts: the next day, 01:00 UTC. */
  readonly runStart: Date;
  readonly events: readonly DayEvent[];
  readonly files: readonly SampleDayFile[];
}

export const WEEK_DAYS = 7;
/** The busy day has this many times the orders of an ordinary day: its row count is an anomaly. */
export const BUSY_DAY_FACTOR = 4;
/** The defect rate of the burst day: enough to breach the validity and accuracy thresholds. */
export const BURST_DEFECT_RATE = 0.15;
/** Products in the catalogue (sent whole on the first day). */
const CATALOGUE = 400;
/** Keys sent again on a re-send day: orders (half corrected at the same instant, half a second later, with their lines), products. */
const RESENT_ORDERS = 12;
const RENAMED_PRODUCTS = 8;

const DAY_MS = 86_400_000;

/** The story of the week, by day (0-based). */
const STORY: readonly (readonly DayEvent[])[] = [
  ['catalogue'],
  ['file-defects'],
  ['resends'],
  ['defect-burst'],
  ['resends'],
  [],
  // Last, so that the last day's quality report shows the anomaly beside the week's trends.
  ['busy-day'],
];

const FILE_DEFECTS: readonly FileDefectKind[] = [REJECT.FILE_QUARANTINED, REJECT.MISSING_COLUMN];

/** Generates the week in memory (a few MB at the default size). */
export function generateSampleWeek(options: SampleWeekOptions): SampleDay[] {
  const seed = options.seed ?? 42;
  const ordersPerDay = options.ordersPerDay ?? 200;
  const defectRate = options.defectRate ?? 0.01;
  const first = Date.parse(`${options.firstDay}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.firstDay) || !Number.isFinite(first))
    throw new RangeError(`firstDay must be a date YYYY-MM-DD, got ${options.firstDay}`);
  const users = Math.max(1, Math.ceil((ordersPerDay * WEEK_DAYS) / 3));
  const days: SampleDay[] = [];
  const keys = { orders: 0, order_items: 0 };
  let previous: SampleData | undefined;
  for (let day = 0; day < WEEK_DAYS; day++) {
    const events = STORY[day];
    const date = new Date(first + day * DAY_MS).toISOString().slice(0, 10);
    const runStart = new Date(first + (day + 1) * DAY_MS + 3_600_000);
    const data = generateSampleData({
      seed: seed + day,
      startDate: date,
      days: 1,
      now: runStart,
      products: CATALOGUE,
      users,
      orders: events.includes('busy-day') ? ordersPerDay * BUSY_DAY_FACTOR : ordersPerDay,
      defectRate: events.includes('defect-burst') ? BURST_DEFECT_RATE : defectRate,
      fileDefects: events.includes('file-defects') ? FILE_DEFECTS : false,
      keysAfter: { ...keys },
    });
    keys.orders = maxKey(data, 'orders', keys.orders);
    keys.order_items = maxKey(data, 'order_items', keys.order_items);
    const files: SampleDayFile[] = [];
    const add = (dataset: DatasetName, name: string, content: Buffer, rows: number) =>
      files.push({ dataset, path: `${dataset}/${date}/${name}`, content, rows });
    // The catalogue comes once, clean: later days' lines pick from it.
    if (events.includes('catalogue')) {
      const catalogue = generateSampleData({ seed, products: CATALOGUE, orders: 1 }).files.products[0];
      add('products', catalogue.name, catalogue.content, catalogue.rows);
    }
    for (const dataset of ['orders', 'order_items'] as const)
      for (const f of data.files[dataset]) add(dataset, f.name, f.content, f.rows);
    if (events.includes('resends') && previous) {
      for (const resend of resends(previous)) add(resend.dataset, resend.name, resend.content, resend.rows);
      const renamed = renamedProducts(seed, day);
      add('products', 'products-renamed.csv', renamed.content, renamed.rows);
    }
    days.push({ date, runStart, events, files });
    previous = data;
  }
  return days;
}

/** Writes each day's batch to `<dir>/<date>/`, a raw folder `lakehouse run --raw` takes. */
export async function writeSampleWeek(
  dir: string,
  options: SampleWeekOptions,
): Promise<(SampleDay & { readonly raw: string })[]> {
  const days = generateSampleWeek(options);
  for (const day of days) {
    for (const f of day.files) {
      const path = join(dir, day.date, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content);
    }
  }
  return days.map((day) => ({ ...day, raw: join(dir, day.date) }));
}

/** The highest key a day generated (its regular and extra files), or the previous one. */
function maxKey(data: SampleData, dataset: 'orders' | 'order_items', previous: number): number {
  let max = previous;
  const column = dataset === 'orders' ? 'order_id' : 'id';
  for (const f of data.files[dataset]) {
    const [header, ...lines] = dataLines(f.content);
    const at = splitLine(header).indexOf(column);
    for (const line of lines) {
      const key = Number(splitLine(line)[at]);
      // defective keys (FK defects near INT32_MAX, typing defects) are not a key range
      if (Number.isSafeInteger(key) && key < 1_000_000_000) max = Math.max(max, key);
    }
  }
  return max;
}

const dataLines = (content: Buffer) => content.toString('utf8').split('\n').filter(Boolean);

/** Rows of a generated file that no defect of the manifest names (the clean rows), 1-based. */
function cleanRows(data: SampleData, dataset: DatasetName): { header: string; rows: string[][] } {
  const f = data.files[dataset][0];
  const named = new Set(
    data.defects.flatMap((d) =>
      d.scope === 'row' && d.file === f.path
        ? [d.row, ...(d.counterpart?.file === f.path ? [d.counterpart.row] : [])]
        : [],
    ),
  );
  const [header, ...lines] = dataLines(f.content);
  return {
    header,
    rows: lines.filter((_, i) => !named.has(i + 1)).map(splitLine),
  };
}

/**
 * Yesterday's keys sent again: orders corrected (a new total_amount) at the same instant — a tie
 * the later file wins — or a second later, which wins as the latest; and their basket lines sent
 * again unchanged (ties), so each re-sent order has its items in the run. Every re-sent row
 * replaces the stored one: nothing is rejected.
 */
function resends(previous: SampleData) {
  const orders = cleanRows(previous, 'orders');
  const items = cleanRows(previous, 'order_items');
  const [ts, total, day, id] = ['order_timestamp', 'total_amount', 'date', 'order_id'].map((c) =>
    splitLine(orders.header).indexOf(c),
  );
  const itemOrder = splitLine(items.header).indexOf('order_id');
  const withItems = new Set(items.rows.map((r) => r[itemOrder]));
  const candidates = orders.rows.filter((r) => withItems.has(r[id]));
  const step = Math.max(1, Math.floor(candidates.length / RESENT_ORDERS));
  const chosen = candidates.filter((_, i) => i % step === 0).slice(0, RESENT_ORDERS);
  const corrected = chosen.map((cells, i) => {
    const out = [...cells];
    out[total] = (Number(cells[total]) + 1).toFixed(2);
    const later = formatTimestamp(timestampMs(cells[ts]) + 1000);
    if (i % 2 === 1 && later.slice(0, 10) === cells[day]) out[ts] = later;
    return out;
  });
  const keys = new Set(chosen.map((r) => r[id]));
  const lines = items.rows.filter((r) => keys.has(r[itemOrder]));
  const file = (header: string, rows: string[][]) =>
    Buffer.from([header, ...rows.map((r) => csvLine(r))].join('\n') + '\n');
  return [
    {
      dataset: 'orders' as const,
      name: 'orders-resent.csv',
      content: file(orders.header, corrected),
      rows: corrected.length,
    },
    {
      dataset: 'order_items' as const,
      name: 'order_items-resent.csv',
      content: file(items.header, lines),
      rows: lines.length,
    },
  ];
}

/** A few products of the catalogue renamed: the later file wins, an upsert. */
function renamedProducts(seed: number, day: number) {
  const catalogue = generateSampleData({ seed, products: CATALOGUE, orders: 1 }).files.products[0];
  const [header, ...lines] = dataLines(catalogue.content);
  const name = splitLine(header).indexOf('product_name');
  const step = Math.floor(lines.length / RENAMED_PRODUCTS);
  const rows = Array.from({ length: RENAMED_PRODUCTS }, (_, i) => {
    const cells = splitLine(lines[(i * step + day) % lines.length]);
    cells[name] = `${cells[name]} (new recipe)`;
    return csvLine(cells);
  });
  return { content: Buffer.from([header, ...rows].join('\n') + '\n'), rows: rows.length };
}
