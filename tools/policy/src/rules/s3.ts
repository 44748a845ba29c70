import { isAnyonePrincipal, statementsOf } from '../iam-policy';
import { perResource, type Rule } from '../rule';
import { block, resourcesReferencing, type Resource, type Stack } from '../stack';

const BUCKET = ['aws_s3_bucket'];
const related = (stack: Stack, bucket: Resource, type: string) =>
  resourcesReferencing(stack, type, 'bucket', bucket);

function encryptionOf(stack: Stack, bucket: Resource) {
  const config = related(stack, bucket, 'aws_s3_bucket_server_side_encryption_configuration')[0];
  return block(block(config?.body.rule)?.apply_server_side_encryption_by_default);
}

function publicAccessBlock(flag: string) {
  return (bucket: Resource, stack: Stack) => {
    const pab = related(stack, bucket, 'aws_s3_bucket_public_access_block')[0];
    return pab?.body[flag] === true ? undefined : `${flag} is not true in the bucket's public access block`;
  };
}

export const s3Rules: Rule[] = [
  perResource('CKV_AWS_18', 'S3 buckets log their access', BUCKET, (b, s) =>
    related(s, b, 'aws_s3_bucket_logging').length > 0 || block(b.body.logging)
      ? undefined
      : 'the bucket has no access logging',
  ),
  perResource('CKV_AWS_19', 'S3 buckets encrypt at rest', BUCKET, (b, s) =>
    encryptionOf(s, b)?.sse_algorithm ? undefined : 'the bucket has no default encryption',
  ),
  perResource('CKV_AWS_145', 'S3 buckets encrypt with KMS by default', BUCKET, (b, s) => {
    const sse = encryptionOf(s, b);
    return String(sse?.sse_algorithm ?? '').startsWith('aws:kms') && sse?.kms_master_key_id
      ? undefined
      : 'the default encryption is not SSE-KMS with a key';
  }),
  perResource('CKV_AWS_21', 'S3 buckets are versioned', BUCKET, (b, s) => {
    const versioning = related(s, b, 'aws_s3_bucket_versioning')[0];
    return block(versioning?.body.versioning_configuration)?.status === 'Enabled'
      ? undefined
      : 'versioning is not enabled';
  }),
  perResource('CKV_AWS_53', 'S3 buckets block public ACLs', BUCKET, publicAccessBlock('block_public_acls')),
  perResource(
    'CKV_AWS_54',
    'S3 buckets block public policies',
    BUCKET,
    publicAccessBlock('block_public_policy'),
  ),
  perResource('CKV_AWS_55', 'S3 buckets ignore public ACLs', BUCKET, publicAccessBlock('ignore_public_acls')),
  perResource(
    'CKV_AWS_56',
    'S3 buckets restrict public buckets',
    BUCKET,
    publicAccessBlock('restrict_public_buckets'),
  ),
  perResource('CKV2_AWS_6', 'S3 buckets have a public access block', BUCKET, (b, s) =>
    related(s, b, 'aws_s3_bucket_public_access_block').length > 0
      ? undefined
      : 'the bucket has no public access block',
  ),
  perResource('CKV_AWS_70', 'S3 bucket policies allow no one as "*"', ['aws_s3_bucket_policy'], (policy) => {
    const open = statementsOf(policy.body.policy).filter(
      (s) => s.Effect === 'Allow' && isAnyonePrincipal(s.Principal),
    );
    return open.length > 0
      ? `the policy allows any principal: ${open.map((s) => s.Action.join(',')).join('; ')}`
      : undefined;
  }),
  perResource('CKV_AWS_300', 'S3 buckets abort incomplete multipart uploads', BUCKET, (b, s) => {
    const rules = related(s, b, 'aws_s3_bucket_lifecycle_configuration').flatMap((l) =>
      Array.isArray(l.body.rule) ? l.body.rule : [],
    );
    const aborts = rules.some(
      (r) =>
        r?.status === 'Enabled' &&
        Number(block(r.abort_incomplete_multipart_upload)?.days_after_initiation) > 0,
    );
    return aborts ? undefined : 'no enabled lifecycle rule aborts incomplete multipart uploads';
  }),
  perResource('CKV2_AWS_65', 'S3 buckets disable ACLs (BucketOwnerEnforced)', BUCKET, (b, s) => {
    const ownership = related(s, b, 'aws_s3_bucket_ownership_controls')[0];
    return block(ownership?.body.rule)?.object_ownership === 'BucketOwnerEnforced'
      ? undefined
      : 'object ownership is not BucketOwnerEnforced';
  }),
];
