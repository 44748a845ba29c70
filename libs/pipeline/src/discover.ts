import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ifMissing, type DatasetRegistry } from '@lakehouse/contracts';
import { PipelineInputError } from './errors';

/** A file offered to the pipeline, with the identity it gets in the file registry. */
export interface IncomingFile {
  readonly dataset: string;
  readonly name: string;
  /** Where the file is now. */
  readonly path: string;
  /** Its key in the raw zone, `raw/<dataset>/<name>`, as an S3 key would be. */
  readonly key: string;
  /** SHA-256 of the content: the local eTag, so a re-upload with new content is a new file. */
  readonly eTag: string;
  readonly size: number;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Lists `<dir>/<dataset>/<file>` for every dataset of the registry, files in key order (the order
 * deduplication ties follow). Hidden files are skipped; a folder that names no dataset is an
 * error rather than being ignored, so nothing offered is silently left out.
 */
export async function discoverFiles(dir: string, registry: DatasetRegistry): Promise<IncomingFile[]> {
  const info = await stat(dir).catch(ifMissing(() => undefined));
  if (!info?.isDirectory()) throw new PipelineInputError(`raw folder not found: ${dir}`);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  const unknown = entries.filter((e) => !(e.isDirectory() && registry.has(e.name))).map((e) => e.name);
  if (unknown.length > 0) {
    throw new PipelineInputError(
      `${dir}: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a dataset folder (expected: ${registry.names.join(', ')})`,
    );
  }
  const files: IncomingFile[] = [];
  for (const dataset of registry.names) {
    const folder = join(dir, dataset);
    const names = (await readdir(folder, { withFileTypes: true }).catch(ifMissing((): Dirent[] => [])))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      const path = join(folder, name);
      files.push({
        dataset,
        name,
        path,
        key: `raw/${dataset}/${name}`,
        eTag: await sha256(path),
        size: (await stat(path)).size,
      });
    }
  }
  return files;
}
