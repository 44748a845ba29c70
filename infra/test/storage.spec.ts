import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { BUCKET_ZONES } from '@lakehouse/storage';
import { ServiceRole } from '../src/core/service-role';
import { Kms } from '../src/kms/kms';
import { LakehouseBucket } from '../src/storage/lakehouse-bucket';
import { Storage } from '../src/storage/storage';
import { ACCOUNT, naming, policyOf, resources, synth, synthJson, testStack } from './support';

function storageStack(forceDestroy = false) {
  const stack = testStack();
  const kms = new Kms(stack, 'Kms', { naming });
  const storage = new Storage(stack, 'Storage', {
    naming,
    dataKey: kms.data,
    forceDestroy,
    lifecycle: { archiveGlacierDays: 120 },
  });
  return { stack, kms, storage };
}

describe('Storage', () => {
  const { stack, storage } = storageStack();
  const text = synth(stack);
  const json = JSON.parse(text);
  const byBucketRef = (type: string) =>
    Object.values(resources(json, type)).filter((r) => String(r.bucket).startsWith('${aws_s3_bucket.'));

  it('makes one bucket per cloud zone, named from the zone', () => {
    const names = Object.values(resources(json, 'aws_s3_bucket')).map((b) => b.bucket);
    expect(names).toHaveLength(BUCKET_ZONES.length);
    expect(names).toEqual(
      expect.arrayContaining([
        `lakehouse-test-${ACCOUNT}-raw`,
        `lakehouse-test-${ACCOUNT}-athena-results`,
        `lakehouse-test-${ACCOUNT}-access-logs`,
      ]),
    );
    expect(storage.bucket('raw').bucketName).toBe(`lakehouse-test-${ACCOUNT}-raw`);
    expect(() => storage.bucket('state')).toThrow('zone state has no bucket: it exists only locally');
  });

  it('versions, blocks public access and disables ACLs on every bucket', () => {
    for (const type of [
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_policy',
    ]) {
      expect([type, byBucketRef(type).length]).toEqual([type, BUCKET_ZONES.length]);
    }
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(text).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
  });

  it('encrypts with the data key and a bucket key; the access-log bucket with SSE-S3, suppressed with a reason', () => {
    const configs = Object.values(resources(json, 'aws_s3_bucket_server_side_encryption_configuration'));
    const kms = configs.filter((c) => JSON.stringify(c).includes('"aws:kms"'));
    expect(kms).toHaveLength(BUCKET_ZONES.length - 1);
    expect(text).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Kms_Data_Key_\w+\.arn\}$/),
          },
          bucket_key_enabled: true,
        },
      ],
    });
    const appJson = stack.toTerraform() as {
      resource: Record<string, Record<string, { '//'?: { suppressions?: unknown[] } }>>;
    };
    const suppressed = Object.values(appJson.resource.aws_s3_bucket).flatMap(
      (r) => r['//']?.suppressions ?? [],
    );
    expect(suppressed).toEqual([
      { id: 'CKV_AWS_145', reason: expect.stringContaining('server access logging') },
      { id: 'CKV_AWS_18', reason: expect.stringContaining('the access-log bucket') },
    ]);
  });

  it('logs every bucket but the log bucket into the log bucket, under the zone', () => {
    expect(byBucketRef('aws_s3_bucket_logging')).toHaveLength(BUCKET_ZONES.length - 1);
    expect(text).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_prefix: 'raw/',
      target_bucket: expect.stringContaining('accessLogs'),
    });
    const logPolicy = Object.values(resources(json, 'aws_s3_bucket_policy')).find((p) =>
      String(p.bucket).includes('accessLogs'),
    )!;
    const fromLogging = policyOf(logPolicy).Statement.filter((s) =>
      JSON.stringify(s.Principal).includes('logging.s3'),
    );
    expect(fromLogging).toHaveLength(BUCKET_ZONES.length - 1);
    expect(fromLogging[0].Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
  });

  it('refuses plain HTTP and uploads with another encryption or key', () => {
    for (const policy of Object.values(resources(json, 'aws_s3_bucket_policy'))) {
      const sids = policyOf(policy).Statement.map((s) => s.Sid);
      expect(sids).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'DenyOtherEncryption']));
      const tls = policyOf(policy).Statement.find((s) => s.Sid === 'DenyInsecureTransport')!;
      expect(tls).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': false } },
      });
    }
    const raw = Object.values(resources(json, 'aws_s3_bucket_policy')).find((p) =>
      String(p.bucket).includes('_raw_'),
    )!;
    expect(policyOf(raw).Statement.find((s) => s.Sid === 'DenyOtherKmsKey')).toMatchObject({
      Condition: {
        StringNotEqualsIfExists: {
          's3:x-amz-server-side-encryption-aws-kms-key-id': expect.stringContaining('aws_kms_key.Kms_Data'),
        },
      },
    });
  });

  it('moves the archive to IA then Glacier, expires logs and results, aborts uploads, expires old versions', () => {
    const rules = Object.fromEntries(
      Object.values(resources(json, 'aws_s3_bucket_lifecycle_configuration')).map((l) => [
        String(l.bucket),
        (l.rule as Record<string, unknown>[])[0],
      ]),
    );
    const of = (zone: string) => Object.entries(rules).find(([bucket]) => bucket.includes(`_${zone}_`))![1];
    expect(of('archive').transition).toEqual([
      { days: 30, storage_class: 'STANDARD_IA' },
      { days: 120, storage_class: 'GLACIER' },
    ]);
    expect(of('accessLogs').expiration).toEqual([{ days: 90 }]);
    expect(of('athenaResults').expiration).toEqual([{ days: 30 }]);
    for (const rule of Object.values(rules)) {
      expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    }
  });

  it('lets dev destroy buckets with their objects', () => {
    const dev = storageStack(true);
    expect(synth(dev.stack)).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
  });
});

describe('LakehouseBucket grants', () => {
  const { stack, storage, kms } = storageStack();
  const role = new ServiceRole(stack, 'Role', {
    roleName: 'r',
    service: 'lambda.amazonaws.com',
    description: 'test',
  });
  storage.buckets.raw.grantRead(role, 'raw/*');
  storage.buckets.archive.grantWrite(role);
  storage.buckets.raw.grantDelete(role, 'raw/*');

  it('names the objects under the prefix and the bucket key', () => {
    const json = synthJson(stack);
    const policy = policyOf(Object.values(resources(json, 'aws_iam_role_policy'))[0]);
    const raw = '${aws_s3_bucket.Storage_raw_Bucket_';
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: [expect.stringMatching(/\.arn\}\/raw\/\*$/)],
        }),
        expect.objectContaining({
          Action: ['s3:ListBucket', 's3:GetBucketLocation'],
          Condition: { StringLike: { 's3:prefix': ['raw/*'] } },
        }),
        expect.objectContaining({ Action: ['s3:DeleteObject'], Resource: [expect.stringContaining(raw)] }),
        expect.objectContaining({
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: [expect.stringMatching(/archive_Bucket_\w+\.arn\}\/\*$/)],
        }),
        expect.objectContaining({
          Action: ['kms:Decrypt'],
          Resource: [expect.stringContaining('aws_kms_key.Kms_Data')],
        }),
      ]),
    );
    expect(kms.data.arn).toBeDefined();
  });
});

describe('LakehouseBucket validation', () => {
  it('names the construct and the field', () => {
    const { stack, kms } = storageStack();
    expect(
      () =>
        new LakehouseBucket(stack, 'Bad', {
          bucketName: 'Not_A_Bucket',
          encryption: { kind: 'kms', key: kms.data },
          accessLogging: { kind: 'exempt', reason: 'a test bucket without any access logs' },
          lifecycle: {
            transitions: [
              { days: 90, storageClass: 'GLACIER' },
              { days: 30, storageClass: 'STANDARD_IA' },
            ],
          },
        }),
    ).toThrow(
      'LakehouseBucket (test/Bad): "Not_A_Bucket" is not a valid bucket name; lifecycle.transitions must be in increasing days',
    );
  });
});
