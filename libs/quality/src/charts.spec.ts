import { niceCeil, rejectsChart, trendChart, xAxisLabels, yDomain } from './charts';

describe('chart scales', () => {
  it('zooms a 0–1 axis to the round step below the lowest value or threshold', () => {
    expect(yDomain([1, 1, 1], 1, 0.95)).toEqual([0.9, 1]);
    expect(yDomain([0.99, 0.5], 1, 0.97)[0]).toBeCloseTo(0.4, 12);
    expect(yDomain([0.05], 1)).toEqual([0, 1]);
    expect(yDomain([100, 91], 100)).toEqual([80, 100]);
  });

  it('tops a count axis with a round number', () => {
    expect([niceCeil(52.5), niceCeil(1890), niceCeil(3), niceCeil(0)]).toEqual([60, 2000, 3, 1]);
  });
});

describe('trendChart', () => {
  const points = [
    { runId: 'a', at: '2024-01-01T00:00:00Z', value: 0.99 },
    { runId: 'b', at: '2024-01-02T00:00:00Z', value: 0.9 },
  ];

  it('maps the first run to the left edge, the last to the right, and values onto the y domain', () => {
    const svg = trendChart({
      dataset: 'd',
      metric: 'validity',
      points,
      currentRunId: 'b',
      threshold: 0.97,
    }).value;
    // Domain 0.8–1 (0.9 is the lowest value), plot x 46–340, y 12 (top) – 130 (bottom).
    expect(svg).toContain('<polyline class="trend-line" points="46,17.9 340,71"/>');
    expect(svg).toMatch(/<circle class="point current below" cx="340" cy="71" r="5">/);
    expect(svg).toMatch(/<line class="threshold" x1="46" x2="340" y1="29.7" y2="29.7"/);
  });

  it('draws a row-count trend from zero with the expected band shaded', () => {
    const svg = trendChart({
      dataset: 'd',
      metric: 'rowsIn',
      points: [{ runId: 'a', at: 'x', value: 100 }],
      currentRunId: 'a',
      band: { lower: 90, upper: 110 },
    }).value;
    expect(svg).toContain('class="chart rows-trend"');
    expect(svg).toMatch(
      /<rect class="expected-band" x="46" width="294" y="[\d.]+" height="[\d.]+"><title>expected 90 – 110<\/title>/,
    );
  });
});

describe('xAxisLabels', () => {
  const daily = (n: number, hour = 1) =>
    Array.from({ length: n }, (_, i) => ({
      runId: `r${i}`,
      at: new Date(Date.UTC(2024, 5, 24 + i, hour)).toISOString(),
      value: 1,
    }));

  it('names each day of a week of daily runs', () => {
    expect(xAxisLabels(daily(7)).map((l) => [l.index, l.day])).toEqual([
      [0, '06-24'],
      [1, '06-25'],
      [2, '06-26'],
      [3, '06-27'],
      [4, '06-28'],
      [5, '06-29'],
      [6, '06-30'],
    ]);
  });

  it('spreads at most seven labels from the first run to the last', () => {
    expect(xAxisLabels(daily(60)).map((l) => l.index)).toEqual([0, 10, 20, 30, 39, 49, 59]);
  });

  it('names a day once when several runs start on it', () => {
    const sameDay = [0, 6, 12].map((hour) => ({ ...daily(1, hour)[0]!, runId: `h${hour}` }));
    expect(xAxisLabels([...sameDay, ...daily(2).slice(1)])).toEqual([
      { index: 0, day: '06-24' },
      { index: 3, day: '06-25' },
    ]);
  });

  it('puts each label under its point', () => {
    const svg = trendChart({ dataset: 'd', metric: 'score', points: daily(3), currentRunId: 'r2' }).value;
    expect(
      [...svg.matchAll(/<text class="x-label" x="([\d.]+)" y="148" text-anchor="middle">([^<]+)</g)].map(
        (m) => m.slice(1),
      ),
    ).toEqual([
      ['46', '06-24'],
      ['193', '06-25'],
      ['340', '06-26'],
    ]);
  });
});

describe('rejectsChart', () => {
  it('scales bars to the largest count and skips zero counts', () => {
    const svg = rejectsChart('d', { TYPE: 10, FK: 5, RULE: 0 }).value;
    expect(svg).toContain('data-bars="2"');
    expect(svg).toMatch(/data-code="TYPE" x="150" y="9" width="154"/);
    expect(svg).toMatch(/data-code="FK" x="150" y="33" width="77"/);
    expect(svg).not.toContain('RULE');
  });
});
