import { cleanCounts, datasetInput, demoReport, BLOCK_SPEC } from '../test/fixtures';
import type { CrossDatasetCheck, QualityReport } from '@lakehouse/contracts';
import { describeCrossCheck } from './cross-checks';
import { columnProfile, nullRate } from './profile';
import { buildQualityReport, type QualityReportInput } from './report';

const base = (over: Partial<QualityReportInput> = {}): QualityReportInput => ({
  runId: 'run-1',
  runStart: '2024-04-01T00:00:00.000Z',
  generatedAt: '2024-04-01T06:00:00.000Z',
  runStatus: 'SUCCEEDED',
  datasets: { products: datasetInput(cleanCounts(10, 4), { nulls: { name: 2 } }) },
  ...over,
});

/** Chains `n` runs the way the pipeline does: each from the previous report. */
function chain(
  n: number,
  rowsOf: (i: number) => number = () => 100,
  extra: Partial<QualityReportInput> = {},
): QualityReport {
  let report: QualityReport | undefined;
  for (let i = 0; i < n; i++) {
    report = buildQualityReport(
      base({
        runId: `run-${i + 1}`,
        runStart: `2024-03-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
        previous: report,
        datasets: { products: datasetInput(cleanCounts(rowsOf(i), 4)) },
        ...extra,
      }),
    );
  }
  return report!;
}

describe('buildQualityReport', () => {
  it('assembles metrics, thresholds, gate, counts and profile per dataset', () => {
    const r = buildQualityReport(base());
    const p = r.datasets.products!;
    expect(p.metrics.score).toBe(100);
    expect(p.thresholds).toEqual({ completeness: 0.95, validity: 0.97, accuracy: 0.98, consistency: 0.99 });
    expect(p.onBreach).toBe('warn');
    expect(p.gate).toEqual({ passed: true, action: 'none', breaches: [] });
    expect([p.rowsIn, p.accepted, p.rejected]).toEqual([10, 10, 0]);
    expect(p.columns).toEqual([{ column: 'name', rows: 10, nulls: 2, nullRate: 0.2, distinct: 1 }]);
    expect(p.anomalies.verdict).toBe('insufficient-history');
    expect(r.history.products).toEqual([
      {
        runId: 'run-1',
        at: '2024-04-01T00:00:00.000Z',
        metrics: p.metrics,
        rowsIn: 10,
        nullRates: { name: 0.2 },
      },
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.crossChecks).toEqual([]);
  });

  it('takes the history from the caller (the state store) in preference to a previous report', () => {
    const stored = chain(5).history;
    const r = buildQualityReport(
      base({
        runId: 'run-6',
        previous: chain(1),
        history: stored,
        datasets: { products: datasetInput(cleanCounts(100, 4)) },
      }),
    );
    expect(r.datasets.products!.anomalies).toMatchObject({ verdict: 'ok', checked: 5 });
    expect(r.history.products!.map((h) => h.runId)).toEqual([
      'run-1',
      'run-2',
      'run-3',
      'run-4',
      'run-5',
      'run-6',
    ]);
  });

  it('derives one warning per breach, anomaly, drift record and cross-check violation', () => {
    const previous = chain(5);
    const check: CrossDatasetCheck = {
      name: 'orders_have_items',
      description: 'every order has at least one item',
      violations: 2,
      checked: 40,
      examples: [{ order_id: 7 }, { order_id: 9 }],
    };
    const ok: CrossDatasetCheck = {
      name: 'item_user_matches_order',
      description: "an item's user is its order's user",
      violations: 0,
      checked: 90,
      examples: [],
    };
    const r = buildQualityReport(
      base({
        runId: 'run-6',
        previous,
        runStatus: 'FAILED',
        datasets: {
          products: datasetInput(
            {
              ...cleanCounts(300, 4),
              invalidRows: 30,
              typedRows: 270,
              fkCheckedRows: 270,
              dedupCheckedRows: 270,
            },
            {
              spec: BLOCK_SPEC,
              rejectsByCode: { TYPE: 30 },
              drift: [
                { file: 'raw/products/p.csv', extraColumns: ['colour'], missingOptionalColumns: ['aisle'] },
              ],
            },
          ),
        },
        crossChecks: [check, ok],
      }),
    );
    expect(r.datasets.products!.gate).toMatchObject({ action: 'block', reason: 'validity 0.9 < 0.97' });
    expect(r.warnings).toEqual([
      'products: quality gate blocked: validity 0.9 < 0.97',
      'products: anomaly: rowCount 300 is above the expected range 50–150 (a 200% change from a flat history at 100 over 5 prior runs; at most 50% expected)',
      'products: schema drift in raw/products/p.csv: extra columns colour; missing optional columns aisle',
      'cross-check orders_have_items: 2 of 40 violate (5%) — every order has at least one item; e.g. order_id=7, order_id=9',
    ]);
  });

  it('appends this run to the history of the previous report and detects anomalies against it', () => {
    const r = chain(7, (i) => (i === 6 ? 1000 : 100 + i));
    expect(r.history.products!.map((e) => e.runId)).toEqual([
      'run-1',
      'run-2',
      'run-3',
      'run-4',
      'run-5',
      'run-6',
      'run-7',
    ]);
    expect(r.history.products!.map((e) => e.rowsIn)).toEqual([100, 101, 102, 103, 104, 105, 1000]);
    expect(r.datasets.products!.anomalies).toMatchObject({ verdict: 'anomalies', checked: 6 });
    // Five prior runs is the first verdict: run 6 gets one, run 5 does not.
    expect(chain(6).datasets.products!.anomalies.verdict).toBe('ok');
    expect(chain(5).datasets.products!.anomalies).toMatchObject({
      verdict: 'insufficient-history',
      checked: 4,
    });
  });

  it('places each run at its run start, not when its report was generated, in run-start order', () => {
    const r = buildQualityReport(
      base({
        runId: 'backfill',
        runStart: '2024-03-02T12:00:00.000Z',
        previous: chain(3),
        datasets: { products: datasetInput(cleanCounts(100, 4)) },
      }),
    );
    expect(r.generatedAt).toBe('2024-04-01T06:00:00.000Z');
    expect(r.history.products!.map((e) => [e.runId, e.at])).toEqual([
      ['run-1', '2024-03-01T00:00:00.000Z'],
      ['run-2', '2024-03-02T00:00:00.000Z'],
      ['backfill', '2024-03-02T12:00:00.000Z'],
      ['run-3', '2024-03-03T00:00:00.000Z'],
    ]);
    // The latest run starts are kept, whatever order the runs ran in.
    const kept = buildQualityReport(
      base({ runId: 'backfill', runStart: '2024-02-01T00:00:00.000Z', previous: chain(3), historyLimit: 3 }),
    );
    expect(kept.history.products!.map((e) => e.runId)).toEqual(['run-1', 'run-2', 'run-3']);
  });

  it('keeps the last historyLimit runs', () => {
    const r = chain(8, () => 100, { historyLimit: 3 });
    expect(r.history.products!.map((e) => e.runId)).toEqual(['run-6', 'run-7', 'run-8']);
    expect(() => buildQualityReport(base({ historyLimit: 0 }))).toThrow(/historyLimit/);
  });

  it('keeps the history of a dataset absent from this run, and does not count a rebuilt run twice', () => {
    const previous = chain(3);
    const withoutProducts = buildQualityReport(
      base({ runId: 'run-4', previous, datasets: { orders: datasetInput(cleanCounts(5, 6)) } }),
    );
    expect(withoutProducts.history.products).toHaveLength(3);
    expect(withoutProducts.history.orders).toHaveLength(1);
    const rebuilt = buildQualityReport(
      base({ runId: 'run-3', previous, datasets: { products: datasetInput(cleanCounts(100, 4)) } }),
    );
    expect(rebuilt.history.products!.map((e) => e.runId)).toEqual(['run-1', 'run-2', 'run-3']);
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    const r = demoReport();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.warnings).toHaveLength(6);
  });
});

describe('profile and cross-check helpers', () => {
  it('nullRate is nulls ÷ rows, 0 over no rows, and refuses impossible counts', () => {
    expect(nullRate(1, 4)).toBe(0.25);
    expect(nullRate(0, 0)).toBe(0);
    expect(() => nullRate(5, 4)).toThrow(RangeError);
    expect(columnProfile('c', 8, 2, 3)).toEqual({
      column: 'c',
      rows: 8,
      nulls: 2,
      nullRate: 0.25,
      distinct: 3,
    });
  });

  it('describes a cross-check in one line, with at most five examples', () => {
    const examples = [1, 2, 3, 4, 5, 6].map((id) => ({ order_id: id }));
    const line = describeCrossCheck({
      name: 'orders_have_items',
      description: 'every order has at least one item',
      violations: 6,
      checked: 600,
      examples,
    });
    expect(line).toBe(
      'orders_have_items: 6 of 600 violate (1%) — every order has at least one item; e.g. order_id=1, order_id=2, order_id=3, order_id=4, order_id=5',
    );
    expect(
      describeCrossCheck({
        name: 'item_user_matches_order',
        description: 'users match',
        violations: 0,
        checked: 12,
        examples: [],
      }),
    ).toBe('item_user_matches_order: ok, 12 checked — users match');
  });
});
