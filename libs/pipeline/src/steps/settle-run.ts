import type { RunLease, SettleInput, SettleOutput } from '@lakehouse/orchestration';
import { DATASET_JOB_OUTCOME, FILE_STATUS, type FileStatus } from '@lakehouse/contracts';
import type { StateStore } from '@lakehouse/state';
import { archivedFile, objectRef, type ObjectStore } from '@lakehouse/storage';
import { nameInDataset, pinOf } from './run-files';
import { readDatasetReport, readRunManifest } from './run-documents';

export interface SettleRunPorts {
  readonly objects: ObjectStore;
  readonly state: StateStore;
}

const COUNTER = {
  PROCESSED: 'processed',
  QUARANTINED: 'quarantined',
  REJECTED: 'rejected',
  EMPTY: 'empty',
} as const;

/** A file of the manifest whose key the dataset report does not account for. */
export class FileOutcomeMissingError extends Error {
  override readonly name = 'FileOutcomeMissingError';
  constructor(
    readonly runId: string,
    readonly dataset: string,
    readonly key: string,
  ) {
    super(`run ${runId}: the ${dataset} report says nothing about ${key}`);
  }
}

/**
 * Records each file's outcome from its dataset's report and archives it: PROCESSED (through
 * VALIDATED), QUARANTINED, REJECTED or EMPTY with its counts and reason, then moved from the raw
 * zone to `archive/<dataset>/<runId>/<name>` and marked ARCHIVED. Files of a dataset whose quality
 * gate blocked the publish were not loaded: they go back to VALIDATED, unclaimed, and stay in the
 * raw zone. The move is a copy then a delete, each pinned to the object the run was started for,
 * and re-entrant: after a partial move (copied, or copied and deleted, but not marked) a retry
 * completes it. Returns the tables that got a new version.
 */
export async function settleRun(ports: SettleRunPorts, input: SettleInput): Promise<SettleOutput> {
  const { objects, state } = ports;
  const { runId } = input;
  await state.leases.assertHeld(input.lease as RunLease);
  const manifest = await readRunManifest(objects, runId);
  const registered = await state.files.lookup(
    Object.values(manifest.datasets).flatMap((files) => files.map((f) => f.fileId)),
  );
  const files = { processed: 0, quarantined: 0, rejected: 0, empty: 0, returned: 0 };
  const tables: string[] = [];
  for (const [dataset, entries] of Object.entries(manifest.datasets)) {
    if (entries.length === 0) continue;
    const report = await readDatasetReport(objects, runId, dataset);
    if (report.published && report.status === DATASET_JOB_OUTCOME.PUBLISHED) tables.push(dataset);
    for (const entry of entries) {
      const outcome = report.files.find((f) => f.key === entry.key);
      if (!outcome) throw new FileOutcomeMissingError(runId, dataset, entry.key);
      const record = registered.get(entry.fileId)!;
      const counts = { rowsIn: outcome.rowsIn, accepted: outcome.accepted, rejected: outcome.rejected };
      const move = (to: FileStatus, reason?: string) =>
        state.files.transition(entry.fileId, to, { runId, counts, reason });
      if (outcome.status === FILE_STATUS.PROCESSED && !report.published) {
        if (record.status === FILE_STATUS.RECEIVED) await move(FILE_STATUS.VALIDATED);
        await state.files.release([entry.fileId], runId);
        files.returned++;
        continue;
      }
      files[COUNTER[outcome.status]]++;
      // A retried settle finds some files already moved on: only the missing transitions are made.
      if (record.status === FILE_STATUS.ARCHIVED) continue;
      if (record.status !== outcome.status) {
        if (outcome.status === FILE_STATUS.PROCESSED && record.status === FILE_STATUS.RECEIVED)
          await move(FILE_STATUS.VALIDATED);
        await move(outcome.status, outcome.error?.message);
      }
      await archive(objects, record, runId);
      await state.files.transition(entry.fileId, FILE_STATUS.ARCHIVED, { runId });
    }
  }
  for (const table of await curatedTables(objects, runId, Object.keys(manifest.datasets))) tables.push(table);
  return { tables, files };
}

/** Copies the file to the archive, then deletes it from the raw zone; completes a partial move. */
async function archive(
  objects: ObjectStore,
  file: { dataset: string; key: string; versionId?: string; eTag?: string },
  runId: string,
): Promise<void> {
  const raw = objectRef('raw', file.key);
  const target = archivedFile(file.dataset, runId, nameInDataset(file));
  const pin = pinOf(file);
  if (!(await objects.exists(target))) await objects.copy(raw, target, { pin });
  await objects.delete(raw, { pin });
}

/** The curated tables the run rebuilt: every other report of the run that says REBUILT. */
async function curatedTables(objects: ObjectStore, runId: string, datasets: readonly string[]) {
  const tables: string[] = [];
  for await (const { key } of objects.list('reports', `${runId}/`)) {
    const table = key.slice(runId.length + 1, -'.json'.length);
    if (!key.endsWith('.json') || datasets.includes(table)) continue;
    const report = await readDatasetReport(objects, runId, table);
    if (report.status === DATASET_JOB_OUTCOME.REBUILT) tables.push(table);
  }
  return tables;
}
