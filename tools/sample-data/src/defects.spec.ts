import { products } from '@lakehouse/contracts';
import { DefectScheduler, badText, defectCatalogue, type Defect, type RowDefect } from './defects';
import { CONTRACTS, generateSampleData, type SampleData } from './generate';
import { DATASET_NAMES, DEFAULT_NOW, type DatasetName, type SampleDataOptions } from './options';
import { Random } from './random';
import { readCsv, referenceVerdicts, rowKey, type FileStatus } from './testing/reference-verdicts';
import { parseValue } from '@lakehouse/contracts';

const NOW = new Date(DEFAULT_NOW);
const rowDefects = (defects: readonly Defect[]) => defects.filter((d): d is RowDefect => d.scope === 'row');

/** Every reject code docs/contracts.md gives a row of each dataset (FILE_QUARANTINED aside). */
const EXPECTED_CODES: Record<DatasetName, string[]> = {
  products: [
    'MALFORMED_ROW',
    'NOT_NULL:product_id',
    'NOT_NULL:department_id',
    'NOT_NULL:department',
    'NOT_NULL:product_name',
    'TYPE:product_id',
    'TYPE:department_id',
    'DUPLICATE',
  ],
  orders: [
    'MALFORMED_ROW',
    'NOT_NULL:order_num',
    'NOT_NULL:order_id',
    'NOT_NULL:user_id',
    'NOT_NULL:order_timestamp',
    'NOT_NULL:total_amount',
    'NOT_NULL:date',
    'TYPE:order_num',
    'TYPE:order_id',
    'TYPE:user_id',
    'TYPE:order_timestamp',
    'TYPE:total_amount',
    'TYPE:date',
    'RULE:total_amount_positive',
    'RULE:order_timestamp_range',
    'RULE:date_matches_timestamp',
    'DUPLICATE',
  ],
  order_items: [
    'MALFORMED_ROW',
    'NOT_NULL:id',
    'NOT_NULL:order_id',
    'NOT_NULL:user_id',
    'NOT_NULL:product_id',
    'NOT_NULL:add_to_cart_order',
    'NOT_NULL:reordered',
    'NOT_NULL:order_timestamp',
    'NOT_NULL:date',
    'TYPE:id',
    'TYPE:order_id',
    'TYPE:user_id',
    'TYPE:days_since_prior_order',
    'TYPE:product_id',
    'TYPE:add_to_cart_order',
    'TYPE:reordered',
    'TYPE:order_timestamp',
    'TYPE:date',
    'RULE:order_timestamp_range',
    'RULE:date_matches_timestamp',
    'RULE:reordered_flag',
    'RULE:add_to_cart_order_positive',
    'RULE:days_since_prior_order_range',
    'FK:order_id',
    'FK:product_id',
    'DUPLICATE',
  ],
};

const FILE_STATUS_OF_CODE: Record<string, FileStatus> = {
  MALFORMED_FILE: 'MALFORMED_FILE',
  EMPTY: 'EMPTY',
  FILE_QUARANTINED: 'QUARANTINED',
};

/** The manifest and an independent reading of the files agree on every rejected row and every file. */
function expectManifestExact(data: SampleData): void {
  const verdicts = referenceVerdicts(data.files, NOW);
  const expected = new Map(rowDefects(data.defects).map((d) => [rowKey(d.file, d.row), [...d.codes].sort()]));
  expect(Object.fromEntries(verdicts.rejected)).toEqual(Object.fromEntries(expected));
  const expectedFiles = new Map<string, FileStatus>();
  for (const name of DATASET_NAMES) for (const f of data.files[name]) expectedFiles.set(f.path, 'PROCESSED');
  for (const d of data.defects) {
    if (d.scope === 'file') expectedFiles.set(d.file, FILE_STATUS_OF_CODE[d.codes[0]] ?? 'MISSING_COLUMN');
  }
  expect(Object.fromEntries(verdicts.files)).toEqual(Object.fromEntries(expectedFiles));
}

describe('the defect catalogue', () => {
  it.each(DATASET_NAMES)('has every reject code of docs/contracts.md for %s', (name) => {
    expect(
      defectCatalogue(CONTRACTS[name])
        .map((k) => k.code)
        .sort(),
    ).toEqual([...EXPECTED_CODES[name]].sort());
  });

  it('interleaves categories so the first defects already cover each of them', () => {
    const first = defectCatalogue(CONTRACTS.order_items)
      .slice(0, 6)
      .map((k) => k.category);
    expect(first).toEqual(['MALFORMED_ROW', 'NOT_NULL', 'TYPE', 'RULE', 'FK', 'DUPLICATE']);
  });

  it('produces bad text that really fails typing, for every variant', () => {
    const clean = {
      int: '12',
      double: '12.50',
      timestamp: '2024-06-03 15:29:15',
      date: '2024-06-03',
    } as const;
    for (const kind of defectCatalogue(CONTRACTS.order_items).concat(defectCatalogue(CONTRACTS.orders))) {
      if (kind.category !== 'TYPE') continue;
      const type = [...CONTRACTS.orders.columns, ...CONTRACTS.order_items.columns].find(
        (c) => c.name === kind.column,
      )!.type;
      for (const variant of kind.variants) {
        const text = badText(type, variant, clean[type as keyof typeof clean]);
        expect({ type, variant, text, typed: parseValue(type, text.trim()) }).toEqual({
          type,
          variant,
          text,
          typed: undefined,
        });
      }
    }
  });
});

describe('the scheduler', () => {
  it('injects at about the asked rate and keeps step-1 defects at most 19 % of any prefix of a file', () => {
    const scheduler = new DefectScheduler(defectCatalogue(products), 0.5, new Random(1, 't'), 0.19);
    scheduler.startFile();
    let stepOne = 0;
    let drawn = 0;
    for (let row = 1; row <= 2000; row++) {
      const kind = scheduler.draw(row);
      if (kind) drawn++;
      if (kind && kind.category !== 'DUPLICATE') stepOne++;
      expect(stepOne).toBeLessThanOrEqual(Math.floor(0.19 * row));
    }
    expect(stepOne).toBeGreaterThan(0.18 * 2000);
    expect(drawn).toBeGreaterThan(0.4 * 2000);
  });
});

describe('injected defects', () => {
  const big = generateSampleData({ seed: 21, rows: 30_000, products: 2500, files: 3, defectRate: 0.05 });

  it.each(DATASET_NAMES)('include every code of %s when there are enough rows', (name) => {
    const seen = new Set(
      rowDefects(big.defects)
        .filter((d) => d.dataset === name)
        .flatMap((d) => d.codes),
    );
    expect([...seen].sort()).toEqual([...EXPECTED_CODES[name]].sort());
  });

  it('include every duplicate variant: same file and across files, older copy and timestamp tie', () => {
    const variants = (name: DatasetName) =>
      new Set(
        rowDefects(big.defects)
          .filter((d) => d.dataset === name && d.injected === 'DUPLICATE')
          .map((d) => d.variant),
      );
    const timed = ['older-copy-same-file', 'older-copy-next-file', 'tie-same-file', 'tie-next-file'];
    expect([...variants('orders')].sort()).toEqual(timed.sort());
    expect([...variants('order_items')].sort()).toEqual(timed.sort());
    expect([...variants('products')].sort()).toEqual(['later-copy-next-file', 'later-copy-same-file']);
    const crossFile = rowDefects(big.defects).find((d) => d.variant === 'tie-next-file')!;
    expect(crossFile.counterpart!.file).not.toBe(crossFile.file);
  });

  it('come at about the asked share of rows', () => {
    const share = big.counts.order_items.rowsWithDefects / big.counts.order_items.rows;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.065);
  });

  it('are listed exactly: an independent reading rejects those rows, with those codes, and no other', () => {
    expectManifestExact(big);
  });

  it.each<[string, SampleDataOptions]>([
    [
      'small files, every file defect',
      { seed: 1, orders: 300, products: 120, files: 4, defectRate: 0.15, fileDefects: true },
    ],
    [
      'CRLF and BOM',
      { seed: 2, orders: 500, files: 2, defectRate: 0.08, crlf: true, bom: true, fileDefects: true },
    ],
    ['every row drawn (rate 1)', { seed: 3, orders: 400, products: 200, files: 3, defectRate: 1 }],
    [
      'file defects on other datasets',
      {
        seed: 4,
        orders: 200,
        defectRate: 0.05,
        fileDefects: [
          { kind: 'FILE_QUARANTINED', dataset: 'orders' },
          { kind: 'FILE_QUARANTINED', dataset: 'products' },
          { kind: 'MISSING_COLUMN', dataset: 'order_items', column: 'product_id' },
          { kind: 'MALFORMED_FILE', dataset: 'order_items' },
          { kind: 'EMPTY', dataset: 'orders' },
        ],
      },
    ],
  ])('are listed exactly with %s', (_, options) => {
    expectManifestExact(generateSampleData(options));
  });

  it('point at rows that really carry them: the cell holds the injected text', () => {
    const data = generateSampleData({
      seed: 9,
      orders: 600,
      files: 2,
      defectRate: 0.1,
      fileDefects: true,
      crlf: true,
    });
    const parsed = new Map<string, string[][]>();
    for (const name of DATASET_NAMES)
      for (const f of data.files[name]) if (f.rows > 0) parsed.set(f.path, readCsv(f.content));
    const checked = new Set<string>();
    for (const d of rowDefects(data.defects)) {
      const [header, ...records] = parsed.get(d.file)!;
      const cells = records[d.row - 1];
      if (d.injected === 'MALFORMED_ROW') {
        expect(cells.length).not.toBe(header.length);
      } else if (d.injected === 'DUPLICATE') {
        const [otherHeader, ...others] = parsed.get(d.counterpart!.file)!;
        expect(cells[header.indexOf(d.column!)]).toBe(d.value);
        expect(others[d.counterpart!.row - 1][otherHeader.indexOf(d.column!)]).toBe(d.value);
      } else if (d.injected.startsWith('MISSING_COLUMN')) {
        expect(header).not.toContain(d.column);
      } else if (d.value !== undefined) {
        expect(cells[header.indexOf(d.column!)]).toBe(d.value);
      }
      if (d.injected.startsWith('NOT_NULL')) expect(cells[header.indexOf(d.column!)].trim()).toBe('');
      checked.add(d.injected.split(':')[0]);
    }
    expect([...checked].sort()).toEqual([
      'DUPLICATE',
      'FILE_QUARANTINED',
      'FK',
      'MALFORMED_ROW',
      'MISSING_COLUMN',
      'NOT_NULL',
      'RULE',
      'TYPE',
    ]);
  });

  it('keep regular files under the quarantine ratio even at rate 1', () => {
    const data = generateSampleData({ seed: 5, orders: 500, files: 3, defectRate: 1 });
    const statuses = referenceVerdicts(data.files, NOW).files;
    expect([...statuses.values()].every((s) => s === 'PROCESSED')).toBe(true);
  });

  it('keep rejected parents unreferenced: no basket line points at a defective order or product', () => {
    const data = generateSampleData({ seed: 6, orders: 2000, products: 300, defectRate: 0.15 });
    expect(rowDefects(data.defects).some((d) => d.dataset === 'orders' && d.codes[0] !== 'DUPLICATE')).toBe(
      true,
    );
    const fk = rowDefects(data.defects).filter((d) => d.codes.some((c) => c.startsWith('FK:')));
    // every FK code comes from an injected FK defect, none cascades from a parent
    expect(fk.every((d) => d.injected.startsWith('FK:'))).toBe(true);
    expectManifestExact(data);
  });
});

describe('file defects', () => {
  const data = generateSampleData({ seed: 12, orders: 100, fileDefects: true });
  const file = (suffix: string) =>
    DATASET_NAMES.flatMap((n) => data.files[n]).find((f) => f.name.endsWith(`${suffix}.csv`))!;

  it('adds one file of each kind after the regular files, named after it', () => {
    expect(data.files.products.map((f) => f.name)).toEqual([
      'products-0001.csv',
      'products-0002-malformed.csv',
    ]);
    expect(data.files.orders.map((f) => f.name)).toEqual([
      'orders-0001.csv',
      'orders-0002-missing-column.csv',
    ]);
    expect(data.files.order_items.map((f) => f.name)).toEqual([
      'order_items-0001.csv',
      'order_items-0002-empty.csv',
      'order_items-0003-quarantined.csv',
    ]);
    const fileLevel = data.defects.filter((d) => d.scope === 'file').map((d) => [d.file, d.codes]);
    expect(fileLevel).toEqual([
      ['products/products-0002-malformed.csv', ['MALFORMED_FILE']],
      ['orders/orders-0002-missing-column.csv', ['MISSING_COLUMN:order_num']],
      ['order_items/order_items-0002-empty.csv', ['EMPTY']],
      ['order_items/order_items-0003-quarantined.csv', ['FILE_QUARANTINED']],
    ]);
  });

  it('makes a MALFORMED_FILE that a CSV parser refuses', () => {
    expect(() => readCsv(file('-malformed').content)).toThrow();
    expect(file('-malformed').content.includes(0)).toBe(true);
  });

  it('makes an EMPTY file of just the header', () => {
    expect(readCsv(file('-empty').content)).toEqual([CONTRACTS.order_items.columns.map((c) => c.name)]);
  });

  it('makes a quarantined file with more than the contract ratio of step-1 defects', () => {
    const rows = rowDefects(data.defects).filter((d) => d.file.endsWith('-quarantined.csv'));
    expect(rows).toHaveLength(20);
    expect(rows.every((d) => d.codes.includes('FILE_QUARANTINED'))).toBe(true);
    const own = rows.filter((d) => d.codes.length > 1).length;
    expect(own / rows.length).toBeGreaterThan(CONTRACTS.order_items.maxRejectRatio);
  });
});
