import type { Anomaly, AnomalyMetric, AnomalyResult } from '@lakehouse/contracts';
import { formatNumber, formatPercent } from './format';

/** One run's observations that anomaly detection compares across runs. */
export interface HistoryPoint {
  readonly runId: string;
  /** When the run happened (ISO 8601). */
  readonly at: string;
  readonly rowCount: number;
  /** Null rate (0–1) per column. */
  readonly nullRates: Readonly<Record<string, number>>;
}

export interface AnomalyOptions {
  /** Width of the expected band in standard deviations. @default 3 */
  readonly k?: number;
  /** Prior runs needed before any verdict. @default 5 */
  readonly minPoints?: number;
  /** Largest accepted |value − mean| ÷ mean on a flat history. @default 0.5 */
  readonly maxRelativeChange?: number;
}

export const ANOMALY_DEFAULTS = { k: 3, minPoints: 5, maxRelativeChange: 0.5 } as const;

/**
 * A history whose σ is below this share of its mean is treated as flat. k·σ bands that narrow
 * turn ordinary noise into alarms (a snapshot table growing by 0.2% a run would breach a ±0.6%
 * band), so such histories are judged by the relative-change rule instead.
 */
export const FLAT_HISTORY_CV = 0.01;

/**
 * The smallest mean the relative-change rule divides by, per kind of metric. With a mean of 0
 * (a column that never had nulls) any change would be infinitely relative; these floors make
 * "a change" mean ≥ 1 row for row counts and ≥ 1 percentage point for null rates, so with the
 * default 0.5 a never-null column is flagged once over 0.5% of its cells are null.
 */
export const RELATIVE_CHANGE_FLOOR = { rowCount: 1, nullRate: 0.01 } as const;

interface Series {
  readonly metric: AnomalyMetric;
  readonly prior: readonly number[];
  readonly value: number;
  readonly floor: number;
  /** Null rates live in 0–1; the bounds are clamped to it so they read as possible values. */
  readonly max: number;
  /** Decimals in messages: a row count needs one, a null rate four. */
  readonly decimals: number;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n − 1): with the 5–30 runs a history holds, the population σ underestimates the spread and raises false alarms. */
export function sampleStddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

function describe(s: Series, lower: number, upper: number, detail: string): string {
  const side = s.value > upper ? 'above' : 'below';
  const f = (v: number) => formatNumber(v, s.decimals);
  return `${s.metric} ${f(s.value)} is ${side} the expected range ${f(lower)}–${f(upper)} (${detail})`;
}

function check(s: Series, k: number, maxRelativeChange: number): Anomaly | undefined {
  const m = mean(s.prior);
  const sd = sampleStddev(s.prior);
  const base = Math.max(Math.abs(m), s.floor);
  const clamp = (x: number) => Math.min(Math.max(x, 0), s.max);
  const anomaly = (
    rule: Anomaly['rule'],
    lowerBound: number,
    upperBound: number,
    detail: string,
  ): Anomaly => ({
    metric: s.metric,
    value: s.value,
    mean: m,
    stddev: sd,
    lowerBound,
    upperBound,
    rule,
    message: describe(s, lowerBound, upperBound, detail),
  });
  const n = s.prior.length;
  if (sd >= FLAT_HISTORY_CV * base) {
    const lowerBound = clamp(m - k * sd);
    const upperBound = clamp(m + k * sd);
    if (s.value >= m - k * sd && s.value <= m + k * sd) return undefined;
    const detail = `mean ${formatNumber(m, s.decimals)} ± ${k}σ, σ = ${formatNumber(sd, s.decimals)}, over ${n} prior runs`;
    return anomaly('sigma', lowerBound, upperBound, detail);
  }
  const change = Math.abs(s.value - m) / base;
  if (change <= maxRelativeChange) return undefined;
  const lowerBound = clamp(m - maxRelativeChange * base);
  const upperBound = clamp(m + maxRelativeChange * base);
  const detail =
    Math.abs(m) >= s.floor
      ? `a ${formatPercent(change, 1)} change from a flat history at ${formatNumber(m, s.decimals)} over ${n} prior runs; at most ${formatPercent(maxRelativeChange, 1)} expected`
      : `a flat history at ${formatNumber(m, s.decimals)} over ${n} prior runs; changes are measured against ${formatNumber(s.floor)} and at most ${formatPercent(maxRelativeChange, 1)} of it is expected`;
  return anomaly('relative-change', lowerBound, upperBound, detail);
}

function runs(n: number): string {
  return n === 0 ? 'no prior runs' : `${n} prior run${n === 1 ? '' : 's'}`;
}

/**
 * Compares this run's row count and per-column null rates with the prior runs of the same
 * dataset (a Deequ-style "anomaly detection on metric history").
 * - Fewer than `minPoints` prior runs: `insufficient-history`, no anomalies — a mean and σ over a
 *   handful of runs are noise, and a false alarm on day 2 teaches users to ignore the check.
 * - Otherwise a value outside mean ± k·σ (sample σ) is an anomaly (`sigma`).
 * - A flat history (σ under 1% of the mean, `FLAT_HISTORY_CV`) uses the relative-change rule:
 *   |value − mean| ÷ max(mean, floor) > maxRelativeChange, so a jump after identical runs is still
 *   caught while ordinary noise around a near-constant mean is not.
 * Null rates are checked for each column of `current`, against the prior runs that had the
 * column; a column with fewer than `minPoints` such runs (a new column) is skipped and named in
 * the message. Non-finite values in the history are ignored.
 * @param history prior runs only, oldest → newest
 */
export function detectAnomalies(
  history: readonly HistoryPoint[],
  current: HistoryPoint,
  options: AnomalyOptions = {},
): AnomalyResult {
  const k = options.k ?? ANOMALY_DEFAULTS.k;
  const maxRelativeChange = options.maxRelativeChange ?? ANOMALY_DEFAULTS.maxRelativeChange;
  // σ needs two points; fewer than two prior runs can never be a verdict.
  const minPoints = Math.max(2, options.minPoints ?? ANOMALY_DEFAULTS.minPoints);
  if (!(k > 0) || !Number.isFinite(k))
    throw new RangeError(`detectAnomalies: k must be a positive number, got ${k}`);
  if (!(maxRelativeChange >= 0) || !Number.isFinite(maxRelativeChange)) {
    throw new RangeError(`detectAnomalies: maxRelativeChange must be ≥ 0, got ${maxRelativeChange}`);
  }
  const rowCounts = history.map((p) => p.rowCount).filter(Number.isFinite);
  if (rowCounts.length < minPoints) {
    return {
      verdict: 'insufficient-history',
      checked: rowCounts.length,
      message: `${runs(rowCounts.length)}; at least ${minPoints} are needed for a verdict`,
      anomalies: [],
    };
  }
  const series: Series[] = [
    {
      metric: 'rowCount',
      prior: rowCounts,
      value: current.rowCount,
      floor: RELATIVE_CHANGE_FLOOR.rowCount,
      max: Infinity,
      decimals: 1,
    },
  ];
  const newColumns: string[] = [];
  for (const [column, value] of Object.entries(current.nullRates)) {
    const prior = history
      .map((p) => p.nullRates[column])
      .filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (prior.length < minPoints) newColumns.push(column);
    else
      series.push({
        metric: `nullRate:${column}`,
        prior,
        value,
        floor: RELATIVE_CHANGE_FLOOR.nullRate,
        max: 1,
        decimals: 4,
      });
  }
  const anomalies = series
    .filter((s) => Number.isFinite(s.value))
    .flatMap((s) => check(s, k, maxRelativeChange) ?? []);
  const skipped =
    newColumns.length > 0
      ? `; too little history for ${newColumns.map((c) => `nullRate:${c}`).join(', ')}`
      : '';
  const found =
    anomalies.length === 0
      ? 'no anomaly'
      : `${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`;
  return {
    verdict: anomalies.length === 0 ? 'ok' : 'anomalies',
    checked: rowCounts.length,
    message: `${found} over ${runs(rowCounts.length)} (k = ${k})${skipped}`,
    anomalies,
  };
}
