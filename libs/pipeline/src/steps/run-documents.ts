import * as z from 'zod';
import { DATASET_JOB_OUTCOMES, FILE_OUTCOME } from '@lakehouse/contracts';
import { datasetReport, runManifest, type ObjectRef, type ObjectStore } from '@lakehouse/storage';
import type { RunManifestDocument } from './claim-run';

/** Reads a JSON object of the store; a missing one is the store's ObjectNotFoundError naming it. */
export async function readJson(objects: ObjectStore, ref: ObjectRef): Promise<unknown> {
  const { body } = await objects.get(ref);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${objects.locationOf(ref)} is not JSON: ${(error as Error).message}`);
  }
}

export const readRunManifest = async (objects: ObjectStore, runId: string) =>
  (await readJson(objects, runManifest(runId))) as RunManifestDocument;

/**
 * The part of a dataset job's report the settle step reads: each file's outcome, and whether the
 * dataset's new table version was published (a job's report: libs/engine locally, the Glue runner
 * in the cloud, `<runId>/<dataset>.json` in the reports zone).
 */
export const SettledDatasetReport = z.looseObject({
  runId: z.string(),
  dataset: z.string(),
  status: z.enum(DATASET_JOB_OUTCOMES),
  published: z.boolean(),
  files: z.array(
    z.looseObject({
      key: z.string(),
      status: z.enum([
        FILE_OUTCOME.PROCESSED,
        FILE_OUTCOME.QUARANTINED,
        FILE_OUTCOME.REJECTED,
        FILE_OUTCOME.EMPTY,
      ]),
      rowsIn: z.number().int().nonnegative(),
      accepted: z.number().int().nonnegative(),
      rejected: z.number().int().nonnegative(),
      error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type SettledDatasetReport = z.infer<typeof SettledDatasetReport>;

/** The dataset report of a table in a run; a malformed one is an error naming the object and field. */
export async function readDatasetReport(
  objects: ObjectStore,
  runId: string,
  table: string,
): Promise<SettledDatasetReport> {
  const ref = datasetReport(runId, table);
  const parsed = SettledDatasetReport.safeParse(await readJson(objects, ref));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(the report)'}: ${i.message}`);
    throw new Error(`dataset report ${objects.locationOf(ref)} is malformed: ${problems.join('; ')}`);
  }
  return parsed.data;
}
