import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import type { Construct } from 'constructs';
import { zipDirectory } from './deterministic-zip';

export interface HashedAsset {
  /** Path of the copy inside the stack's output folder, relative to it (Terraform's working directory). */
  readonly path: string;
  /** SHA-256 of the content, hex: the S3 key of uploaded assets. */
  readonly sha256: string;
  /** SHA-256 of the content, base64: Lambda's `source_code_hash`. */
  readonly sha256Base64: string;
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes);

function asset(scope: Construct, id: string, file: string, bytes: Buffer): HashedAsset {
  const sha256 = digest(bytes).digest('hex');
  const copied = new TerraformAsset(scope, id, {
    path: file,
    type: AssetType.FILE,
    assetHash: sha256.slice(0, 32),
  });
  return { path: copied.path, sha256, sha256Base64: digest(bytes).digest('base64') };
}

/** A built file (a Glue script, a zip) copied into the stack's assets, with its content hash. */
export function fileAsset(scope: Construct, id: string, file: string): HashedAsset {
  if (!existsSync(file)) throw new Error(`asset ${id}: ${file} does not exist; build it first`);
  return asset(scope, id, file, readFileSync(file));
}

/** A bundle directory, zipped reproducibly and copied into the stack's assets. */
export function zipAsset(scope: Construct, id: string, dir: string): HashedAsset {
  if (!existsSync(dir)) throw new Error(`asset ${id}: ${dir} does not exist; build it first`);
  const bytes = zipDirectory(dir);
  const cache = join(tmpdir(), 'lakehouse-zip-assets');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${digest(bytes).digest('hex')}.zip`);
  if (!existsSync(file)) writeFileSync(file, bytes);
  return asset(scope, id, file, bytes);
}
