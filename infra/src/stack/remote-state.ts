import { S3Backend, type TerraformStack } from 'cdktf';

export interface RemoteStateProps {
  /** The state bucket (created once per account by the bootstrap, see the README). */
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /**
   * A KMS key for the state objects.
   * @default the bucket's default encryption
   */
  readonly kmsKeyId?: string;
}

/**
 * The environment's Terraform state in S3: encrypted, and locked with S3's own conditional
 * writes (`use_lockfile`; no DynamoDB lock table). cdktf 0.21's S3Backend has no lockfile
 * option, hence the override.
 */
export function useRemoteState(stack: TerraformStack, props: RemoteStateProps): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
    kmsKeyId: props.kmsKeyId,
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  return backend;
}
