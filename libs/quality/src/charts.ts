import type { QualityMetricName } from '@lakehouse/contracts';
import { formatAgainst, formatNumber, formatRatio, formatScore } from './format';
import { markup, type SafeHtml } from './html';

/** One run on a trend chart. */
export interface TrendPoint {
  readonly runId: string;
  readonly at: string;
  readonly value: number;
}

export interface TrendChartInput {
  readonly dataset: string;
  /** A metric (0–1), `score` (0–100) or `rowsIn` (a row count, from 0). */
  readonly metric: QualityMetricName | 'score' | 'rowsIn';
  /** Oldest → newest. */
  readonly points: readonly TrendPoint[];
  /** This run; its point is highlighted. */
  readonly currentRunId: string;
  readonly threshold?: number;
  /** An expected range to shade (the anomaly detector's bounds). */
  readonly band?: { readonly lower: number; readonly upper: number };
}

const W = 360;
const H = 160;
/** Room right of the plot for half a day label centred under the last run. */
const M = { left: 46, right: 20, top: 12, bottom: 30 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

/** Two decimals are plenty for pixel coordinates and keep the markup short. */
const px = (v: number) => Math.round(v * 100) / 100;

/**
 * The y domain. Metrics live in 0–1 but usually in 0.9–1: a fixed 0–1 axis would draw a drop from
 * 0.99 to 0.95 as a flat line. So the axis ends at the top of the scale and starts at the round
 * step below the lowest value or threshold (never below 0) — labelled, so nothing is hidden.
 */
export function yDomain(values: readonly number[], top: number, threshold?: number): [number, number] {
  const step = top / 10;
  const low = Math.min(...values.filter(Number.isFinite), threshold ?? top, top);
  return [Math.max(0, Math.floor((low - step / 5) / step) * step), top];
}

/** The next multiple of the leading power of ten at or above x (52.5 → 60, 1890 → 2000): a round top whose half is round too. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const unit = 10 ** Math.floor(Math.log10(x));
  return Math.ceil(x / unit) * unit;
}

/** Runs labelled under a trend chart at most: day labels (`06-25`) about 50 px apart fit the plot. */
const MAX_X_LABELS = 7;

/**
 * The runs the x axis names by the day of their run start (`MM-DD`, UTC): at most MAX_X_LABELS,
 * evenly spread from the first run to the last; a run on the day already named just before it gets
 * no label of its own.
 */
export function xAxisLabels(
  points: readonly TrendPoint[],
): { readonly index: number; readonly day: string }[] {
  const n = points.length;
  const shown = Math.min(n, MAX_X_LABELS);
  const labels: { index: number; day: string }[] = [];
  for (let i = 0; i < shown; i++) {
    const index = shown === 1 ? 0 : Math.round((i * (n - 1)) / (shown - 1));
    const day = points[index]!.at.slice(5, 10);
    if (day !== labels.at(-1)?.day) labels.push({ index, day });
  }
  return labels;
}

/**
 * `<svg class="chart metric-trend" data-dataset data-metric>`: the metric over the history runs.
 * x = run index, in run-start order, the axis naming the days of the runs (each point's `<title>`
 * gives run id, run start and value), the threshold as a dashed line, points below it marked, this
 * run's point larger. One point is drawn centred.
 */
export function trendChart(c: TrendChartInput): SafeHtml {
  const kind = c.metric === 'score' ? 'score' : c.metric === 'rowsIn' ? 'count' : 'ratio';
  const fmt = (v: number) =>
    kind === 'score' ? formatScore(v) : kind === 'count' ? formatNumber(v, 1) : formatRatio(v);
  const values = c.points.map((p) => p.value);
  const [lo, hi]: [number, number] =
    kind === 'count'
      ? [0, niceCeil(Math.max(...values, c.band?.upper ?? 0) * 1.05)]
      : yDomain(values, kind === 'score' ? 100 : 1, c.threshold);
  const n = c.points.length;
  const x = (i: number) => px(M.left + (n === 1 ? PLOT_W / 2 : (i * PLOT_W) / (n - 1)));
  const y = (v: number) => px(M.top + PLOT_H - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * PLOT_H);
  const ticks = [lo, (lo + hi) / 2, hi];
  const line = c.points.map((p, i) => `${x(i)},${y(p.value)}`).join(' ');
  const label = `${c.dataset} ${c.metric} over ${n} run${n === 1 ? '' : 's'}${c.threshold === undefined ? '' : `, threshold ${fmt(c.threshold)}`}`;
  const cls = { score: 'chart score-trend', count: 'chart rows-trend', ratio: 'chart metric-trend' }[kind];

  return markup`<svg class="${cls}" data-dataset="${c.dataset}" data-metric="${c.metric}" data-points="${n}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">
<title>${label}</title>
${c.band ? markup`<rect class="expected-band" x="${M.left}" width="${PLOT_W}" y="${y(c.band.upper)}" height="${px(Math.max(1, y(c.band.lower) - y(c.band.upper)))}"><title>expected ${fmt(c.band.lower)} – ${fmt(c.band.upper)}</title></rect>` : ''}
${ticks.map(
  (
    t,
  ) => markup`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>
`,
)}<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}"/>
${
  c.threshold === undefined
    ? ''
    : markup`<line class="threshold" x1="${M.left}" x2="${W - M.right}" y1="${y(c.threshold)}" y2="${y(c.threshold)}" stroke-dasharray="5 4"><title>threshold ${fmt(c.threshold)}</title></line><text class="threshold-label" x="${M.left + 4}" y="${y(c.threshold) + 12}">min ${fmt(c.threshold)}</text>
`
}<polyline class="trend-line" points="${line}"/>
${c.points.map((p, i) => {
  const current = p.runId === c.currentRunId;
  const below = c.threshold !== undefined && p.value < c.threshold;
  const cls = ['point', current ? 'current' : '', below ? 'below' : ''].filter(Boolean).join(' ');
  const shown =
    c.threshold === undefined || kind !== 'ratio' ? fmt(p.value) : formatAgainst(p.value, c.threshold);
  return markup`<circle class="${cls}" cx="${x(i)}" cy="${y(p.value)}" r="${current ? 5 : 3}"><title>run ${i + 1}: ${p.runId} — ${p.at} — ${c.metric} ${shown}${current ? ' (this run)' : ''}</title></circle>
`;
})}${xAxisLabels(c.points).map(
    ({ index, day }) =>
      markup`<line class="x-tick" x1="${x(index)}" x2="${x(index)}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H + 4}"/><text class="x-label" x="${x(index)}" y="${H - 12}" text-anchor="middle">${day}</text>
`,
  )}</svg>`;
}

const BAR_ROW = 24;
const BAR_LABEL = 150;

/**
 * `<svg class="chart rejects-by-code" data-dataset>`: one horizontal bar per code, longest first,
 * with its row count. A run without rejects gets the same hook and a plain message, so the page
 * layout does not jump from run to run.
 */
export function rejectsChart(dataset: string, rejectsByCode: Readonly<Record<string, number>>): SafeHtml {
  const codes = Object.entries(rejectsByCode)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (codes.length === 0) {
    return markup`<svg class="chart rejects-by-code" data-dataset="${dataset}" data-bars="0" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} 56" width="${W}" height="56" role="img" aria-label="${dataset}: no rejected rows">
<title>${dataset}: no rejected rows</title>
<rect class="empty-box" x="1" y="1" width="${W - 2}" height="54" rx="6"/>
<text class="empty" x="${W / 2}" y="33" text-anchor="middle">No rejected rows in this run ✓</text>
</svg>`;
  }
  const max = Math.max(...codes.map(([, n]) => n));
  const barW = W - BAR_LABEL - 56;
  const h = codes.length * BAR_ROW + 12;
  return markup`<svg class="chart rejects-by-code" data-dataset="${dataset}" data-bars="${codes.length}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${dataset}: rejected rows by code">
<title>${dataset}: rejected rows by code</title>
${codes.map(([code, count], i) => {
  const y = 6 + i * BAR_ROW;
  const w = Math.max(2, px((count / max) * barW));
  return markup`<text class="bar-label" x="${BAR_LABEL - 8}" y="${y + 15}" text-anchor="end">${code}</text><rect class="bar" data-code="${code}" x="${BAR_LABEL}" y="${y + 3}" width="${w}" height="${BAR_ROW - 8}" rx="3"><title>${code}: ${formatNumber(count)} rows</title></rect><text class="bar-value" x="${BAR_LABEL + w + 6}" y="${y + 15}">${formatNumber(count)}</text>
`;
})}</svg>`;
}
