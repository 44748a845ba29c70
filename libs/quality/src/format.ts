/** Number formatting shared by the gate reasons and both renderers, so a value reads the same everywhere. */

/** A 0–1 metric with up to four decimals, trailing zeros dropped: 16/17 → "0.9412", 1 → "1". */
export function formatRatio(value: number, decimals = 4): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(decimals)));
}

/**
 * A value next to the bound it is compared with. Four decimals unless that would print the value
 * equal to the bound it breaches (0.96999 < 0.97 must not read "0.97 < 0.97"): then as many more
 * decimals as it takes to tell them apart.
 */
export function formatAgainst(value: number, bound: number): string {
  for (let decimals = 4; decimals <= 12; decimals++) {
    const v = formatRatio(value, decimals);
    if (value === bound || v !== formatRatio(bound, decimals)) return v;
  }
  return String(value);
}

/** A score 0–100 with two decimals at most. */
export function formatScore(score: number): string {
  return formatRatio(score, 2);
}

/** A count or measurement of any size, with at most `decimals` decimals (row counts stay integers). */
export function formatNumber(value: number, decimals = 4): string {
  return formatRatio(value, decimals);
}

/** A share as a percentage: 0.0123 → "1.23%". */
export function formatPercent(value: number, decimals = 2): string {
  return `${formatRatio(value * 100, decimals)}%`;
}
