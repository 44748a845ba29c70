import {
  QUALITY_METRICS,
  type CrossDatasetCheck,
  type DatasetQuality,
  type QualityReport,
} from '@lakehouse/contracts';
import { trendChart, rejectsChart } from './charts';
import { formatAgainst, formatNumber, formatPercent, formatRatio, formatScore } from './format';
import { markup, trusted, type SafeHtml } from './html';
import { metricStatus, type MetricStatus } from './render-terminal';

const STATUS_TEXT: Record<MetricStatus, string> = { pass: '✓ pass', warn: '⚠ warn', fail: '✗ fail' };

const CSS = `
:root { --pass:#1a7f37; --warn:#9a6700; --fail:#cf222e; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --accent:#0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; }
header.run { padding: 20px 32px; background: var(--bg); border-bottom: 1px solid var(--line); }
header.run h1 { margin: 0 0 4px; font-size: 22px; }
main { padding: 8px 32px 32px; max-width: 1200px; }
.meta { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; vertical-align: middle; }
.status-SUCCEEDED, .pass { color: var(--pass); }
.status-SUCCEEDED_WITH_WARNINGS, .warn { color: var(--warn); }
.status-FAILED, .fail { color: var(--fail); }
.status-NOTHING_TO_DO, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; background: #fff; min-width: 180px; text-decoration: none; color: inherit; }
.card .score { font-size: 24px; font-weight: 700; }
.warnings { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 8px; padding: 10px 16px; margin: 18px 0; }
.warnings h2 { font-size: 15px; margin: 0 0 6px; }
.warnings ul { margin: 0; padding-left: 20px; }
section.dataset, section.cross-checks { border-top: 1px solid var(--line); margin-top: 24px; padding-top: 8px; }
h2 { font-size: 19px; margin: 12px 0 6px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.gate-reason { color: var(--fail); font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 10px 18px; }
figure { margin: 0; }
figcaption { font-size: 12.5px; color: var(--muted); margin-bottom: 2px; }
figcaption b { color: #1f2328; }
.row { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #eaeef2; }
svg .axis, svg .x-tick { stroke: var(--line); }
svg .tick, svg .x-label, svg .bar-value, svg .bar-label, svg .threshold-label { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg .bar-label { fill: #1f2328; font-family: ui-monospace, Menlo, Consolas, monospace; }
svg .threshold { stroke: var(--fail); stroke-width: 1.2; }
svg .threshold-label { fill: var(--fail); }
svg .trend-line { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; }
svg .point { fill: #fff; stroke: var(--accent); stroke-width: 1.6; }
svg .point.below { stroke: var(--fail); }
svg .point.current { fill: var(--accent); stroke: #fff; stroke-width: 2; }
svg .point.current.below { fill: var(--fail); }
svg .bar { fill: #e16f24; }
svg .expected-band { fill: #ddf4ff; }
svg .empty-box { fill: #f0fff4; stroke: #aceebb; }
svg .empty { font: 13px system-ui, sans-serif; fill: var(--pass); }
.nullbar { display: inline-block; width: 80px; height: 8px; background: #eaeef2; border-radius: 4px; vertical-align: middle; margin-left: 6px; overflow: hidden; }
.nullbar > span { display: block; height: 100%; background: #e16f24; }
footer { color: var(--muted); font-size: 12px; padding: 16px 32px; border-top: 1px solid var(--line); }
`;

const count = (n: number) => formatNumber(n, 0);

function gateBadge(d: DatasetQuality): SafeHtml {
  if (d.gate.passed) return markup`<span class="badge pass">gate passed</span>`;
  return d.gate.action === 'block'
    ? markup`<span class="badge fail">gate blocked</span>`
    : markup`<span class="badge warn">gate warned</span>`;
}

function metricsTable(d: DatasetQuality): SafeHtml {
  return markup`<table class="metrics">
<thead><tr><th>metric</th><th class="num">value</th><th class="num">threshold</th><th>status</th></tr></thead>
<tbody>
${QUALITY_METRICS.map((m) => {
  const t = d.thresholds[m];
  const s = metricStatus(d, m);
  return markup`<tr data-metric="${m}"><td>${m}</td><td class="num">${t === undefined ? formatRatio(d.metrics[m]) : formatAgainst(d.metrics[m], t)}</td><td class="num">${t === undefined ? '—' : `≥ ${formatRatio(t, 12)}`}</td><td class="${s}">${STATUS_TEXT[s]}</td></tr>
`;
})}<tr><td><b>score</b></td><td class="num"><b>${formatScore(d.metrics.score)}</b></td><td class="num">/ 100</td><td></td></tr>
</tbody></table>`;
}

function trendCharts(report: QualityReport, name: string, d: DatasetQuality): SafeHtml {
  // The report's history includes this run; a hand-built report without it still charts this run.
  const entries = report.history[name]?.length
    ? report.history[name]!
    : [{ runId: report.runId, at: report.generatedAt, metrics: d.metrics, rowsIn: d.rowsIn }];
  const figure = (metric: (typeof QUALITY_METRICS)[number] | 'score') => {
    const threshold = metric === 'score' ? undefined : d.thresholds[metric];
    const value = d.metrics[metric];
    const shown =
      metric === 'score'
        ? formatScore(value)
        : threshold === undefined
          ? formatRatio(value)
          : formatAgainst(value, threshold);
    const chart = trendChart({
      dataset: name,
      metric,
      points: entries.map((e) => ({ runId: e.runId, at: e.at, value: e.metrics[metric] })),
      currentRunId: report.runId,
      threshold,
    });
    return markup`<figure><figcaption><b>${metric}</b> ${shown}${threshold === undefined ? '' : ` (min ${formatRatio(threshold, 12)})`} · ${entries.length} run${entries.length === 1 ? '' : 's'}</figcaption>${chart}</figure>
`;
  };
  // Row counts next to the metrics: the anomaly detector's main input, with its expected range when it flagged one.
  const flagged = d.anomalies.anomalies.find((a) => a.metric === 'rowCount');
  const rows = trendChart({
    dataset: name,
    metric: 'rowsIn',
    points: entries.map((e) => ({ runId: e.runId, at: e.at, value: e.rowsIn })),
    currentRunId: report.runId,
    band: flagged && { lower: flagged.lowerBound, upper: flagged.upperBound },
  });
  const rowsCaption = markup`<figcaption><b>rows in</b> ${count(d.rowsIn)}${flagged ? markup` <span class="warn">⚠ outside ${count(flagged.lowerBound)}–${count(flagged.upperBound)}</span>` : ''}</figcaption>`;
  return markup`<div class="charts">
${QUALITY_METRICS.map(figure)}${figure('score')}<figure>${rowsCaption}${rows}</figure>
</div>`;
}

function anomaliesBlock(d: DatasetQuality): SafeHtml {
  const a = d.anomalies;
  const cls = a.verdict === 'ok' ? 'pass' : a.verdict === 'anomalies' ? 'warn' : 'muted';
  const rows = a.anomalies.map((x) => {
    const f = (v: number) => formatNumber(v, x.metric === 'rowCount' ? 1 : 4);
    return markup`<tr data-anomaly="${x.metric}"><td class="mono">${x.metric}</td><td class="num">${f(x.value)}</td><td class="num">${f(x.lowerBound)} – ${f(x.upperBound)}</td><td class="num">${f(x.mean)}</td><td class="num">${f(x.stddev)}</td><td>${x.rule}</td><td>${x.message}</td></tr>
`;
  });
  return markup`<div class="anomalies"><h3>Anomalies <span class="badge ${cls}">${a.verdict}</span></h3>
<p class="meta">${a.message ?? ''}</p>
${
  rows.length === 0
    ? ''
    : markup`<table><thead><tr><th>metric</th><th class="num">value</th><th class="num">expected</th><th class="num">mean</th><th class="num">σ</th><th>rule</th><th>why</th></tr></thead><tbody>
${rows}</tbody></table>`
}</div>`;
}

function columnsTable(d: DatasetQuality): SafeHtml {
  if (d.columns.length === 0)
    return markup`<h3>Column profile</h3><p class="meta">No column profile for this run.</p>`;
  return markup`<h3>Column profile</h3>
<table class="columns"><thead><tr><th>column</th><th class="num">rows</th><th class="num">nulls</th><th class="num">null rate</th><th class="num">distinct</th></tr></thead><tbody>
${d.columns.map(
  (c) =>
    markup`<tr><td class="mono">${c.column}</td><td class="num">${count(c.rows)}</td><td class="num">${count(c.nulls)}</td><td class="num">${formatPercent(c.nullRate)}<span class="nullbar"><span style="width:${Math.round(Math.min(Math.max(c.nullRate, 0), 1) * 1000) / 10}%"></span></span></td><td class="num">${count(c.distinct)}</td></tr>
`,
)}</tbody></table>`;
}

function driftBlock(d: DatasetQuality): SafeHtml {
  if (d.drift.length === 0)
    return markup`<h3>Schema drift</h3><p class="meta">None: every file matched the contract's columns.</p>`;
  return markup`<h3>Schema drift</h3>
<table class="drift"><thead><tr><th>file</th><th>extra columns (ignored)</th><th>missing optional columns</th></tr></thead><tbody>
${d.drift.map((f) => markup`<tr><td class="mono">${f.file}</td><td class="mono">${f.extraColumns.join(', ') || '—'}</td><td class="mono">${f.missingOptionalColumns.join(', ') || '—'}</td></tr>\n`)}</tbody></table>`;
}

function datasetSection(report: QualityReport, name: string, d: DatasetQuality, index: number): SafeHtml {
  return markup`<section class="dataset" id="dataset-${index}" data-dataset="${name}">
<h2>${name} ${gateBadge(d)}</h2>
<p class="meta">rows in <b>${count(d.rowsIn)}</b> · accepted <b>${count(d.accepted)}</b> · rejected <b>${count(d.rejected)}</b> · score <b>${formatScore(d.metrics.score)}</b> · onBreach <code>${d.onBreach}</code></p>
${d.gate.reason ? markup`<p class="gate-reason">Below threshold: ${d.gate.reason}</p>` : ''}
${metricsTable(d)}
<h3>Trends <small class="muted">by run start (UTC)</small></h3>
${trendCharts(report, name, d)}
<div class="row"><figure><h3>Rejected rows by code</h3><figcaption>rows having each code (a row can have several)</figcaption>${rejectsChart(name, d.rejectsByCode)}</figure>
${anomaliesBlock(d)}</div>
${columnsTable(d)}
${driftBlock(d)}
</section>`;
}

function crossChecksSection(checks: readonly CrossDatasetCheck[]): SafeHtml {
  if (checks.length === 0) return markup``;
  return markup`<section class="cross-checks"><h2>Cross-dataset checks</h2>
<table><thead><tr><th>status</th><th>check</th><th>what holds</th><th class="num">checked</th><th class="num">violations</th><th>examples</th></tr></thead><tbody>
${checks.map(
  (c) =>
    markup`<tr data-check="${c.name}"><td class="${c.violations === 0 ? 'pass' : 'warn'}">${c.violations === 0 ? '✓ ok' : '⚠ violated'}</td><td class="mono">${c.name}</td><td>${c.description}</td><td class="num">${count(c.checked)}</td><td class="num">${count(c.violations)}${c.violations > 0 && c.checked > 0 ? ` (${formatPercent(c.violations / c.checked)})` : ''}</td><td class="mono">${c.examples.map((e) => markup`<div>${JSON.stringify(e)}</div>`)}</td></tr>
`,
)}</tbody></table></section>`;
}

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no external
 * resource (a Content-Security-Policy forbids them, so the page is safe to open from a bucket or
 * an e-mail and renders offline). Every text from the data is escaped by `markup`.
 */
export function renderQualityHtml(report: QualityReport): string {
  const names = Object.keys(report.datasets);
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Data quality — ${report.runId}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<header class="run">
<h1>Data quality report</h1>
<div>run <code class="run-id">${report.runId}</code> <span class="badge status-${report.runStatus}">${report.runStatus}</span></div>
<div class="meta">generated ${report.generatedAt} · ${names.length} dataset${names.length === 1 ? '' : 's'} · ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}</div>
<div class="cards">
${names.map((name, i) => {
  const d = report.datasets[name]!;
  return markup`<a class="card" href="#dataset-${i}"><div class="mono">${name}</div><div class="score">${formatScore(d.metrics.score)}</div><div>${gateBadge(d)}</div></a>
`;
})}</div>
</header>
<main>
${
  report.warnings.length === 0
    ? markup`<p class="pass">No warnings: every gate passed, no anomaly, no cross-check violation.</p>`
    : markup`<div class="warnings"><h2>Warnings (${report.warnings.length})</h2><ul>
${report.warnings.map((w) => markup`<li>${w}</li>\n`)}</ul></div>`
}
${names.length === 0 ? markup`<p class="meta">No dataset took part in this run.</p>` : ''}
${names.map((name, i) => datasetSection(report, name, report.datasets[name]!, i))}
${crossChecksSection(report.crossChecks)}
</main>
<footer>@lakehouse/quality · self-contained page (no scripts, no external resources) · metric definitions: docs/contracts.md "Quality"</footer>
</body>
</html>
`;
  return page.value;
}
