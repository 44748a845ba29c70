import type { RunFile } from '@lakehouse/orchestration';
import type { FileRecord } from '@lakehouse/state';
import { objectRef, type ObjectPin, type ObjectRef } from '@lakehouse/storage';

/** A registered file as the state document carries it. */
export function runFileOf(record: FileRecord): RunFile {
  return {
    fileId: record.fileId,
    dataset: record.dataset,
    bucket: record.bucket,
    key: record.key,
    ...(record.versionId && record.versionId !== 'null' ? { versionId: record.versionId } : {}),
    ...(record.eTag ? { eTag: record.eTag } : {}),
    ...(record.size !== undefined ? { size: record.size } : {}),
  };
}

/** The object a file of the run is: its raw key. */
export const rawObjectOf = (file: Pick<RunFile, 'key'>): ObjectRef => objectRef('raw', file.key);

/** Reads and copies of a file are pinned to the object the run was started for. */
export function pinOf(file: Pick<RunFile, 'versionId' | 'eTag'>): ObjectPin {
  return file.versionId ? { versionId: file.versionId } : { eTag: file.eTag };
}

/** The name of a raw file below its dataset folder (`raw/orders/2024/06/a.csv` → `2024/06/a.csv`). */
export function nameInDataset(file: Pick<RunFile, 'dataset' | 'key'>): string {
  const prefix = `raw/${file.dataset}/`;
  if (!file.key.startsWith(prefix)) throw new Error(`${file.key} is not a file of dataset ${file.dataset}`);
  return file.key.slice(prefix.length);
}
