import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '@lakehouse/contracts';
import { runCli } from '../test/run-cli';

/**
 * The demo week with a fixed seed and first day, pinned: what each day's run did, the gate the
 * defect burst trips, the anomaly on the busy day (and on no other), and the rows of each table.
 */
describe('lakehouse demo: a week of daily batches', () => {
  let home: string;
  let out: string;
  let code: number;
  let days: { date: string; runStart: string; runId: string; status: string; summary: RunSummary }[];

  beforeAll(async () => {
    home = join(await mkdtemp(join(tmpdir(), 'lakehouse-demo-week-')), 'home');
    ({ code, out } = await runCli('demo', '--home', home, '--orders', '80', '--first-day', '2024-06-24'));
    const lines = [
      ...out.matchAll(/^ {2}\d\/7 {2}(\S+) {2}run start (\S+ \S+) {2}(run-[0-9a-f]{40}) {2}(\S+)/gm),
    ];
    days = await Promise.all(
      lines.map(async ([, date, runStart, runId, status]) => ({
        date,
        runStart,
        runId,
        status,
        summary: JSON.parse(await readFile(join(home, 'reports', `${runId}.json`), 'utf8')) as RunSummary,
      })),
    );
  }, 300_000);

  it('runs the seven days one after another, each through the state machine', () => {
    expect(code).toBe(0);
    expect(days.map((d) => [d.date, d.status])).toEqual([
      ['2024-06-24', 'SUCCEEDED'],
      ['2024-06-25', 'SUCCEEDED_WITH_WARNINGS'],
      ['2024-06-26', 'SUCCEEDED'],
      ['2024-06-27', 'SUCCEEDED_WITH_WARNINGS'],
      ['2024-06-28', 'SUCCEEDED'],
      ['2024-06-29', 'SUCCEEDED'],
      ['2024-06-30', 'SUCCEEDED_WITH_WARNINGS'],
    ]);
    expect(new Set(days.map((d) => d.runId)).size).toBe(7);
    // Each day's batch is loaded the next morning: the quality trends chart the runs at these instants.
    expect(days.map((d) => d.runStart)).toEqual(
      ['06-25', '06-26', '06-27', '06-28', '06-29', '06-30', '07-01'].map((d) => `2024-${d} 01:00`),
    );
    expect(days.map((d) => d.summary.status)).toEqual(days.map((d) => d.status));
  });

  it('pins each day: rows in, accepted, rejected and warnings', () => {
    const rows = (summary: RunSummary) =>
      Object.fromEntries(
        Object.entries(summary.datasets).map(([name, d]) => [name, [d.rowsIn, d.accepted, d.rejected]]),
      );
    expect(days.map(({ summary }) => rows(summary))).toEqual([
      { products: [400, 400, 0], orders: [80, 80, 0], order_items: [796, 787, 9] },
      { orders: [90, 80, 10], order_items: [1023, 994, 29] },
      { products: [8, 8, 0], orders: [92, 91, 1], order_items: [919, 911, 8] },
      { orders: [81, 70, 11], order_items: [669, 558, 111] },
      { products: [8, 8, 0], orders: [92, 92, 0], order_items: [957, 946, 11] },
      { orders: [80, 78, 2], order_items: [678, 670, 8] },
      { orders: [320, 317, 3], order_items: [3142, 3100, 42] },
    ]);
    expect(days.map(({ summary }) => summary.warnings ?? [])).toEqual([
      [],
      [
        'orders: REJECTED: raw/orders/2024-06-25/orders-0002-missing-column.csv: required column order_num missing from the header',
        'order_items: QUARANTINED: raw/order_items/2024-06-25/order_items-0002-quarantined.csv: 8 of 20 rows rejected (40.0% > 20%)',
      ],
      [],
      [
        'orders: quality gate warned: validity 0.9506 < 0.97',
        'orders: quality gate warned: accuracy 0.961 < 0.98',
        'order_items: quality gate warned: validity 0.9372 < 0.97',
        'order_items: quality gate warned: accuracy 0.9681 < 0.98',
        'order_items: quality gate warned: consistency 0.9825 < 0.99',
      ],
      [],
      [],
      [
        'orders: anomaly: rowCount 320 is above the expected range 67.6–104.1 (mean 85.8 ± 3σ, σ = 6.1, over 6 prior runs)',
        'order_items: anomaly: rowCount 3142 is above the expected range 393.7–1287 (mean 840.3 ± 3σ, σ = 148.9, over 6 prior runs)',
        'order_items: anomaly: nullRate:days_since_prior_order 0.494 is below the expected range 0.7528–0.9164 (mean 0.8346 ± 3σ, σ = 0.0273, over 6 prior runs)',
      ],
    ]);
  });

  it('re-sent keys replace the stored rows: corrections win, identical lines tie and win', () => {
    for (const day of [days[2], days[4]]) {
      const resent = day.summary.datasets.orders.files.find((f) => f.key.endsWith('orders-resent.csv'));
      expect(resent).toMatchObject({ status: 'PROCESSED', rejected: 0 });
      expect(resent!.accepted).toBeGreaterThan(0);
      const items = day.summary.datasets.order_items.files.find((f) => f.key.endsWith('resent.csv'));
      expect(items).toMatchObject({ status: 'PROCESSED', rejected: 0 });
    }
  });

  it('the defect burst trips warn gates; the busy day is the anomaly, flagged on no other day', () => {
    const gated = days.filter((d) =>
      (d.summary.warnings ?? []).some((w) => w.includes('quality gate warned')),
    );
    expect(gated.map((d) => d.date)).toEqual(['2024-06-27']);
    const anomalous = days.map((d) =>
      (d.summary.warnings ?? []).filter((w) => /: anomaly: rowCount /.test(w)).map((w) => w.split(':')[0]),
    );
    expect(anomalous).toEqual([[], [], [], [], [], [], ['orders', 'order_items']]);
  });

  it('prints the gates that warned and the anomalies, from the runs’ results', () => {
    const section = (heading: string) => out.split(`\n${heading}\n`)[1]?.split('\n\n')[0]!.split('\n');
    expect(section('quality gates:')).toEqual([
      '  2024-06-27  orders warned: validity 0.9506 < 0.97; accuracy 0.961 < 0.98',
      '  2024-06-27  order_items warned: validity 0.9372 < 0.97; accuracy 0.9681 < 0.98; consistency 0.9825 < 0.99',
    ]);
    expect(section('anomalies against the days before:')).toEqual([
      '  2024-06-30  orders: rowCount 320 is above the expected range 67.6–104.1 (mean 85.8 ± 3σ, σ = 6.1, over 6 prior runs)',
      '  2024-06-30  order_items: rowCount 3142 is above the expected range 393.7–1287 (mean 840.3 ± 3σ, σ = 148.9, over 6 prior runs)',
      '  2024-06-30  order_items: nullRate:days_since_prior_order 0.494 is below the expected range 0.7528–0.9164 (mean 0.8346 ± 3σ, σ = 0.0273, over 6 prior runs)',
    ]);
  });

  it('prints the week, where the outputs are, and queries that run as printed', async () => {
    expect(out).toMatch(/^batch of +run start +status +rows in/m);
    const last = days[6].runId;
    expect(out).toContain(join(home, 'reports', `${last}.quality.html`));
    const queries = [...out.matchAll(/^ {2}npx lakehouse query "([^"]+)" --home '([^']+)'$/gm)];
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const [, sql, at] of queries) {
      expect(at).toBe(home);
      const r = await runCli('query', sql, '--home', at, '--json');
      expect([r.code, r.err]).toEqual([0, '']);
      expect(JSON.parse(r.out).length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('pins the rows of every table after the week', async () => {
    const counts: Record<string, number> = {};
    for (const table of ['products', 'orders', 'order_items', 'daily_sales']) {
      const r = await runCli(
        'query',
        `SELECT count(*) AS n FROM lakehouse_local.${table}`,
        '--home',
        home,
        '--json',
      );
      counts[table] = Number(JSON.parse(r.out)[0].n);
    }
    expect(counts).toEqual({ products: 400, orders: 784, order_items: 7728, daily_sales: 7 });
    // Every accepted row is in its table once: a re-sent key replaced its stored row.
    const accepted = (dataset: string, resent: boolean) =>
      days
        .flatMap((d) => d.summary.datasets[dataset]?.files ?? [])
        .filter((f) => /-(resent|renamed)\.csv$/.test(f.key) === resent)
        .reduce((n, f) => n + f.accepted, 0);
    for (const dataset of ['products', 'orders', 'order_items'])
      expect(counts[dataset]).toBe(accepted(dataset, false));
    expect([accepted('orders', true), accepted('products', true)]).toEqual([24, 16]);
  }, 60_000);
});
