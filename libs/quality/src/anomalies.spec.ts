import { detectAnomalies, sampleStddev, type HistoryPoint } from './anomalies';

const point = (i: number, rowCount: number, nullRates: Record<string, number> = {}): HistoryPoint => ({
  runId: `r${i}`,
  at: `2024-02-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
  rowCount,
  nullRates,
});
const history = (rows: number[], nullRates: (i: number) => Record<string, number> = () => ({})) =>
  rows.map((r, i) => point(i, r, nullRates(i)));

// Mean 100, sample σ = √(40 / 5) = √8 ≈ 2.828; k = 3 → 91.51–108.49.
const varied = history([100, 104, 98, 102, 96, 100]);

describe('detectAnomalies', () => {
  it('flags a row count outside mean ± 3σ, with the bounds and an explanation', () => {
    const r = detectAnomalies(varied, point(9, 120));
    expect(r.verdict).toBe('anomalies');
    expect(r.checked).toBe(6);
    expect(r.anomalies).toHaveLength(1);
    const a = r.anomalies[0]!;
    expect(a).toMatchObject({ metric: 'rowCount', value: 120, mean: 100, rule: 'sigma' });
    expect(a.stddev).toBeCloseTo(Math.sqrt(8), 12);
    expect(a.lowerBound).toBeCloseTo(100 - 3 * Math.sqrt(8), 12);
    expect(a.upperBound).toBeCloseTo(100 + 3 * Math.sqrt(8), 12);
    expect(a.message).toBe(
      'rowCount 120 is above the expected range 91.5–108.5 (mean 100 ± 3σ, σ = 2.8, over 6 prior runs)',
    );
    expect(detectAnomalies(varied, point(9, 80)).anomalies[0]!.message).toMatch(/^rowCount 80 is below/);
  });

  it('does not flag values within the bounds', () => {
    for (const v of [92, 100, 108]) {
      const r = detectAnomalies(varied, point(9, v));
      expect(r).toMatchObject({ verdict: 'ok', checked: 6, anomalies: [] });
    }
    expect(detectAnomalies(varied, point(9, 100)).message).toBe('no anomaly over 6 prior runs (k = 3)');
  });

  it('gives no verdict with 4 prior runs, however big the jump, and says why', () => {
    const r = detectAnomalies(history([100, 104, 98, 102]), point(9, 100_000, { a: 1 }));
    expect(r).toEqual({
      verdict: 'insufficient-history',
      checked: 4,
      message: '4 prior runs; at least 5 are needed for a verdict',
      anomalies: [],
    });
    expect(detectAnomalies([], point(0, 5)).message).toBe(
      'no prior runs; at least 5 are needed for a verdict',
    );
  });

  it('flags a jump after a flat history by relative change, and not a small move', () => {
    const flat = history([1000, 1000, 1000, 1000, 1000, 1000]);
    const jump = detectAnomalies(flat, point(9, 1600));
    expect(jump.verdict).toBe('anomalies');
    expect(jump.anomalies[0]).toMatchObject({
      metric: 'rowCount',
      rule: 'relative-change',
      mean: 1000,
      stddev: 0,
      lowerBound: 500,
      upperBound: 1500,
    });
    expect(jump.anomalies[0]!.message).toContain(
      'a 60% change from a flat history at 1000 over 6 prior runs; at most 50% expected',
    );
    expect(detectAnomalies(flat, point(9, 1400)).verdict).toBe('ok');
    expect(detectAnomalies(flat, point(9, 400)).anomalies[0]!.message).toMatch(
      /below the expected range 500–1500/,
    );
    // A near-flat history (σ under 1% of the mean) is judged the same way: +0.6% is noise, not an alarm.
    const nearFlat = history([1000, 1002, 1001, 999, 1000, 1001]);
    expect(detectAnomalies(nearFlat, point(9, 1006)).verdict).toBe('ok');
    expect(detectAnomalies(nearFlat, point(9, 1600)).anomalies[0]!.rule).toBe('relative-change');
  });

  it('takes k from the options', () => {
    // 106 is inside ±3σ (108.49) but outside ±2σ (105.66).
    expect(detectAnomalies(varied, point(9, 106)).verdict).toBe('ok');
    const r = detectAnomalies(varied, point(9, 106), { k: 2 });
    expect(r.verdict).toBe('anomalies');
    expect(r.anomalies[0]!.upperBound).toBeCloseTo(100 + 2 * Math.sqrt(8), 12);
  });

  it('takes minPoints and maxRelativeChange from the options', () => {
    expect(detectAnomalies(varied.slice(0, 3), point(9, 200), { minPoints: 3 }).verdict).toBe('anomalies');
    expect(detectAnomalies(varied, point(9, 200), { minPoints: 7 }).verdict).toBe('insufficient-history');
    const flat = history([10, 10, 10, 10, 10]);
    expect(detectAnomalies(flat, point(9, 13)).verdict).toBe('ok');
    expect(detectAnomalies(flat, point(9, 13), { maxRelativeChange: 0.2 }).verdict).toBe('anomalies');
  });

  it('uses the sample standard deviation (n − 1)', () => {
    expect(sampleStddev([100, 104, 98, 102, 96, 100])).toBeCloseTo(Math.sqrt(8), 12);
    expect(sampleStddev([5])).toBe(0);
    // With the population σ (√(40/6) ≈ 2.58) 108.0 would be outside ±3σ (107.75); with the sample σ it is inside.
    expect(detectAnomalies(varied, point(9, 108)).verdict).toBe('ok');
  });

  it('checks the null rate of each column of the current run', () => {
    const h = history([100, 100, 100, 100, 100], (i) => ({
      a: [0.01, 0.012, 0.011, 0.009, 0.01][i]!,
      b: 0.5,
    }));
    const r = detectAnomalies(h, point(9, 100, { a: 0.2, b: 0.5, fresh: 0.9 }));
    expect(r.anomalies.map((x) => x.metric)).toEqual(['nullRate:a']);
    expect(r.anomalies[0]).toMatchObject({ value: 0.2, rule: 'sigma' });
    expect(r.anomalies[0]!.upperBound).toBeLessThan(0.2);
    // A column the history lacks cannot be judged; the message says so.
    expect(r.message).toBe('1 anomaly over 5 prior runs (k = 3); too little history for nullRate:fresh');
    // Columns only in the history are not checked (the current run has no value for them).
    expect(detectAnomalies(h, point(9, 100, {})).verdict).toBe('ok');
  });

  it('judges a never-null column against a floor of one percentage point', () => {
    const h = history([100, 100, 100, 100, 100], () => ({ c: 0 }));
    expect(detectAnomalies(h, point(9, 100, { c: 0.004 })).verdict).toBe('ok');
    const r = detectAnomalies(h, point(9, 100, { c: 0.006 }));
    expect(r.anomalies[0]).toMatchObject({
      metric: 'nullRate:c',
      rule: 'relative-change',
      lowerBound: 0,
      upperBound: 0.005,
    });
  });

  it('refuses meaningless options', () => {
    expect(() => detectAnomalies(varied, point(9, 1), { k: 0 })).toThrow(/k must be a positive number/);
    expect(() => detectAnomalies(varied, point(9, 1), { maxRelativeChange: -1 })).toThrow(
      /maxRelativeChange/,
    );
  });
});
