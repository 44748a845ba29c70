import { createHash } from 'node:crypto';
import { InvalidFileIdentityError, InvalidRunIdError } from './errors';

/** What identifies one arrived object: S3 notifications carry all of it. */
export interface FileIdentity {
  readonly bucket: string;
  readonly key: string;
  /** Present on versioned buckets; preferred over eTag because it is unique per upload. */
  readonly versionId?: string;
  /** Content hash (S3 eTag, or a local content hash); used when there is no versionId. */
  readonly eTag?: string;
}

/**
 * The canonical text of an identity. A versionId "null" (objects written while versioning was
 * off or suspended) is reused by every overwrite, so it is treated as absent and the eTag decides.
 * eTags are compared without the quotes HeadObject adds and notifications omit.
 */
export function canonicalIdentity(identity: FileIdentity): string {
  const { bucket, key } = identity;
  if (!bucket || !key) {
    throw new InvalidFileIdentityError(
      `a file identity needs a bucket and a key (got "${bucket}", "${key}")`,
    );
  }
  const versionId = identity.versionId && identity.versionId !== 'null' ? identity.versionId : undefined;
  const eTag = identity.eTag?.replace(/^"|"$/g, '');
  if (versionId) return `s3://${bucket}/${key}?versionId=${versionId}`;
  if (eTag) return `s3://${bucket}/${key}?eTag=${eTag}`;
  throw new InvalidFileIdentityError(`s3://${bucket}/${key}: a file identity needs a versionId or an eTag`);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The registry key of a file: `f-` + 32 hex chars of SHA-256 over the canonical identity.
 * Fixed length (S3 keys reach 1,024 bytes, GSI sort keys allow only that much) and safe to embed
 * in a run id. The same object notified twice, in any order, yields the same id; a re-upload
 * (new versionId or new content) yields a new one.
 */
export function fileIdOf(identity: FileIdentity): string {
  return `f-${sha256(canonicalIdentity(identity)).slice(0, 32)}`;
}

export interface RunIdOptions {
  /**
   * 1 for the first run over a set of files; a retry after a FAILED run needs a new id because
   * Step Functions keeps execution names for 90 days. @default 1
   */
  readonly attempt?: number;
}

/** A file identity, or an already computed file id. */
export type FileRef = FileIdentity | string;

/**
 * The deterministic run id of a set of files: `run-` + 40 hex chars of SHA-256 over the sorted,
 * de-duplicated file ids, plus `-a<n>` for attempt n > 1. Order-independent, ≤ 80 characters of
 * [A-Za-z0-9-], so it is a valid Step Functions execution name as is.
 */
export function computeRunId(files: readonly FileRef[], options: RunIdOptions = {}): string {
  if (files.length === 0) throw new InvalidRunIdError('a run id needs at least one file');
  const attempt = options.attempt ?? 1;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new InvalidRunIdError(`attempt must be a positive integer (got ${attempt})`);
  }
  const ids = [...new Set(files.map((file) => (typeof file === 'string' ? file : fileIdOf(file))))].sort();
  const base = `run-${sha256(ids.join('\n')).slice(0, 40)}`;
  return attempt === 1 ? base : `${base}-a${attempt}`;
}

/** `raw/<dataset>/<file>` → `<dataset>`; undefined for keys outside the raw zone layout. */
export function datasetOfKey(key: string): string | undefined {
  const match = /^raw\/([^/]+)\/.+/.exec(key);
  return match?.[1];
}
