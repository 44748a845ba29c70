/** A sample of repeated measurements summarised as the bench prints it. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) ÷ median: how far apart the repetitions were. */
  readonly spread: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarise(values: readonly number[]): Summary {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { n: values.length, median: m, min, max, spread: m === 0 ? 0 : (max - min) / m };
}

/**
 * The order of the runners in repetition `rep`: forwards on even repetitions, backwards on odd
 * ones, so neither the subject nor a baseline always runs first on a warm or cold machine.
 */
export function alternate<T>(runners: readonly T[], rep: number): T[] {
  return rep % 2 === 0 ? [...runners] : [...runners].reverse();
}
