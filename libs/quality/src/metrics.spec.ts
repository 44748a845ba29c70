import { cleanCounts, PERFECT_METRICS } from '../test/fixtures';
import { computeMetrics, share } from './metrics';

const clean = cleanCounts(200, 4);

describe('computeMetrics (docs/contracts.md "Quality")', () => {
  it('is perfect for clean data', () => {
    expect(computeMetrics(clean)).toEqual(PERFECT_METRICS);
  });

  it('is 1 for every metric measured over zero rows', () => {
    expect(computeMetrics(cleanCounts(0, 4))).toEqual(PERFECT_METRICS);
    // Rows read but none reached deduplication (all rejected earlier): uniqueness has nothing to measure.
    expect(
      computeMetrics({ ...clean, invalidRows: 200, typedRows: 0, fkCheckedRows: 0, dedupCheckedRows: 0 }),
    ).toMatchObject({ validity: 0, accuracy: 1, uniqueness: 1 });
  });

  it('computes each share over its own population, exactly', () => {
    const m = computeMetrics({
      ...clean,
      notNullViolations: 30, // + 10 missing-column cells = 40 of 800 cells
      missingColumnViolations: 10,
      invalidRows: 16, // 184 of 200
      typedRows: 180,
      typedRowsWithRule: 9, // 171 of 180
      fkCheckedRows: 160,
      fkRows: 4, // 156 of 160
      dedupCheckedRows: 156,
      duplicateRows: 39, // 117 of 156
    });
    expect(m).toEqual({
      completeness: 0.95,
      validity: 0.92,
      accuracy: 0.95,
      consistency: 0.975,
      uniqueness: 0.75,
      score: 90.9,
    });
  });

  it('counts a missing required column as missing cells (as the engine does)', () => {
    expect(computeMetrics({ ...clean, missingColumnViolations: 200 }).completeness).toBe(0.75);
    expect(computeMetrics({ ...clean, notNullViolations: 200 }).completeness).toBe(0.75);
  });

  it('gives the same values as the engine on the engine test case', () => {
    const counts = {
      rowsIn: 100,
      requiredColumns: 5,
      notNullViolations: 20,
      missingColumnViolations: 5,
      invalidRows: 3,
      typedRows: 90,
      typedRowsWithRule: 9,
      fkCheckedRows: 80,
      fkRows: 2,
      dedupCheckedRows: 78,
      duplicateRows: 39,
    };
    expect(computeMetrics(counts)).toEqual({
      completeness: 0.95,
      validity: 0.97,
      accuracy: 0.9,
      consistency: 0.975,
      uniqueness: 0.5,
      score: 85.9,
    });
  });

  it('rounds the score to two decimals, half up', () => {
    expect(computeMetrics({ ...cleanCounts(3, 4), invalidRows: 1 }).score).toBe(93.33); // (4 + 2/3) / 5
    expect(computeMetrics({ ...cleanCounts(3, 4), invalidRows: 2 }).score).toBe(86.67); // (4 + 1/3) / 5
    expect(computeMetrics({ ...cleanCounts(8, 4), invalidRows: 1 }).score).toBe(97.5);
  });

  it('makes 97 of 100 exactly 0.97 (good ÷ total)', () => {
    expect(share(97, 100)).toBe(0.97);
    expect(computeMetrics({ ...cleanCounts(100, 4), invalidRows: 3 }).validity).toBe(0.97);
  });

  it('refuses inconsistent counts instead of reporting a metric outside 0–1', () => {
    expect(() => computeMetrics({ ...clean, invalidRows: 201 })).toThrow(
      /invalidRows \(201\) exceeds rowsIn/,
    );
    expect(() => computeMetrics({ ...clean, duplicateRows: -1 })).toThrow(
      /duplicateRows must be a finite number ≥ 0/,
    );
    expect(() => computeMetrics({ ...clean, fkRows: Number.NaN })).toThrow(RangeError);
    expect(() => computeMetrics({ ...clean, notNullViolations: 750, missingColumnViolations: 100 })).toThrow(
      /notNullViolations/,
    );
  });
});
