import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import type { Plan } from '@lakehouse/engine';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { fileAsset } from '../assets/content-hash';
import type { IGrantable } from '../core/grants';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';
import type { GlueAssetsProps } from './glue-assets-props';

/** The files of the runner bundle (apps/glue-jobs/tools/bundle.py writes them). */
export const RUNNER_SCRIPT = 'glue_entry.py';
export const RUNNER_PACKAGE = 'lakehouse_runner.zip';

/** Where the Glue assets live in the assets bucket. */
const KEYS = {
  script: (sha: string) => `glue/scripts/${sha}.py`,
  package: (sha: string) => `glue/packages/${sha}.zip`,
  plan: (table: string, sha: string) => `glue/plans/${table}/${sha}.json`,
  temp: (job: string) => `glue/temp/${job}/`,
};

/** An uploaded object: its key (for grants) and its `s3://` URI (for job arguments). */
export interface UploadedAsset {
  readonly key: string;
  readonly uri: string;
}

/**
 * The Glue runner and the compiled plans as S3 objects named by their content hash: a changed
 * runner or plan is a new object and a changed job argument, an unchanged one changes nothing.
 */
export class GlueAssets extends Construct {
  readonly script: UploadedAsset;
  readonly package: UploadedAsset;
  private readonly bucket: LakehouseBucket;

  constructor(scope: Construct, id: string, props: GlueAssetsProps) {
    super(scope, id);
    this.bucket = props.bucket;
    const script = fileAsset(this, 'ScriptFile', join(props.runnerDir, RUNNER_SCRIPT));
    const pkg = fileAsset(this, 'PackageFile', join(props.runnerDir, RUNNER_PACKAGE));
    this.script = this.upload('Script', KEYS.script(script.sha256), {
      source: script.path,
      sourceHash: script.sha256,
      contentType: 'text/x-python',
    });
    this.package = this.upload('Package', KEYS.package(pkg.sha256), {
      source: pkg.path,
      sourceHash: pkg.sha256,
      contentType: 'application/zip',
    });
  }

  /** Uploads a compiled plan (its JSON is the object's content). */
  plan(table: string, plan: Plan): UploadedAsset {
    const content = JSON.stringify(plan);
    const sha = createHash('sha256').update(content).digest('hex');
    return this.upload(`Plan-${table}`, KEYS.plan(table, sha), { content, contentType: 'application/json' });
  }

  /** The job's scratch prefix (Glue's `--TempDir`), as a URI. */
  tempDir(job: string): UploadedAsset {
    return { key: KEYS.temp(job), uri: this.bucket.s3Uri(KEYS.temp(job)) };
  }

  /** Read the runner and one plan. */
  grantRunnerAndPlan(grantee: IGrantable, plan: UploadedAsset): void {
    for (const asset of [this.script, this.package, plan]) this.bucket.grantRead(grantee, asset.key);
  }

  /** Read one uploaded asset. */
  grantRead(grantee: IGrantable, asset: UploadedAsset): void {
    this.bucket.grantRead(grantee, asset.key);
  }

  /** Read, write and clean the job's scratch prefix. */
  grantTempDir(grantee: IGrantable, job: string): void {
    const keys = `${KEYS.temp(job)}*`;
    this.bucket.grantReadWrite(grantee, keys);
    this.bucket.grantDelete(grantee, keys);
  }

  private upload(
    id: string,
    key: string,
    body: { source?: string; sourceHash?: string; content?: string; contentType: string },
  ): UploadedAsset {
    new S3Object(this, id, { bucket: this.bucket.bucket.id, key, ...body });
    return { key, uri: this.bucket.s3Uri(key) };
  }
}
