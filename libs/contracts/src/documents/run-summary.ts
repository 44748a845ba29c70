import { z } from 'zod';
import { FILE_ERROR_CODES, FILE_OUTCOMES, RUN_OUTCOMES } from '../vocabulary';
import { qualitySummarySchema, schemaDriftSchema } from './quality';
import { count, list, nonEmpty, recordOf, strictObject } from './shapes';

/** One file offered to a run and what became of it. */
export const fileSummarySchema = strictObject({
  key: nonEmpty.describe("The file's key, `raw/<dataset>/<file>`."),
  status: z.enum(FILE_OUTCOMES),
  rowsIn: count,
  accepted: count,
  rejected: count.describe('rowsIn − accepted.'),
  error: strictObject({ code: z.enum(FILE_ERROR_CODES), message: z.string() })
    .optional()
    .describe('Why the whole file was refused, naming the file.'),
  schemaDrift: schemaDriftSchema.optional().describe('Only when the header differs from the contract.'),
});
export type FileSummary = z.infer<typeof fileSummarySchema>;

/** One dataset of a run. */
export const datasetSummarySchema = strictObject({
  rowsIn: count,
  accepted: count.describe('Rows that passed every check (loaded, unless the dataset was blocked).'),
  rejected: count,
  reasons: recordOf(count).describe(
    'Rows having each code, by the code before the colon; only codes that occurred.',
  ),
  files: list(fileSummarySchema),
  quality: qualitySummarySchema,
  published: z.boolean().describe('False when a blocking quality gate kept this run out of the table.'),
  gate: strictObject({ action: z.enum(['none', 'warn', 'block']), reason: z.string() })
    .optional()
    .describe('The breach that made the gate warn or block: metric, value and threshold.'),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** The run summary: `lakehouse run --json` and `reports/<runId>.json`. */
export const runSummarySchema = strictObject({
  runId: nonEmpty,
  status: z.enum(RUN_OUTCOMES),
  datasets: recordOf(datasetSummarySchema),
  warnings: list(z.string())
    .optional()
    .describe('Every warning of the run in one line: breaches, anomalies, drift, cross-check violations.'),
}).meta({ title: 'Run summary', description: 'What one run did to every dataset and file offered to it.' });
export type RunSummary = z.infer<typeof runSummarySchema>;
