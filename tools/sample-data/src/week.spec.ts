import { generateSampleWeek } from './week';
import { splitLine } from './csv';

const rowsOf = (content: Buffer) =>
  content
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => splitLine(line));

describe('a week of daily batches', () => {
  const week = generateSampleWeek({ seed: 7, firstDay: '2024-06-24', ordersPerDay: 40 });

  it('is the same for the same seed and first day', () => {
    const again = generateSampleWeek({ seed: 7, firstDay: '2024-06-24', ordersPerDay: 40 });
    expect(again.map((d) => d.files.map((f) => [f.path, f.content.toString('hex')]))).toEqual(
      week.map((d) => d.files.map((f) => [f.path, f.content.toString('hex')])),
    );
  });

  it('dates seven days, each batch arriving the next night, its files under a date prefix', () => {
    expect(week.map((d) => [d.date, d.runStart.toISOString(), d.events])).toEqual([
      ['2024-06-24', '2024-06-25T01:00:00.000Z', ['catalogue']],
      ['2024-06-25', '2024-06-26T01:00:00.000Z', ['file-defects']],
      ['2024-06-26', '2024-06-27T01:00:00.000Z', ['resends']],
      ['2024-06-27', '2024-06-28T01:00:00.000Z', ['defect-burst']],
      ['2024-06-28', '2024-06-29T01:00:00.000Z', ['resends']],
      ['2024-06-29', '2024-06-30T01:00:00.000Z', []],
      ['2024-06-30', '2024-07-01T01:00:00.000Z', ['busy-day']],
    ]);
    for (const day of week)
      for (const f of day.files) expect(f.path).toMatch(new RegExp(`^${f.dataset}/${day.date}/[^/]+\\.csv$`));
  });

  it("continues the keys day after day; only a re-send file repeats yesterday's keys", () => {
    const keysOf = (day: (typeof week)[number], dataset: 'orders' | 'order_items', resent: boolean) =>
      day.files
        .filter((f) => f.dataset === dataset && f.path.endsWith('-resent.csv') === resent)
        .flatMap((f) => {
          const [header, ...rows] = rowsOf(f.content);
          const at = header.indexOf(dataset === 'orders' ? 'order_id' : 'id');
          // typing defects (`12x`, `1e3`, INT32_MAX + 1) are no key
          return rows
            .filter((r) => /^[0-9]+$/.test(r[at] ?? '') && Number(r[at]) < 1e9)
            .map((r) => Number(r[at]));
        });
    for (const dataset of ['orders', 'order_items'] as const) {
      const seen = new Set<number>();
      for (const [i, day] of week.entries()) {
        const fresh = keysOf(day, dataset, false);
        expect(Math.min(...fresh)).toBeGreaterThan(Math.max(0, ...seen));
        const resent = keysOf(day, dataset, true);
        if (day.events.includes('resends')) {
          const yesterday = new Set(keysOf(week[i - 1], dataset, false));
          expect(resent.length).toBeGreaterThan(0);
          expect(resent.every((k) => yesterday.has(k))).toBe(true);
        } else expect(resent).toEqual([]);
        for (const k of fresh) seen.add(k);
      }
    }
  });

  it('the busy day has four times the orders of an ordinary day', () => {
    const orders = (day: (typeof week)[number]) =>
      day.files.filter((f) => f.dataset === 'orders' && /orders-0001\.csv$/.test(f.path))[0].rows;
    expect(orders(week[6])).toBe(4 * orders(week[5]));
  });
});
