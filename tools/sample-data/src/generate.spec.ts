import { compileRules, parseValue, utcDateOf, type Timestamp } from '@lakehouse/contracts';
import { DEPARTMENTS } from './catalogue';
import { CONTRACTS, generateSampleData, type GeneratedFile, type SampleData } from './generate';
import {
  DATASET_NAMES,
  DEFAULT_NOW,
  SampleDataOptionError,
  resolveOptions,
  type DatasetName,
} from './options';
import { readCsv, referenceVerdicts } from './testing/reference-verdicts';

const NOW = new Date(DEFAULT_NOW);
const DAY_MS = 86_400_000;

/** All data rows of a dataset as objects keyed by header, files in key order. */
function rowsOf(data: SampleData, dataset: DatasetName): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const file of data.files[dataset]) {
    const [header, ...records] = readCsv(file.content);
    for (const r of records) rows.push(Object.fromEntries(header.map((h, i) => [h, r[i]])));
  }
  return rows;
}

const allBytes = (data: SampleData) =>
  DATASET_NAMES.flatMap((d) =>
    data.files[d].map((f: GeneratedFile) => [f.path, f.content.toString('base64')]),
  );

describe('determinism', () => {
  const options = {
    seed: 7,
    orders: 400,
    files: 2,
    defectRate: 0.1,
    fileDefects: true,
    crlf: true,
    bom: true,
  } as const;

  it('gives byte-identical files and the same manifest for the same options', () => {
    const a = generateSampleData(options);
    const b = generateSampleData(options);
    expect(allBytes(b)).toEqual(allBytes(a));
    expect(b.defects).toEqual(a.defects);
    expect(a.defects.length).toBeGreaterThan(0);
  });

  it('gives different data for a different seed', () => {
    const a = generateSampleData(options);
    const c = generateSampleData({ ...options, seed: 8 });
    for (const name of DATASET_NAMES) {
      expect(c.files[name][0].content.equals(a.files[name][0].content)).toBe(false);
    }
  });

  it('does not depend on the clock: `now` fixes every timestamp', () => {
    const a = generateSampleData({ orders: 50, now: '2023-03-01T00:00:00Z' });
    const orders = rowsOf(a, 'orders');
    expect(orders.every((o) => o.order_timestamp >= '2023-01-30' && o.order_timestamp < '2023-03-01')).toBe(
      true,
    );
  });
});

describe('referential consistency without defects', () => {
  const data = generateSampleData({ seed: 3, orders: 3000, products: 400, users: 600, files: 3 });
  const products = rowsOf(data, 'products');
  const orders = rowsOf(data, 'orders');
  const items = rowsOf(data, 'order_items');
  const orderById = new Map(orders.map((o) => [o.order_id, o]));
  const productIds = new Set(products.map((p) => p.product_id));

  it('passes every typing rule and business rule of the contracts (no row rejected)', () => {
    const problems: string[] = [];
    for (const name of DATASET_NAMES) {
      const contract = CONTRACTS[name];
      const rules = compileRules(contract, { runStart: NOW });
      rowsOf(data, name).forEach((row, i) => {
        const typed: Record<string, ReturnType<typeof parseValue>> = {};
        for (const column of contract.columns) {
          const text = row[column.name].trim();
          if (text === '') {
            if (column.required) problems.push(`${name} row ${i + 1}: ${column.name} is empty`);
            continue;
          }
          typed[column.name] = parseValue(column.type, text);
          if (typed[column.name] === undefined)
            problems.push(`${name} row ${i + 1}: ${column.name} "${text}" does not type`);
        }
        for (const r of rules)
          if (!r.holds(typed)) problems.push(`${name} row ${i + 1}: breaks ${r.rule.name}`);
      });
    }
    expect(problems).toEqual([]);
    // and the whole verdict (FK, deduplication) accepts everything
    expect(referenceVerdicts(data.files, NOW).rejected.size).toBe(0);
    expect(data.defects).toEqual([]);
  });

  it('resolves every order_id and product_id, with the order user, timestamp and date copied', () => {
    expect(items.length).toBeGreaterThan(20_000);
    const problems = items.filter((item) => {
      const order = orderById.get(item.order_id);
      return (
        !order ||
        !productIds.has(item.product_id) ||
        item.user_id !== order.user_id ||
        item.order_timestamp !== order.order_timestamp ||
        item.date !== order.date
      );
    });
    expect(problems).toEqual([]);
  });

  it('sets date to the UTC date of order_timestamp', () => {
    const wrong = orders.filter(
      (o) => o.date !== utcDateOf(parseValue('timestamp', o.order_timestamp) as Timestamp),
    );
    expect(wrong).toEqual([]);
  });

  it('has unique primary keys', () => {
    expect(new Set(products.map((p) => p.product_id)).size).toBe(products.length);
    expect(orderById.size).toBe(orders.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it("numbers each customer's orders 1, 2, 3, … in time, with days since the prior order", () => {
    const last = new Map<string, { num: number; ms: number }>();
    for (const o of orders) {
      const ms = Date.parse(o.order_timestamp.replace(' ', 'T') + 'Z');
      const prior = last.get(o.user_id);
      expect(Number(o.order_num)).toBe((prior?.num ?? 0) + 1);
      if (prior) expect(ms).toBeGreaterThanOrEqual(prior.ms);
      last.set(o.user_id, { num: Number(o.order_num), ms });
    }
    const repeatCustomers = [...last.values()].filter((v) => v.num > 1).length;
    expect(repeatCustomers / last.size).toBeGreaterThan(0.5);

    const firstItemOf = new Map<string, Record<string, string>>();
    for (const i of items) if (!firstItemOf.has(i.order_id)) firstItemOf.set(i.order_id, i);
    const previous = new Map<string, number>();
    for (const o of orders) {
      const ms = Date.parse(o.order_timestamp.replace(' ', 'T') + 'Z');
      const item = firstItemOf.get(o.order_id)!;
      const before = previous.get(o.user_id);
      expect(item.days_since_prior_order).toBe(
        before === undefined ? '' : String(Math.min(30, Math.floor((ms - before) / DAY_MS))),
      );
      previous.set(o.user_id, ms);
    }
  });

  it('numbers basket lines 1..n and marks reordered only for products the customer bought before', () => {
    const byOrder = new Map<string, Record<string, string>[]>();
    for (const i of items) byOrder.set(i.order_id, [...(byOrder.get(i.order_id) ?? []), i]);
    for (const lines of byOrder.values()) {
      expect(lines.map((l) => Number(l.add_to_cart_order))).toEqual(lines.map((_, k) => k + 1));
      expect(new Set(lines.map((l) => l.product_id)).size).toBe(lines.length);
    }
    const bought = new Map<string, Set<string>>();
    let reorderedLines = 0;
    for (const o of orders) {
      const had = bought.get(o.user_id) ?? new Set<string>();
      for (const line of byOrder.get(o.order_id) ?? []) {
        if (line.reordered === '1') {
          reorderedLines++;
          expect(had.has(line.product_id)).toBe(true);
        }
      }
      for (const line of byOrder.get(o.order_id) ?? []) had.add(line.product_id);
      bought.set(o.user_id, had);
    }
    expect(reorderedLines / items.length).toBeGreaterThan(0.2);
  });

  it('gives totals consistent with the basket size', () => {
    const lineCount = new Map<string, number>();
    for (const i of items) lineCount.set(i.order_id, (lineCount.get(i.order_id) ?? 0) + 1);
    for (const o of orders) {
      const n = lineCount.get(o.order_id)!;
      expect(Number(o.total_amount)).toBeGreaterThanOrEqual(n * 0.49);
      expect(Number(o.total_amount)).toBeLessThanOrEqual(n * 3 * 49.99);
    }
  });
});

describe('realism', () => {
  const data = generateSampleData({ seed: 11, orders: 4000, products: 3000 });

  it('uses the 21 Instacart departments with their ids and quotes names that need it', () => {
    const products = rowsOf(data, 'products');
    const departments = new Map(products.map((p) => [p.department_id, p.department]));
    expect(departments.size).toBe(21);
    for (const d of DEPARTMENTS) expect(departments.get(String(d.id))).toBe(d.name);
    expect(products.some((p) => p.product_name.includes(','))).toBe(true);
    expect(data.files.products[0].content.toString()).toContain('"');
  });

  it('orders mostly by day, about ten lines per order', () => {
    const orders = rowsOf(data, 'orders');
    const hour = (o: Record<string, string>) => Number(o.order_timestamp.slice(11, 13));
    const daytime = orders.filter((o) => hour(o) >= 9 && hour(o) < 17).length;
    const night = orders.filter((o) => hour(o) >= 1 && hour(o) < 5).length;
    expect(daytime).toBeGreaterThan(10 * night);
    const perOrder = data.counts.order_items.rows / orders.length;
    expect(perOrder).toBeGreaterThan(8.5);
    expect(perOrder).toBeLessThan(11.5);
  });

  it('sizes orders from a target number of order_items rows', () => {
    const sized = generateSampleData({ rows: 5000 });
    expect(sized.counts.order_items.rows).toBeGreaterThan(4500);
    expect(sized.counts.order_items.rows).toBeLessThan(5500);
    const withDefects = generateSampleData({ rows: 5000, defectRate: 0.1 });
    expect(withDefects.counts.order_items.rows).toBeGreaterThan(4500);
    expect(withDefects.counts.order_items.rows).toBeLessThan(5500);
  });
});

describe('file splitting', () => {
  const data = generateSampleData({ seed: 5, orders: 900, products: 300, files: 4 });

  it('splits each dataset into the asked number of files whose keys ascend across files', () => {
    for (const [name, key] of [
      ['products', 'product_id'],
      ['orders', 'order_id'],
      ['order_items', 'id'],
    ] as const) {
      expect(data.files[name].map((f) => f.name)).toEqual([1, 2, 3, 4].map((n) => `${name}-000${n}.csv`));
      const keys = rowsOf(data, name).map((r) => Number(r[key]));
      expect(keys).toEqual(keys.map((_, i) => i + 1));
      const sizes = data.files[name].map((f) => f.rows);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(keys.length);
      expect(Math.min(...sizes)).toBeGreaterThan(0);
    }
    expect(data.counts.orders).toEqual({ files: 4, rows: 900, rowsWithDefects: 0 });
  });

  it('takes a number of files per dataset, and never more files than rows', () => {
    const split = generateSampleData({ orders: 3, products: 100, files: { products: 2, order_items: 5 } });
    expect(split.files.products).toHaveLength(2);
    expect(split.files.orders).toHaveLength(1);
    expect(split.files.order_items).toHaveLength(3);
  });
});

describe('line endings and byte order mark', () => {
  it('writes LF and no BOM by default', () => {
    const text = generateSampleData({ orders: 20 }).files.orders[0].content;
    expect(text.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(text.includes('\r')).toBe(false);
    expect(text.toString().endsWith('\n')).toBe(true);
  });

  it('writes CRLF line endings and a UTF-8 BOM when asked', () => {
    const data = generateSampleData({ orders: 20, crlf: true, bom: true });
    for (const name of DATASET_NAMES) {
      const content = data.files[name][0].content;
      expect(content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
      const text = content.toString('utf8');
      expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(readCsv(content)[0][0]).toBe(CONTRACTS[name].columns[0].name);
    }
  });
});

describe('options', () => {
  it.each([
    [{ defectRate: 1.5 }, /defectRate must be a number from 0 to 1/],
    [{ orders: 0 }, /orders must be an integer/],
    [{ rows: 10, orders: 2 }, /either orders or rows/],
    [{ files: 0 }, /files must be an integer/],
    [{ files: { customers: 2 } }, /unknown dataset "customers"/],
    [{ now: 'yesterday' }, /now must be an ISO 8601 instant/],
    [{ startDate: '2024-13-01' }, /startDate must be a date/],
    [{ startDate: '2024-06-20', days: 30 }, /ends after now/],
    [{ startDate: '1999-06-01' }, /2000-01-02 or later/],
    [{ fileDefects: ['BROKEN'] }, /unknown kind "BROKEN"/],
    [
      { fileDefects: [{ kind: 'MISSING_COLUMN', column: 'days_since_prior_order', dataset: 'order_items' }] },
      /not a required column/,
    ],
  ])('refuses %j', (options, message) => {
    expect(() => generateSampleData(options as never)).toThrow(SampleDataOptionError);
    expect(() => generateSampleData(options as never)).toThrow(message);
  });

  it('fills in documented defaults', () => {
    const o = resolveOptions({});
    expect(o).toMatchObject({
      seed: 42,
      orders: 1000,
      products: 100,
      users: 334,
      defectRate: 0,
      crlf: false,
      bom: false,
    });
    expect(new Date(o.startMs).toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(new Date(o.endMs).toISOString()).toBe(DEFAULT_NOW.replace('Z', '.000Z'));
  });
});
