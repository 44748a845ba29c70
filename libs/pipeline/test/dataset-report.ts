import type { CrossDatasetCheck, DatasetReport } from '@lakehouse/contracts';
import { planCountsOf } from '@lakehouse/quality';

/** A Glue dataset job's report of one file, in the document's shape; `nulls` empty cells of its `name` column, rejected. */
export function gluedDatasetReport(
  runId: string,
  dataset: string,
  key: string,
  rows: number,
  options: { nulls?: number; published?: boolean; crossChecks?: CrossDatasetCheck[] } = {},
): DatasetReport {
  const nulls = options.nulls ?? 0;
  const accepted = rows - nulls;
  const published = options.published ?? true;
  return {
    runId,
    dataset,
    job: `lakehouse-${dataset}`,
    status: published ? 'PUBLISHED' : 'BLOCKED',
    rowsIn: rows,
    accepted,
    rejected: nulls,
    reasons: nulls > 0 ? { NOT_NULL: nulls } : {},
    files: [{ key, status: 'PROCESSED', rowsIn: rows, accepted, rejected: nulls }],
    quality: null,
    published,
    gate: null,
    // What the Glue runner writes: the plan's datasetCounts row (snake_case).
    counts: planCountsOf({
      rowsIn: rows,
      requiredColumns: 2,
      notNullViolations: nulls,
      missingColumnViolations: 0,
      invalidRows: nulls,
      typedRows: accepted,
      typedRowsWithRule: 0,
      fkCheckedRows: 0,
      fkRows: 0,
      dedupCheckedRows: accepted,
      duplicateRows: 0,
    }),
    rejectedRecords: { uri: null, rows: nulls },
    malformedFiles: [],
    bookmarkVersion: published ? 1 : null,
    columns: [{ column: 'name', rows, nulls, nullRate: rows === 0 ? 0 : nulls / rows, distinct: accepted }],
    crossChecks: options.crossChecks ?? [],
  } as DatasetReport;
}
