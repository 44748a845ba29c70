import { z } from 'zod';
import { DATASET_JOB_OUTCOMES, QUALITY_METRICS } from '../vocabulary';
import { columnProfileSchema, crossDatasetCheckSchema, qualitySummarySchema } from './quality';
import { fileSummarySchema } from './run-summary';
import { count, list, nonEmpty, recordOf, strictObject } from './shapes';

/**
 * What a Glue dataset job writes to `<reports>/<runId>/<dataset>.json`: its entry of the run
 * summary plus what the orchestration needs to assemble the run (the raw plan counts, the gate
 * decision, where the rejected rows went, the bookmark version) and the cross-dataset checks it ran.
 * The local run writes the same document for each dataset.
 */
export const datasetReportSchema = strictObject({
  runId: nonEmpty,
  dataset: nonEmpty,
  job: nonEmpty.describe("The bookmark's job name."),
  status: z.enum(DATASET_JOB_OUTCOMES),
  rowsIn: count,
  accepted: count,
  rejected: count,
  reasons: recordOf(count),
  files: list(fileSummarySchema),
  quality: strictObject({
    ...qualitySummarySchema.unwrap().shape,
    breaches: list(z.enum(QUALITY_METRICS)),
  })
    .nullable()
    .describe('Null when no quality gate was known (publishing decided by --publish-allowed).'),
  published: z.boolean(),
  gate: strictObject({
    publish: z.boolean(),
    source: z.enum(['plan', 'argument', 'decision']),
    reason: z.string(),
    onBreach: z.enum(['warn', 'block']).nullable(),
  }).nullable(),
  counts: recordOf(count).describe("The plan's datasetCounts row."),
  rejectedRecords: strictObject({ uri: z.string().nullable(), rows: count }),
  malformedFiles: list(z.string()).describe('Where the MALFORMED_FILE files were copied whole.'),
  bookmarkVersion: count.nullable(),
  columns: list(columnProfileSchema),
  crossChecks: list(crossDatasetCheckSchema).describe(
    "The cross-dataset checks this dataset's job ran after it published (a check belongs to its child dataset), in plan order; empty for every other job.",
  ),
}).meta({ title: 'Dataset report', description: 'What one Glue dataset job did in one run.' });
export type DatasetReport = z.infer<typeof datasetReportSchema>;
