import type { DatasetRegistry } from '@lakehouse/contracts';
import type { ClaimInput, ClaimOutput, RunFile } from '@lakehouse/orchestration';
import { FileNotFoundError, type StateStore } from '@lakehouse/state';
import { runManifest, type ObjectStore } from '@lakehouse/storage';
import { rawObjectOf, runFileOf } from './run-files';

export interface ClaimRunPorts {
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  /** How long the run's lease lasts; it must outlast the run. @default the state store's */
  readonly leaseTtlMs?: number;
}

/** The run manifest: the files of a run per dataset, what every dataset job of the run reads. */
export interface RunManifestDocument {
  readonly runId: string;
  readonly runStart: string;
  readonly datasets: Readonly<
    Record<
      string,
      readonly {
        /** Where the object is (`s3://bucket/key`, or a path locally); also the rows' `_source_file`. */
        readonly key: string;
        /** 1..n in key order: a later file wins deduplication ties. */
        readonly fileSeq: number;
        readonly fileId: string;
        readonly versionId?: string;
        readonly eTag?: string;
      }[]
    >
  >;
}

/** The attempt number of a run id (`run-…-a2` is the second attempt over the same files). */
export const attemptOf = (runId: string): number => Number(/-a(\d+)$/.exec(runId)?.[1] ?? 1);

/**
 * Claims the run the trigger started: the run record (RUNNING), the circuit breaker's admission,
 * the pipeline lease (one run at a time, with a fencing token), a claim on each file, and the run
 * manifest written to the reports zone. Every part is idempotent for the same run id, so a
 * retried claim repeats nothing. A file another run holds, one past validation or an unknown one
 * fails the claim with the state library's typed error (the run then fails and gives back what it
 * claimed).
 */
export async function claimRun(ports: ClaimRunPorts, input: ClaimInput): Promise<ClaimOutput> {
  const { state, objects, registry } = ports;
  const { runId, pipeline } = input;
  const records = await state.files.lookup(input.fileIds);
  const missing = input.fileIds.find((id) => !records.has(id));
  if (missing) throw new FileNotFoundError(missing);
  const files = input.fileIds.map((id) => records.get(id)!);

  await state.runs.start({
    pipeline,
    runId,
    attempt: attemptOf(runId),
    runStart: Date.parse(input.runStart),
    files: files.map(({ fileId, dataset, bucket, key }) => ({ fileId, dataset, bucket, key })),
  });
  await state.breaker.admit(pipeline, runId);
  const lease = await state.leases.acquire(pipeline, runId, { ttlMs: ports.leaseTtlMs });
  const claim = await state.files.claim(input.fileIds, runId);
  if (claim.refused.length > 0) throw claim.refused[0].error;

  const byDataset: Record<string, RunFile[]> = Object.fromEntries(registry.names.map((name) => [name, []]));
  for (const record of files) {
    if (!registry.has(record.dataset)) registry.get(record.dataset); // throws naming the known datasets
    byDataset[record.dataset].push(runFileOf(record));
  }
  for (const list of Object.values(byDataset)) list.sort((a, b) => compareKeys(a.key, b.key));

  const manifest: RunManifestDocument = {
    runId,
    runStart: input.runStart,
    datasets: Object.fromEntries(
      Object.entries(byDataset).map(([dataset, list]) => [
        dataset,
        list.map((file, i) => ({
          key: objects.locationOf(rawObjectOf(file)),
          fileSeq: i + 1,
          fileId: file.fileId,
          ...(file.versionId ? { versionId: file.versionId } : {}),
          ...(file.eTag ? { eTag: file.eTag } : {}),
        })),
      ]),
    ),
  };
  const manifestRef = runManifest(runId);
  await objects.put(manifestRef, JSON.stringify(manifest, null, 2) + '\n', {
    contentType: 'application/json',
  });
  return {
    runId,
    manifestUri: objects.locationOf(manifestRef),
    lease: { ...lease },
    files: byDataset,
  };
}

/** Key order is UTF-8 byte order (S3's listing order), not the locale's. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
