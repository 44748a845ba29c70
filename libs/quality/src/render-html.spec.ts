import { cleanCounts, datasetInput, demoReport } from '../test/fixtures';
import { countTags, unbalancedTags } from '../test/html-check';
import { escapeHtml } from './html';
import { QUALITY_METRICS, type QualityReport } from '@lakehouse/contracts';
import { renderQualityHtml } from './render-html';
import { buildQualityReport } from './report';

const NASTY = '<script>alert("x")</script> & co';
const NASTY_COLUMN = 'a&b<i>';

/** The demo report with hostile text in every field that reaches the page. */
function nastyReport(): QualityReport {
  const r = demoReport(9, { orders: NASTY, column: NASTY_COLUMN });
  const d = r.datasets[NASTY]!;
  return {
    ...r,
    runId: 'run-<b>1</b>',
    datasets: {
      ...r.datasets,
      [NASTY]: {
        ...d,
        rejectsByCode: { ...d.rejectsByCode, '<img src=x onerror=alert(1)>': 2 },
        drift: [
          { file: 'raw/"quoted"&<file>.csv', extraColumns: ['<u>x</u>'], missingOptionalColumns: ["it's"] },
        ],
      },
    },
    crossChecks: [
      {
        name: 'orders_have_items',
        description: 'every <order> & "item"',
        violations: 1,
        checked: 2,
        examples: [{ id: '</td><script>' }],
      },
    ],
  };
}

describe('renderQualityHtml', () => {
  const page = renderQualityHtml(demoReport());

  it('is one self-contained, well-formed page', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(unbalancedTags(page)).toEqual([]);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import/i);
    // The only URL is the SVG namespace; nothing is fetched.
    expect(page.match(/https?:\/\/[^"\s]+/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).toContain(
      '<code class="run-id">2024-01-09T06-00-00Z-r9</code> <span class="badge status-SUCCEEDED_WITH_WARNINGS">',
    );
  });

  it('has one metric-trend chart per metric per dataset, one score and rows chart each, and a rejects chart each', () => {
    for (const ds of ['products', 'orders', 'order_items']) {
      for (const metric of QUALITY_METRICS)
        expect(
          countTags(page, 'svg', { class: 'chart metric-trend', 'data-dataset': ds, 'data-metric': metric }),
        ).toBe(1);
      expect(countTags(page, 'svg', { class: 'chart score-trend', 'data-dataset': ds })).toBe(1);
      expect(countTags(page, 'svg', { class: 'chart rows-trend', 'data-dataset': ds })).toBe(1);
      expect(countTags(page, 'svg', { class: 'chart rejects-by-code', 'data-dataset': ds })).toBe(1);
    }
    expect(countTags(page, 'svg', { class: 'chart metric-trend' })).toBe(15);
  });

  it('draws every history run as a point, highlights this run, and dashes the threshold', () => {
    const validity = page.match(
      /<svg class="chart metric-trend" data-dataset="orders" data-metric="validity"[\s\S]*?<\/svg>/,
    )![0];
    expect(validity).toContain('data-points="9"');
    expect(validity.match(/<polyline class="trend-line" points="([^"]*)"/)![1]!.split(' ')).toHaveLength(9);
    expect(
      countTags(validity, 'circle', { class: 'point' }) +
        countTags(validity, 'circle', { class: 'point current below' }),
    ).toBe(9);
    // This run is the last point, below its threshold, and says so in its tooltip.
    expect(validity).toMatch(
      /<circle class="point current below"[^>]*r="5"><title>run 9: 2024-01-09T06-00-00Z-r9 — 2024-01-09T01:00:00.000Z — validity 0.95 \(this run\)<\/title>/,
    );
    expect(validity).toMatch(
      /<line class="threshold"[^>]*stroke-dasharray="5 4"><title>threshold 0.97<\/title>/,
    );
    // No threshold on uniqueness: no threshold line.
    const uniqueness = page.match(
      /<svg class="chart metric-trend" data-dataset="orders" data-metric="uniqueness"[\s\S]*?<\/svg>/,
    )![0];
    expect(uniqueness).not.toContain('class="threshold"');
  });

  it('shows the metrics table with thresholds and pass/warn status', () => {
    expect(page).toContain(
      '<tr data-metric="validity"><td>validity</td><td class="num">0.95</td><td class="num">≥ 0.97</td><td class="warn">⚠ warn</td></tr>',
    );
    expect(page).toContain(
      '<tr data-metric="consistency"><td>consistency</td><td class="num">1</td><td class="num">≥ 0.99</td><td class="pass">✓ pass</td></tr>',
    );
    expect(page).toContain('Below threshold: validity 0.95 &lt; 0.97');
  });

  it('draws one bar per reject code, longest first', () => {
    const rejects = page.match(/<svg class="chart rejects-by-code" data-dataset="orders"[\s\S]*?<\/svg>/)![0];
    expect([...rejects.matchAll(/<rect class="bar" data-code="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'TYPE',
      'RULE',
      'NOT_NULL',
      'MALFORMED_ROW',
      'DUPLICATE',
    ]);
    expect(rejects).toContain('<title>TYPE: 82 rows</title>');
  });

  it('renders anomalies, the column profile, drift and cross-checks', () => {
    expect(page).toContain(
      '<tr data-anomaly="rowCount"><td class="mono">rowCount</td><td class="num">1800</td><td class="num">948.9 – 1061.1</td>',
    );
    expect(page).toContain(
      '<tr><td class="mono">user_id</td><td class="num">1800</td><td class="num">12</td><td class="num">0.67%',
    );
    expect(page).toContain(
      '<td class="mono">raw/orders/2024-01-09.csv</td><td class="mono">coupon_code</td>',
    );
    expect(page).toContain('<tr data-check="orders_have_items"><td class="warn">⚠ violated</td>');
    expect(page).toContain('<div>{&quot;order_id&quot;:70011}</div>');
  });

  it('renders sensibly with a one-run history and no rejects', () => {
    const one = renderQualityHtml(
      buildQualityReport({
        runId: 'first',
        runStart: '2024-05-01T00:00:00Z',
        generatedAt: '2024-05-01T00:00:00Z',
        runStatus: 'SUCCEEDED',
        datasets: { products: datasetInput(cleanCounts(10, 4)) },
      }),
    );
    expect(unbalancedTags(one)).toEqual([]);
    expect(countTags(one, 'svg', { class: 'chart metric-trend' })).toBe(5);
    // A single centred point, highlighted, and a polyline holding it (no NaN from dividing by n − 1 = 0).
    expect(one).not.toContain('NaN');
    expect(one).toContain('<polyline class="trend-line" points="193,12"/>');
    expect(countTags(one, 'circle', { class: 'point current' })).toBe(7); // five metrics, score, rows in
    expect(one).toContain('<svg class="chart rejects-by-code" data-dataset="products" data-bars="0"');
    expect(one).toContain('No rejected rows in this run');
    expect(one).toContain('no prior runs; at least 5 are needed for a verdict');
    expect(one).toContain('No warnings');
  });

  it('escapes every text it puts in the page', () => {
    const html = renderQualityHtml(nastyReport());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>1</b>');
    expect(html).not.toContain('<u>x</u>');
    expect(html).not.toContain(NASTY_COLUMN);
    expect(html).toContain(escapeHtml(NASTY)); // the dataset name, readable
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain(`data-dataset="${escapeHtml(NASTY)}" data-metric="validity"`);
    expect(html).toContain('a&amp;b&lt;i&gt;');
    expect(html).toContain('raw/&quot;quoted&quot;&amp;&lt;file&gt;.csv');
    expect(html).toContain('it&#39;s');
    expect(html).toContain('every &lt;order&gt; &amp; &quot;item&quot;');
    expect(html).toContain('{&quot;id&quot;:&quot;&lt;/td&gt;&lt;script&gt;&quot;}');
    expect(unbalancedTags(html)).toEqual([]);
    expect(countTags(html, 'svg', { class: 'chart metric-trend' })).toBe(15);
  });

  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
