/**
 * The generator's options, their defaults, and their validation. Validation messages are one line
 * and name the option, because the CLI prints them as they are.
 */
import { FILE_OUTCOME, orders, parseDate, REJECT } from '@lakehouse/contracts';
import { defectCatalogue, isStepOne } from './defects';

export const DATASET_NAMES = ['products', 'orders', 'order_items'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Whole-file defects; each adds one extra file to a dataset (see README, "Defect catalogue"). */
export const FILE_DEFECT_KINDS = [
  REJECT.MISSING_COLUMN,
  REJECT.MALFORMED_FILE,
  FILE_OUTCOME.EMPTY,
  REJECT.FILE_QUARANTINED,
] as const;
export type FileDefectKind = (typeof FILE_DEFECT_KINDS)[number];

export interface FileDefectRequest {
  readonly kind: FileDefectKind;
  /** Which dataset gets the file; defaults in DEFAULT_FILE_DEFECT_DATASET. */
  readonly dataset?: DatasetName;
  /** MISSING_COLUMN only: the required column to leave out (default: the first required non-key column). */
  readonly column?: string;
}

export interface SampleDataOptions {
  /** Any safe integer. @default 42 */
  readonly seed?: number;
  /** Catalogue size. @default orders / 10, within 100–50,000 */
  readonly products?: number;
  /** Number of orders (order slots). @default 1,000, or rows / itemsPerOrder when `rows` is given */
  readonly orders?: number;
  /** Target number of order_items rows; sizes the orders to match. Give either this or `orders`. */
  readonly rows?: number;
  /** Mean basket size. @default 10 */
  readonly itemsPerOrder?: number;
  /** Number of customers. @default orders / 3 (about three orders per customer) */
  readonly users?: number;
  /** The reference instant: no clean timestamp is after it. @default 2024-07-01T00:00:00Z */
  readonly now?: Date | string;
  /** Length of the order period in days. @default 30 */
  readonly days?: number;
  /** First day of the order period, `YYYY-MM-DD` (UTC). @default now − days */
  readonly startDate?: string;
  /** Files per dataset: one number for all, or per dataset. @default 1 */
  readonly files?: number | Partial<Record<DatasetName, number>>;
  /** Share (0–1) of rows that get a row-level defect. @default 0 */
  readonly defectRate?: number;
  /** Extra files with whole-file defects: `true` for all four kinds at their default datasets. @default false */
  readonly fileDefects?: boolean | readonly (FileDefectKind | FileDefectRequest)[];
  /** End lines with CRLF instead of LF. @default false */
  readonly crlf?: boolean;
  /** Start each file with a UTF-8 byte order mark. @default false */
  readonly bom?: boolean;
  /**
   * The order and order_items keys start after these, so that batches generated one after another
   * (a week of daily files) never reuse a key. @default 0 each
   */
  readonly keysAfter?: { readonly orders?: number; readonly order_items?: number };
}

export interface ResolvedFileDefect {
  readonly kind: FileDefectKind;
  readonly dataset: DatasetName;
  readonly column?: string;
}

export interface ResolvedOptions {
  readonly seed: number;
  readonly products: number;
  readonly orders: number;
  readonly itemsPerOrder: number;
  readonly users: number;
  readonly nowMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly files: Readonly<Record<DatasetName, number>>;
  readonly defectRate: number;
  readonly fileDefects: readonly ResolvedFileDefect[];
  readonly crlf: boolean;
  readonly bom: boolean;
  readonly keysAfter: { readonly orders: number; readonly order_items: number };
}

export const DEFAULT_SEED = 42;
export const DEFAULT_NOW = '2024-07-01T00:00:00Z';
export const DEFAULT_DAYS = 30;
export const DEFAULT_ORDERS = 1000;
export const DEFAULT_ITEMS_PER_ORDER = 10;

/** Where each whole-file defect goes when no dataset is named. */
export const DEFAULT_FILE_DEFECT_DATASET: Readonly<Record<FileDefectKind, DatasetName>> = {
  MISSING_COLUMN: 'orders',
  MALFORMED_FILE: 'products',
  EMPTY: 'order_items',
  FILE_QUARANTINED: 'order_items',
};

const DAY_MS = 86_400_000;
/** Clean data starts no earlier than this, so a copy shifted an hour back stays after 2000-01-01. */
const EARLIEST_START_MS = Date.UTC(2000, 0, 2);
/** Keys stay well below INT32_MAX, which the FK defects use for keys that never exist. */
const MAX_KEYS = 1_000_000_000;

/** A bad option; the message is one line and starts with the option's name. */
export class SampleDataOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleDataOptionError';
  }
}

function integer(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SampleDataOptionError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function instant(name: string, value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new SampleDataOptionError(`${name} must be an ISO 8601 instant, got ${String(value)}`);
  return ms;
}

/** Checks the options and fills in the defaults. Throws SampleDataOptionError. */
export function resolveOptions(options: SampleDataOptions = {}): ResolvedOptions {
  const seed =
    integer('seed', options.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? DEFAULT_SEED;
  const itemsPerOrder = options.itemsPerOrder ?? DEFAULT_ITEMS_PER_ORDER;
  if (!(Number.isFinite(itemsPerOrder) && itemsPerOrder >= 1 && itemsPerOrder <= 100)) {
    throw new SampleDataOptionError(`itemsPerOrder must be a number from 1 to 100, got ${itemsPerOrder}`);
  }
  if (options.orders !== undefined && options.rows !== undefined) {
    throw new SampleDataOptionError('give either orders or rows, not both');
  }
  const rows = integer('rows', options.rows, 1, MAX_KEYS);
  const defectRate = options.defectRate ?? 0;
  if (!(Number.isFinite(defectRate) && defectRate >= 0 && defectRate <= 1)) {
    throw new SampleDataOptionError(`defectRate must be a number from 0 to 1, got ${defectRate}`);
  }
  const orders =
    integer('orders', options.orders, 1, MAX_KEYS / 100) ??
    (rows !== undefined
      ? Math.max(1, Math.round(rows / itemsPerOrder / (1 - phantomOrderShare(defectRate))))
      : DEFAULT_ORDERS);
  const products =
    integer('products', options.products, 1, 10_000_000) ??
    Math.min(50_000, Math.max(100, Math.round(orders / 10)));
  const users = integer('users', options.users, 1, 50_000_000) ?? Math.max(1, Math.ceil(orders / 3));

  const nowMs = instant('now', options.now ?? DEFAULT_NOW);
  const days = integer('days', options.days, 1, 3660) ?? DEFAULT_DAYS;
  let startMs = nowMs - days * DAY_MS;
  if (options.startDate !== undefined) {
    if (parseDate(options.startDate) === undefined) {
      throw new SampleDataOptionError(`startDate must be a date YYYY-MM-DD, got ${options.startDate}`);
    }
    startMs = Date.parse(`${options.startDate}T00:00:00Z`);
  }
  const endMs = startMs + days * DAY_MS;
  if (startMs < EARLIEST_START_MS) {
    throw new SampleDataOptionError(
      'startDate must be 2000-01-02 or later (earlier timestamps break order_timestamp_range)',
    );
  }
  if (endMs > nowMs) {
    throw new SampleDataOptionError(
      `startDate + days ends after now (${new Date(nowMs).toISOString()}): clean data must not be in the future`,
    );
  }

  const files = resolveFiles(options.files);

  return {
    seed,
    products,
    orders,
    itemsPerOrder,
    users,
    nowMs,
    startMs,
    endMs,
    files,
    defectRate,
    fileDefects: resolveFileDefects(options.fileDefects),
    crlf: options.crlf ?? false,
    bom: options.bom ?? false,
    keysAfter: {
      orders: integer('keysAfter.orders', options.keysAfter?.orders, 0, MAX_KEYS - orders) ?? 0,
      order_items: integer('keysAfter.order_items', options.keysAfter?.order_items, 0, MAX_KEYS) ?? 0,
    },
  };
}

/**
 * The expected share of order slots that become phantom orders (a step-1 defect, no basket), so
 * that `rows` sizes the orders to still give about that many basket lines.
 */
function phantomOrderShare(defectRate: number): number {
  const kinds = defectCatalogue(orders);
  const stepOne = kinds.filter(isStepOne).length / kinds.length;
  return Math.min(defectRate * stepOne, orders.maxRejectRatio - 0.01);
}

function resolveFiles(files: SampleDataOptions['files']): Record<DatasetName, number> {
  const all = typeof files === 'number' ? files : 1;
  const per = typeof files === 'object' && files !== null ? files : {};
  for (const key of Object.keys(per)) {
    if (!(DATASET_NAMES as readonly string[]).includes(key)) {
      throw new SampleDataOptionError(`files: unknown dataset "${key}" (known: ${DATASET_NAMES.join(', ')})`);
    }
  }
  const result = {} as Record<DatasetName, number>;
  for (const name of DATASET_NAMES) {
    result[name] = integer(typeof files === 'number' ? 'files' : `files.${name}`, per[name] ?? all, 1, 9999)!;
  }
  return result;
}

function resolveFileDefects(value: SampleDataOptions['fileDefects']): ResolvedFileDefect[] {
  if (value === undefined || value === false) return [];
  const requests = value === true ? FILE_DEFECT_KINDS.map((kind) => ({ kind })) : value;
  return requests.map((r) => {
    const request: FileDefectRequest = typeof r === 'string' ? { kind: r } : r;
    if (!(FILE_DEFECT_KINDS as readonly string[]).includes(request.kind)) {
      throw new SampleDataOptionError(
        `fileDefects: unknown kind "${request.kind}" (known: ${FILE_DEFECT_KINDS.join(', ')})`,
      );
    }
    const dataset = request.dataset ?? DEFAULT_FILE_DEFECT_DATASET[request.kind];
    if (!(DATASET_NAMES as readonly string[]).includes(dataset)) {
      throw new SampleDataOptionError(
        `fileDefects: unknown dataset "${dataset}" (known: ${DATASET_NAMES.join(', ')})`,
      );
    }
    if (request.column !== undefined && request.kind !== REJECT.MISSING_COLUMN) {
      throw new SampleDataOptionError(
        `fileDefects: column applies to MISSING_COLUMN only, not ${request.kind}`,
      );
    }
    return {
      kind: request.kind,
      dataset,
      ...(request.column !== undefined ? { column: request.column } : {}),
    };
  });
}
