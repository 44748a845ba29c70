import fc from 'fast-check';
import { QUALITY_METRICS, type QualityMetricName, type QualitySpec } from '@lakehouse/contracts';
import { qualityCountsOf, type CountName } from '@lakehouse/engine';
import { computeMetrics, evaluateGate } from '@lakehouse/quality';
import { missingColumnsMessage, quarantineMessage } from '@lakehouse/validation';

/** The quality inputs of a counts row, consistent with each other (every part within its whole). */
const countsArb = fc
  .record({
    rowsIn: fc.integer({ min: 0, max: 2_000 }),
    required: fc.integer({ min: 0, max: 9 }),
    parts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }),
  })
  .map(({ rowsIn, required, parts: [a, b, c, d, e, f, g, h, i] }) => {
    const part = (share: number, whole: number) => Math.floor(share * whole);
    const cells = rowsIn * required;
    const missing = part(a, cells);
    const typed = part(d, rowsIn);
    const fkChecked = part(f, rowsIn);
    const fk = part(g, fkChecked);
    const dedupChecked = part(h, fkChecked - fk);
    return {
      rows_in: rowsIn,
      required_columns: required,
      missing_column_violations: missing,
      not_null_violations: part(b, cells - missing),
      invalid_rows: part(c, rowsIn),
      typed_rows: typed,
      typed_rows_with_rule: part(e, typed),
      fk_checked_rows: fkChecked,
      rows_fk: fk,
      dedup_checked_rows: dedupChecked,
      rows_duplicate: part(i, dedupChecked),
    };
  });

const specArb: fc.Arbitrary<QualitySpec> = fc.record({
  thresholds: fc.dictionary(
    fc.constantFrom<QualityMetricName>(...QUALITY_METRICS),
    fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  ),
  onBreach: fc.constantFrom('warn', 'block'),
});

const DEFAULT_SPEC: QualitySpec = {
  thresholds: { completeness: 0.95, validity: 0.97, accuracy: 0.98, consistency: 0.99 },
  onBreach: 'warn',
};

const EMPTY = {
  rows_in: 0,
  required_columns: 6,
  missing_column_violations: 0,
  not_null_violations: 0,
  invalid_rows: 0,
  typed_rows: 0,
  typed_rows_with_rule: 0,
  fk_checked_rows: 0,
  rows_fk: 0,
  dedup_checked_rows: 0,
  rows_duplicate: 0,
};

/** Cases worth naming: nothing to measure, a value exactly at its threshold, a score at .5 of its last digit. */
const NAMED: readonly [string, typeof EMPTY, QualitySpec][] = [
  ['nothing to measure is perfect', EMPTY, DEFAULT_SPEC],
  [
    '97 of 100 is exactly the validity threshold',
    { ...EMPTY, rows_in: 100, invalid_rows: 3, typed_rows: 97, fk_checked_rows: 97, dedup_checked_rows: 97 },
    DEFAULT_SPEC,
  ],
  [
    'a score of 98.125 rounds half up',
    {
      ...EMPTY,
      rows_in: 100,
      typed_rows: 100,
      fk_checked_rows: 100,
      dedup_checked_rows: 32,
      rows_duplicate: 3,
    },
    DEFAULT_SPEC,
  ],
];

/** A metrics case: a counts row and a gate, and the metrics and breaches libs/quality computes. */
function metricsCase(name: string, counts: typeof EMPTY, spec: QualitySpec) {
  const metrics = computeMetrics(qualityCountsOf(counts as Record<CountName, number>));
  const gate = evaluateGate(metrics, spec);
  return {
    name,
    counts,
    spec,
    expected: { ...metrics, passed: gate.passed, breaches: gate.breaches.map((b) => b.metric) },
  };
}

export function metricsCorpus() {
  const generated = fc.sample(fc.tuple(countsArb, specArb), { numRuns: 150, seed: 20241202 });
  return [
    ...NAMED.map(([name, counts, spec]) => metricsCase(name, counts, spec)),
    ...generated.map(([counts, spec], i) => metricsCase(`generated ${i + 1}`, counts, spec)),
  ];
}

/** The file-level messages, with shares whose percentage sits on a rounding edge. */
export function messagesCorpus() {
  const ratios = fc.sample(
    fc.record({
      rowsIn: fc.integer({ min: 1, max: 1_000 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { numRuns: 100, seed: 20241203 },
  );
  const quarantine = [
    { rejected: 49, rowsIn: 400, maxRejectRatio: 0.1 },
    { rejected: 1, rowsIn: 8, maxRejectRatio: 0.1 },
    { rejected: 1, rowsIn: 3, maxRejectRatio: 0.25 },
    { rejected: 5, rowsIn: 5, maxRejectRatio: 0 },
    { rejected: 3, rowsIn: 10, maxRejectRatio: 0.07 },
    { rejected: 3, rowsIn: 10, maxRejectRatio: 0.29 },
    ...ratios.map(({ rowsIn, share }) => ({
      rejected: Math.ceil(share * rowsIn),
      rowsIn,
      maxRejectRatio: 0.2,
    })),
  ].map((c) => ({
    ...c,
    key: 'raw/orders/a.csv',
    expected: quarantineMessage('raw/orders/a.csv', c.rejected, c.rowsIn, c.maxRejectRatio),
  }));
  const missing = [['date'], ['user_id', 'date']].map((columns) => ({
    key: 'raw/orders/a.csv',
    columns,
    expected: missingColumnsMessage('raw/orders/a.csv', columns),
  }));
  return { quarantine, missing };
}
