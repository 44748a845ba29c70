import { qualityMetrics, type QualityCounts } from './quality-metrics';

const clean: QualityCounts = {
  rowsIn: 100,
  requiredColumns: 5,
  notNullViolations: 0,
  missingColumnViolations: 0,
  invalidRows: 0,
  typedRows: 100,
  typedRowsWithRule: 0,
  fkCheckedRows: 100,
  fkRows: 0,
  dedupCheckedRows: 100,
  duplicateRows: 0,
};
const thresholds = {
  thresholds: { completeness: 0.95, validity: 0.97, accuracy: 0.98, consistency: 0.99 },
  onBreach: 'warn' as const,
};

describe('qualityMetrics (CONTRACTS.md "Quality metrics")', () => {
  it('is perfect for clean data and for no data at all', () => {
    const perfect = {
      completeness: 1,
      validity: 1,
      accuracy: 1,
      consistency: 1,
      uniqueness: 1,
      score: 100,
      passed: true,
      breaches: [],
    };
    expect(qualityMetrics(clean, thresholds)).toMatchObject(perfect);
    const none = { ...clean, rowsIn: 0, typedRows: 0, fkCheckedRows: 0, dedupCheckedRows: 0 };
    expect(qualityMetrics(none, thresholds)).toMatchObject(perfect);
  });

  it('computes each share over its own population', () => {
    const q = qualityMetrics(
      {
        ...clean,
        notNullViolations: 20,
        missingColumnViolations: 5,
        invalidRows: 3,
        typedRows: 90,
        typedRowsWithRule: 9,
        fkCheckedRows: 80,
        fkRows: 2,
        dedupCheckedRows: 78,
        duplicateRows: 39,
      },
      thresholds,
    );
    expect(q).toMatchObject({
      completeness: 475 / 500,
      validity: 0.97,
      accuracy: 0.9,
      consistency: 78 / 80,
      uniqueness: 0.5,
    });
    expect(q.score).toBe(Math.round(((0.95 + 0.97 + 0.9 + 0.975 + 0.5) / 5) * 10_000) / 100);
    // At the threshold passes (0.95, 0.97); below breaches. Uniqueness has no default threshold.
    expect(q.breaches).toEqual(['accuracy', 'consistency']);
    expect(q.passed).toBe(false);
  });

  it('97 of 100 is exactly the 0.97 threshold', () => {
    expect(qualityMetrics({ ...clean, invalidRows: 3 }, thresholds).passed).toBe(true);
    expect(qualityMetrics({ ...clean, invalidRows: 4 }, thresholds).breaches).toEqual(['validity']);
  });
});
