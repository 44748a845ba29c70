import { z } from 'zod';
import { count, list, nonEmpty, recordOf, strictObject } from './shapes';

/** A run id: a valid Step Functions execution name (≤ 80 characters of [A-Za-z0-9_-]). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** One file of a run, pinned to the object the run was started for. */
export const runManifestFileSchema = strictObject({
  bucket: nonEmpty.describe('The bucket of the raw zone (`local` for a local home).'),
  key: nonEmpty.describe("The object key, `raw/<dataset>/<file>`; also the rows' `_source_file`."),
  fileId: nonEmpty.describe('The file registry id.'),
  eTag: nonEmpty.describe('The content the run was started for: the S3 eTag (a SHA-256 locally).'),
  versionId: nonEmpty.optional().describe('The S3 object version, on a versioned bucket.'),
  size: count.describe('Bytes.'),
  fileSeq: z
    .number()
    .int()
    .positive()
    .describe(
      "1-based position among the dataset's files in key order: the later file wins deduplication ties.",
    ),
});
export type RunManifestFile = z.infer<typeof runManifestFileSchema>;

/**
 * The files of a run: written once when the run is claimed, read by every dataset job of the run
 * (the Glue runner, the DuckDB executor).
 */
export const runManifestSchema = strictObject({
  runId: z.string().regex(RUN_ID_PATTERN).describe('1–80 characters of [A-Za-z0-9_-].'),
  runStart: z.iso
    .datetime()
    .describe('The run start, an ISO 8601 UTC instant; rules relative to the run start read it.'),
  datasets: recordOf(list(runManifestFileSchema)).describe(
    'Per dataset, its files in key order (a dataset without files may be absent or empty).',
  ),
})
  .superRefine((manifest, ctx) => {
    for (const [dataset, files] of Object.entries(manifest.datasets)) {
      const keys = new Set<string>();
      files.forEach((file, i) => {
        if (file.fileSeq !== i + 1)
          ctx.addIssue({
            code: 'custom',
            path: ['datasets', dataset, i, 'fileSeq'],
            message: `expected ${i + 1} (files are numbered 1..n in list order), got ${file.fileSeq}`,
          });
        if (keys.has(file.key))
          ctx.addIssue({
            code: 'custom',
            path: ['datasets', dataset, i, 'key'],
            message: `${file.key} is listed twice`,
          });
        keys.add(file.key);
      });
    }
  })
  .meta({ title: 'Run manifest', description: 'The files of one run, per dataset, in key order.' });
export type RunManifest = z.infer<typeof runManifestSchema>;
