import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { ifMissing, type DatasetRegistry } from '@lakehouse/contracts';
import { PipelineInputError } from './errors';
import { arrivalPolicy, compareKeys } from './steps';

/** A file offered to the pipeline, with the identity it gets in the file registry. */
export interface IncomingFile {
  readonly dataset: string;
  /** Its path below the dataset folder (`2024/06/a.csv`): the name it is archived under. */
  readonly name: string;
  /** Where the file is now. */
  readonly path: string;
  /** Its key in the raw zone, `raw/<dataset>/<name>`, as an S3 key would be. */
  readonly key: string;
  /** SHA-256 of the content: the local eTag, so a re-upload with new content is a new file. */
  readonly eTag: string;
  readonly size: number;
}

/** An entry under a dataset folder that is not loaded, and why (it is reported, never skipped). */
export interface RefusedEntry {
  readonly dataset: string;
  /** `raw/<dataset>/<path>`, with a trailing `/` for a folder. */
  readonly key: string;
  readonly reason: string;
}

export interface Discovery {
  /** The files to load, per dataset in key order (the order deduplication ties follow). */
  readonly files: readonly IncomingFile[];
  readonly refused: readonly RefusedEntry[];
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** What kind of entry a non-regular, non-folder entry is, for the reason given. */
function specialKind(entry: Dirent<Buffer>): string {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'an entry of unknown type';
}

/**
 * Lists what is offered under `<dir>/<dataset>/` for every dataset of the registry, with the
 * policy the cloud trigger applies to keys under `raw/<dataset>/` (`arrivalPolicy`) plus what only
 * a folder can hold. Sub-folders are walked (date prefixes: `orders/2024/06/01/a.csv` is the key
 * `raw/orders/2024/06/01/a.csv`). Loaded: regular, readable files the policy accepts. Every other
 * entry is refused with its reason — a file the policy refuses (not `.csv`, hidden, a name that is
 * not a valid key), a hidden folder (not walked), an empty folder, a symbolic link (never
 * followed: it could point anywhere, and S3 has none), a FIFO, socket or device (never opened:
 * reading a FIFO can block forever), a name that is not UTF-8, an unreadable file or folder.
 * A folder directly in `dir` that names no dataset is an error: nothing offered is left out.
 */
export async function discoverFiles(dir: string, registry: DatasetRegistry): Promise<Discovery> {
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
  const refused: RefusedEntry[] = [];
  for (const dataset of registry.names) {
    if (!entries.some((e) => e.name === dataset)) continue;
    await walk(join(dir, dataset), '', dataset, registry, files, refused);
  }
  const byKey = (a: { key: string }, b: { key: string }) => compareKeys(a.key, b.key);
  return { files: files.sort(byKey), refused: refused.sort(byKey) };
}

async function walk(
  folder: string,
  relative: string,
  dataset: string,
  registry: DatasetRegistry,
  files: IncomingFile[],
  refused: RefusedEntry[],
): Promise<void> {
  const folderKey = `raw/${dataset}/${relative}`;
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(folder, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    refused.push({ dataset, key: folderKey, reason: `the folder cannot be read (${errorCode(error)})` });
    return;
  }
  if (entries.length === 0 && relative !== '') {
    refused.push({ dataset, key: folderKey, reason: 'an empty folder: nothing to load' });
    return;
  }
  for (const entry of entries) {
    const name = entry.name.toString('utf8');
    const key = `${folderKey}${name}`;
    const refuse = (reason: string) => refused.push({ dataset, key, reason });
    if (!isUtf8(entry.name)) {
      refuse('the name is not valid UTF-8 (shown with U+FFFD): it cannot be a key');
      continue;
    }
    const path = join(folder, name);
    if (entry.isDirectory()) {
      if (name.startsWith('.'))
        refused.push({ dataset, key: `${key}/`, reason: 'a hidden folder: not walked' });
      else await walk(path, `${relative}${name}/`, dataset, registry, files, refused);
    } else if (entry.isSymbolicLink()) {
      refuse('a symbolic link: links are not followed (copy the file in instead)');
    } else if (!entry.isFile()) {
      refuse(`not a regular file (${specialKind(entry)}): never opened`);
    } else {
      const policy = arrivalPolicy(key, registry);
      if (!policy.accepted) {
        refuse(policy.reason);
        continue;
      }
      try {
        const eTag = await sha256(path);
        const { size } = await stat(path);
        files.push({ dataset, name: `${relative}${name}`, path, key, eTag, size });
      } catch (error) {
        refuse(`the file cannot be read (${errorCode(error)})`);
      }
    }
  }
}
