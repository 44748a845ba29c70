import type { QualityMetrics } from '@lakehouse/contracts';

/**
 * What the quality metrics are computed from: the counts the SQL plan produces per dataset and
 * run (`<dataset>__counts`). The field names and meanings are those of libs/engine's
 * `QualityCounts`, so the engine can hand its counts over unchanged.
 */
export interface QualityCounts {
  /** Rows read this run ("rows in"). */
  readonly rowsIn: number;
  /** Required columns of the contract. */
  readonly requiredColumns: number;
  /** NOT_NULL codes (one per required cell that was null). */
  readonly notNullViolations: number;
  /** MISSING_COLUMN codes: a required column absent from a file's header, once per row of that file. */
  readonly missingColumnViolations: number;
  /** Rows having TYPE or MALFORMED_ROW. */
  readonly invalidRows: number;
  /** Rows that typed: no MALFORMED_ROW, MISSING_COLUMN or TYPE. */
  readonly typedRows: number;
  /** Typed rows having at least one RULE code. */
  readonly typedRowsWithRule: number;
  /** Rows with no step-1 code in a file that was not quarantined. */
  readonly fkCheckedRows: number;
  /** FK-checked rows having at least one FK code. */
  readonly fkRows: number;
  /** FK-checked rows without an FK code (they take part in deduplication). */
  readonly dedupCheckedRows: number;
  /** Dedup-checked rows that lost to another row or to the stored record. */
  readonly duplicateRows: number;
}

/**
 * good ÷ total, and 1 when there is nothing to measure: a dataset with no rows has no defects.
 * Computed as good ÷ total rather than 1 − bad ÷ total so that 97 of 100 is exactly 0.97 and a
 * value equal to its threshold passes.
 */
export function share(good: number, total: number): number {
  return total === 0 ? 1 : good / total;
}

/** Counts come from SQL: a negative count or more defects than rows means the plan is wrong, and a metric outside 0–1 would hide that. */
function checkCounts(c: QualityCounts): void {
  for (const [field, value] of Object.entries(c)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`QualityCounts.${field} must be a finite number ≥ 0, got ${String(value)}`);
  }
  const atMost = (part: keyof QualityCounts, whole: number, wholeName: string) => {
    if (c[part] > whole)
      throw new RangeError(`QualityCounts.${part} (${c[part]}) exceeds ${wholeName} (${whole})`);
  };
  atMost(
    'notNullViolations',
    c.rowsIn * c.requiredColumns - c.missingColumnViolations,
    'rowsIn × requiredColumns − missingColumnViolations',
  );
  atMost('invalidRows', c.rowsIn, 'rowsIn');
  atMost('typedRows', c.rowsIn, 'rowsIn');
  atMost('typedRowsWithRule', c.typedRows, 'typedRows');
  atMost('fkRows', c.fkCheckedRows, 'fkCheckedRows');
  atMost('duplicateRows', c.dedupCheckedRows, 'dedupCheckedRows');
}

/**
 * docs/contracts.md "Quality", over the rows read this run:
 * - completeness = 1 − (NOT_NULL + MISSING_COLUMN) ÷ (rows × required columns). A required column
 *   missing from a header is missing in every row of that file, so it counts like a null (as the engine does).
 * - validity = rows without TYPE or MALFORMED_ROW ÷ rows
 * - accuracy = typed rows without RULE ÷ typed rows
 * - consistency = FK-checked rows without FK ÷ FK-checked rows
 * - uniqueness = dedup-checked rows not DUPLICATE ÷ dedup-checked rows
 * - score = mean of the five × 100, rounded to two decimals
 * @throws RangeError when the counts are inconsistent (negative, or more defects than rows).
 */
export function computeMetrics(counts: QualityCounts): QualityMetrics {
  checkCounts(counts);
  const cells = counts.rowsIn * counts.requiredColumns;
  const completeness = share(cells - counts.notNullViolations - counts.missingColumnViolations, cells);
  const validity = share(counts.rowsIn - counts.invalidRows, counts.rowsIn);
  const accuracy = share(counts.typedRows - counts.typedRowsWithRule, counts.typedRows);
  const consistency = share(counts.fkCheckedRows - counts.fkRows, counts.fkCheckedRows);
  const uniqueness = share(counts.dedupCheckedRows - counts.duplicateRows, counts.dedupCheckedRows);
  const mean = (completeness + validity + accuracy + consistency + uniqueness) / 5;
  return {
    completeness,
    validity,
    accuracy,
    consistency,
    uniqueness,
    score: Math.round(mean * 10_000) / 100,
  };
}
