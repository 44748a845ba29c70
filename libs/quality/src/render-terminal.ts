import {
  QUALITY_METRICS,
  type DatasetQuality,
  type QualityMetricName,
  type QualityReport,
} from '@lakehouse/contracts';
import { describeCrossCheck } from './cross-checks';
import { nameList } from './drift';
import { formatAgainst, formatPercent, formatRatio, formatScore } from './format';

export interface TerminalOptions {
  /** ANSI colours on the status marks. @default false — reports end up in CI logs and files. */
  readonly color?: boolean;
}

/** Status of one metric: ✓ at or above its threshold (or without one), ⚠ below with `warn`, ✗ below with `block`. */
export type MetricStatus = 'pass' | 'warn' | 'fail';

export function metricStatus(d: DatasetQuality, metric: QualityMetricName): MetricStatus {
  if (!d.gate.breaches.some((b) => b.metric === metric)) return 'pass';
  return d.onBreach === 'block' ? 'fail' : 'warn';
}

const MARK: Record<MetricStatus, string> = { pass: '✓', warn: '⚠', fail: '✗' };
const ANSI: Record<MetricStatus, string> = { pass: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m' };

/** Left-aligned columns; the last column is not padded, so wide glyphs (⚠) at the end cannot skew the rest. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
        .join('  ')
        .trimEnd(),
  );
}

function datasetBlock(name: string, d: DatasetQuality, mark: (s: MetricStatus) => string): string[] {
  const gate = d.gate.passed ? 'passed' : d.gate.action === 'block' ? 'BLOCKED' : 'WARN';
  const lines = [
    `${name} — gate ${gate} (onBreach: ${d.onBreach}) · score ${formatScore(d.metrics.score)} · rows in ${d.rowsIn}, accepted ${d.accepted}, rejected ${d.rejected}`,
  ];
  const rows: string[][] = [['metric', 'value', 'threshold', 'status']];
  for (const m of QUALITY_METRICS) {
    const t = d.thresholds[m];
    const value = t === undefined ? formatRatio(d.metrics[m]) : formatAgainst(d.metrics[m], t);
    rows.push([m, value, t === undefined ? '—' : `≥ ${formatRatio(t, 12)}`, mark(metricStatus(d, m))]);
  }
  rows.push(['score', formatScore(d.metrics.score), '', '']);
  lines.push(...table(rows));
  if (d.gate.reason) lines.push(`  gate: ${d.gate.reason}`);

  const codes = Object.entries(d.rejectsByCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  lines.push(
    `  rejects by code: ${codes.length === 0 ? 'none' : codes.map(([c, n]) => `${c} ${n}`).join(', ')}`,
  );

  const a = d.anomalies;
  lines.push(`  anomalies: ${a.verdict}${a.message ? ` — ${a.message}` : ''}`);
  for (const x of a.anomalies) lines.push(`    ${mark('warn')} ${x.message}`);

  const profiled = d.columns.filter((c) => c.nulls > 0);
  if (profiled.length > 0)
    lines.push(`  null rates: ${profiled.map((c) => `${c.column} ${formatPercent(c.nullRate)}`).join(', ')}`);
  for (const f of d.drift) {
    const extra = f.extraColumns.length > 0 ? ` extra: ${nameList(f.extraColumns)}` : '';
    const missing =
      f.missingOptionalColumns.length > 0 ? ` missing optional: ${nameList(f.missingOptionalColumns)}` : '';
    lines.push(`  schema drift in ${f.file}:${extra}${missing}`);
  }
  return lines;
}

/**
 * The report as plain text for a terminal or a CI log: per dataset the metrics with value,
 * threshold and status (✓ pass, ⚠ breach that warns, ✗ breach that blocks), rejects by code,
 * anomalies and drift; then the cross-dataset checks and every warning.
 */
export function renderQualityTable(report: QualityReport, options: TerminalOptions = {}): string {
  const mark = (s: MetricStatus) => (options.color ? `${ANSI[s]}${MARK[s]}\u001b[0m` : MARK[s]);
  const lines = [`Quality report — run ${report.runId} — ${report.runStatus} — ${report.generatedAt}`, ''];
  const names = Object.keys(report.datasets);
  if (names.length === 0) lines.push('No dataset took part in this run.', '');
  for (const name of names) lines.push(...datasetBlock(name, report.datasets[name]!, mark), '');
  if (report.crossChecks.length > 0) {
    lines.push('Cross-dataset checks');
    for (const c of report.crossChecks)
      lines.push(`  ${mark(c.violations === 0 ? 'pass' : 'warn')} ${describeCrossCheck(c)}`);
    lines.push('');
  }
  lines.push(report.warnings.length === 0 ? 'No warnings.' : `Warnings (${report.warnings.length})`);
  for (const w of report.warnings) lines.push(`  - ${w}`);
  return lines.join('\n') + '\n';
}
