import { cleanCounts, datasetInput, demoReport, BLOCK_SPEC } from '../test/fixtures';
import { buildQualityReport } from './report';
import { renderQualityTable } from './render-terminal';

describe('renderQualityTable', () => {
  const text = renderQualityTable(demoReport());
  const lines = text.split('\n');

  it('shows each metric with its value, threshold and status', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}validity +0\.95 +≥ 0\.97 +⚠$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}completeness +0\.9989 +≥ 0\.95 +✓$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}uniqueness +0\.9982 +— +✓$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}score +98\.78$/));
    expect(text).toContain(
      'orders — gate WARN (onBreach: warn) · score 98.78 · rows in 1800, accepted 1681, rejected 119',
    );
    expect(text).toContain('  gate: validity 0.95 < 0.97');
  });

  it('aligns the columns of a metrics table', () => {
    const table = lines
      .filter((l) => /^ {2}(metric|completeness|validity|accuracy|consistency|uniqueness) /.test(l))
      .slice(0, 6);
    const col = (l: string) => l.search(/≥|—|threshold/);
    expect(new Set(table.map(col)).size).toBe(1);
  });

  it('lists rejects by code (most first), anomalies, drift, cross-checks and warnings', () => {
    expect(text).toContain('  rejects by code: TYPE 82, RULE 14, NOT_NULL 12, MALFORMED_ROW 8, DUPLICATE 3');
    expect(text).toContain('  rejects by code: none');
    expect(text).toContain('    ⚠ rowCount 1800 is above the expected range 948.9–1061.1');
    expect(text).toContain('  schema drift in raw/orders/2024-01-09.csv: extra: coupon_code');
    expect(text).toContain('  ⚠ orders_have_items: 3 of 1800 violate (0.17%)');
    expect(text).toContain('  ✓ item_user_matches_order: ok, 4040 checked');
    expect(text).toContain('Warnings (6)');
    expect(lines.filter((l) => l.startsWith('  - '))).toHaveLength(6);
  });

  it('marks a blocking breach ✗ and uses no colour unless asked', () => {
    const blocked = buildQualityReport({
      runId: 'r',
      runStart: '2024-01-01T00:00:00Z',
      generatedAt: '2024-01-01T00:00:00Z',
      runStatus: 'FAILED',
      datasets: {
        orders: datasetInput(
          { ...cleanCounts(100), fkRows: 5 },
          { spec: BLOCK_SPEC, rejectsByCode: { FK: 5 } },
        ),
      },
    });
    const t = renderQualityTable(blocked);
    expect(t).toMatch(/consistency +0\.95 +≥ 0\.99 +✗/);
    expect(t).toContain('orders — gate BLOCKED');
    expect(t).not.toContain('\u001b[');
    expect(renderQualityTable(blocked, { color: true })).toContain('\u001b[31m✗\u001b[0m');
  });

  it('says so when nothing ran and nothing is wrong', () => {
    const empty = renderQualityTable(
      buildQualityReport({
        runId: 'r0',
        runStart: 't',
        generatedAt: 't',
        runStatus: 'NOTHING_TO_DO',
        datasets: {},
      }),
    );
    expect(empty).toContain('No dataset took part in this run.');
    expect(empty).toContain('No warnings.');
  });
});
