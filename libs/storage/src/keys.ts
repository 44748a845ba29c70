import { InvalidObjectKeyError } from './errors';
import { RAW_FILE_SUFFIX, RAW_PREFIX, zoneKeyPrefix, type Zone } from './zones';

/** One object: its zone (a bucket in the cloud, a folder locally) and its key in the zone. */
export interface ObjectRef {
  readonly zone: Zone;
  readonly key: string;
}

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1_024;

// C0 controls and DEL: S3 lists keys in XML 1.0, which cannot carry most of them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function segmentsProblem(segments: readonly string[]): string | undefined {
  for (const segment of segments) {
    if (segment === '') return 'it has an empty path segment (a leading, doubled or trailing "/")';
    if (segment === '.' || segment === '..') return `it has a "${segment}" path segment`;
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  if (text.startsWith('/')) return 'it starts with "/"';
  if (text.includes('\u0000')) return 'it contains a NUL character';
  if (CONTROL.test(text)) return 'it contains a control character (U+0000–U+001F or U+007F)';
  if (LONE_SURROGATE.test(text)) return 'it contains a lone UTF-16 surrogate (not encodable as UTF-8)';
  if (Buffer.byteLength(text, 'utf8') > MAX_KEY_BYTES)
    return `it is longer than ${MAX_KEY_BYTES} UTF-8 bytes`;
  return undefined;
}

/**
 * Why `key` is not a valid object key, or undefined when it is. Keys are data, never patterns:
 * any character is kept as is, but a key must be a clean relative path, so that it names the
 * same object in a bucket and in a folder (no empty, "." or ".." segment, no leading "/", no
 * control character, at most 1,024 UTF-8 bytes).
 */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') return 'it is empty';
  return textProblem(key) ?? segmentsProblem(key.split('/'));
}

/**
 * Why `prefix` is not a valid listing prefix: '' (everything), or a key's beginning. Its last
 * segment may be partial or empty (`raw/ord`, `raw/orders/`); the segments before must be clean.
 */
export function prefixProblem(prefix: string): string | undefined {
  if (typeof prefix !== 'string') return 'it is not a string';
  if (prefix === '') return undefined;
  return textProblem(prefix) ?? segmentsProblem(prefix.split('/').slice(0, -1));
}

/** Throws InvalidObjectKeyError unless `key` is a valid key of `zone` (it must start with the zone's key prefix). */
export function assertObjectKey(zone: Zone, key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidObjectKeyError(key, problem);
  const prefix = zoneKeyPrefix(zone);
  if (!key.startsWith(prefix) || key === prefix) {
    throw new InvalidObjectKeyError(key, `keys of the ${zone} zone start with "${prefix}"`);
  }
}

export function assertListPrefix(prefix: string): void {
  const problem = prefixProblem(prefix);
  if (problem) throw new InvalidObjectKeyError(prefix, `not a listing prefix: ${problem}`);
}

/** A validated reference. */
export function objectRef(zone: Zone, key: string): ObjectRef {
  assertObjectKey(zone, key);
  return { zone, key };
}

/** A dataset, table or run id used inside a key: one segment, and no "." (which report keys use as a separator). */
function part(kind: string, value: string): string {
  if (typeof value !== 'string' || value === '' || value.includes('/') || value.includes('.')) {
    throw new InvalidObjectKeyError(String(value), `a ${kind} in a key must be one path segment without "."`);
  }
  return value;
}

// The layouts of the zones, one function each: the same keys in the buckets and in the local home.

/** An uploaded file: `raw/<dataset>/<name>` in the raw zone (`name` may hold sub-folders). */
export const rawFile = (dataset: string, name: string): ObjectRef =>
  objectRef('raw', `${RAW_PREFIX}${part('dataset', dataset)}/${name}`);

/** A raw file after its run: `<dataset>/<runId>/<name>` in the archive zone. */
export const archivedFile = (dataset: string, runId: string, name: string): ObjectRef =>
  objectRef('archive', `${part('dataset', dataset)}/${part('run id', runId)}/${name}`);

/** Every rejected row of a dataset in a run, as JSON Lines: `<dataset>/<runId>.jsonl` in the rejected zone. */
export const rejectedRows = (dataset: string, runId: string): ObjectRef =>
  objectRef('rejected', `${part('dataset', dataset)}/${part('run id', runId)}.jsonl`);

/** A file rejected whole (MALFORMED_FILE), kept as it came: `<dataset>/<runId>/<name>` in the rejected zone. */
export const rejectedFile = (dataset: string, runId: string, name: string): ObjectRef =>
  objectRef('rejected', `${part('dataset', dataset)}/${part('run id', runId)}/${name}`);

/** The run manifest (the files of a run, read by every job of the run): `<runId>.manifest.json` in the reports zone. */
export const runManifest = (runId: string): ObjectRef =>
  objectRef('reports', `${part('run id', runId)}.manifest.json`);

/** The run summary: `<runId>.json` in the reports zone. */
export const runSummary = (runId: string): ObjectRef => objectRef('reports', `${part('run id', runId)}.json`);

/** The quality report of a run: `<runId>.quality.json` or `.quality.html` in the reports zone. */
export const qualityReport = (runId: string, format: 'json' | 'html'): ObjectRef =>
  objectRef('reports', `${part('run id', runId)}.quality.${format}`);

/** A dataset job's report (the Glue runner writes it): `<runId>/<dataset>.json` in the reports zone. */
export const datasetReport = (runId: string, dataset: string): ObjectRef =>
  objectRef('reports', `${part('run id', runId)}/${part('dataset', dataset)}.json`);

/**
 * A dataset's run keys (its accepted rows of the run, the few columns the cross-dataset checks
 * read), which a parent dataset's Glue job writes as Parquet after it published and its
 * children's jobs read back: the folder `<runId>/run-keys/<dataset>` in the reports zone (Spark
 * writes the files below it).
 */
export const runKeys = (runId: string, dataset: string): ObjectRef =>
  objectRef('reports', `${part('run id', runId)}/run-keys/${part('dataset', dataset)}`);

/** A local state-machine execution's record: `<name>.json` in the executions zone. */
export const executionRecord = (name: string): ObjectRef =>
  objectRef('executions', `${part('execution name', name)}.json`);

/** The prefix of a table's files in the lakehouse zone: `<table>/`. */
export const tablePrefix = (table: string): string => `${part('table', table)}/`;

/** What a key of the raw zone says about the file, or why it is not a file of a dataset. */
export type RawKeyParse =
  | { readonly ok: true; readonly dataset: string; readonly name: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads `raw/<dataset>/<name>` (name may hold sub-folders, e.g. date prefixes). Refuses what is
 * not a valid key, what lies outside `raw/<dataset>/`, and names not ending in `.csv`. Whether the
 * dataset exists is the caller's question (the contracts' registry).
 */
export function parseRawKey(key: string): RawKeyParse {
  const problem = keyProblem(key);
  if (problem) return { ok: false, reason: `invalid key: ${problem}` };
  if (!key.startsWith(RAW_PREFIX)) return { ok: false, reason: `not under ${RAW_PREFIX}` };
  const rest = key.slice(RAW_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { ok: false, reason: `not under ${RAW_PREFIX}<dataset>/` };
  const name = rest.slice(slash + 1);
  if (!name.endsWith(RAW_FILE_SUFFIX)) return { ok: false, reason: `not a ${RAW_FILE_SUFFIX} file` };
  return { ok: true, dataset: rest.slice(0, slash), name };
}
