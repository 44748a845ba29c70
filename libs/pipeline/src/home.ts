import { join } from 'node:path';

/**
 * The local home folder: the local stand-in for the S3 zones and the state tables.
 * `lakehouse/` and `rejected/` are written by the engine; the rest by the pipeline.
 */
export interface LocalHome {
  readonly root: string;
  /** Landing zone: `raw/<dataset>/<file>`, what an S3 `raw/` prefix holds in the cloud. */
  readonly raw: string;
  /** Files after their run: `archived/<dataset>/<runId>/<file>`. */
  readonly archived: string;
  readonly reports: string;
  readonly lakehouse: string;
  readonly rejected: string;
  /** The embedded DynamoDB-API server's LevelDB files (file registry, runs, leases…). */
  readonly state: string;
}

export function localHome(root: string): LocalHome {
  return {
    root,
    raw: join(root, 'raw'),
    archived: join(root, 'archived'),
    reports: join(root, 'reports'),
    lakehouse: join(root, 'lakehouse'),
    rejected: join(root, 'rejected'),
    state: join(root, 'state'),
  };
}

/** The bucket name local file identities use, in place of the raw S3 bucket. */
export const LOCAL_BUCKET = 'local';
