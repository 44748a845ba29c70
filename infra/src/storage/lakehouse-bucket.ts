import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { PolicyDocument, statement, type PolicyStatement } from '../core/policy-document';
import { suppress } from '../core/suppressions';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { LakehouseBucketProps } from './lakehouse-bucket-props';

/**
 * A private, versioned, encrypted S3 bucket: public access blocked, ACLs disabled
 * (BucketOwnerEnforced), TLS-only and deny-unencrypted policy, access logging, lifecycle.
 * `grant…` methods grant the objects under a prefix and the bucket's key.
 */
export class LakehouseBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  /** The key of SSE-KMS, absent for SSE-S3. */
  readonly key?: LakehouseKey;
  private readonly policy = new PolicyDocument();

  constructor(scope: Construct, id: string, props: LakehouseBucketProps) {
    super(scope, id);
    const lifecycle = props.lifecycle ?? {};
    const days = (lifecycle.transitions ?? []).map((t) => t.days);
    new PropsValidator('LakehouseBucket', scope, id)
      .check(
        /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(props.bucketName),
        `"${props.bucketName}" is not a valid bucket name`,
      )
      .check(
        days.every((d, i) => i === 0 || d > days[i - 1]),
        'lifecycle.transitions must be in increasing days',
      )
      .check(
        lifecycle.expirationDays === undefined || days.every((d) => d < lifecycle.expirationDays!),
        'lifecycle.expirationDays must come after every transition',
      )
      .integer(lifecycle.noncurrentVersionDays, 'lifecycle.noncurrentVersionDays', 1, 3650)
      .integer(lifecycle.abortIncompleteMultipartDays, 'lifecycle.abortIncompleteMultipartDays', 1, 365)
      .throwIfInvalid();

    this.bucketName = props.bucketName;
    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
    });
    this.arn = this.bucket.arn;
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'Versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });

    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket,
      rule: [
        props.encryption.kind === 'kms'
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.encryption.key.arn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    if (props.encryption.kind === 'kms') this.key = props.encryption.key;
    else suppress(this.bucket, 'CKV_AWS_145', props.encryption.reason);

    if (props.accessLogging.kind === 'to-bucket') {
      new S3BucketLoggingA(this, 'Logging', {
        bucket,
        targetBucket: props.accessLogging.bucket.bucket.id,
        targetPrefix: props.accessLogging.prefix,
      });
      props.accessLogging.bucket.acceptAccessLogsFrom(this, props.accessLogging.accountId);
    } else {
      suppress(this.bucket, 'CKV_AWS_18', props.accessLogging.reason);
    }

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      rule: [
        {
          id: 'lakehouse-lifecycle',
          status: 'Enabled',
          filter: [{}],
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: lifecycle.abortIncompleteMultipartDays ?? 7 },
          ],
          noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionDays ?? 30 }],
          transition: (lifecycle.transitions ?? []).map((t) => ({
            days: t.days,
            storageClass: t.storageClass,
          })),
          expiration: [
            lifecycle.expirationDays === undefined
              ? { expiredObjectDeleteMarker: true }
              : { days: lifecycle.expirationDays },
          ],
        },
      ],
      dependsOn: [this.bucket],
    });

    const objects = this.objectsArn();
    this.policy.add(
      statement(['s3:*'], [this.arn, objects], {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principal: '*',
        conditions: { Bool: { 'aws:SecureTransport': false } },
      }),
      ...this.denyUnencryptedUploads(props),
    );
    new S3BucketPolicy(this, 'Policy', { bucket, policy: this.policy.lazyJson() });
  }

  /** `arn:…:bucket/<keys>`: the objects matching an IAM key pattern (`raw/orders/*`, `*.manifest.json`). */
  objectsArn(keys = '*'): string {
    return `${this.arn}/${keys}`;
  }

  /** The `s3://bucket/prefix` URI of a key prefix. */
  s3Uri(prefix = ''): string {
    return `s3://${this.bucketName}/${prefix}`;
  }

  addToResourcePolicy(s: PolicyStatement): void {
    this.policy.add(s);
  }

  /** Read the objects matching `keys` (and list them), and decrypt with the bucket's key. */
  grantRead(grantee: IGrantable, keys = '*'): void {
    grantee.addToPrincipalPolicy(statement(['s3:GetObject', 's3:GetObjectVersion'], [this.objectsArn(keys)]));
    grantee.addToPrincipalPolicy(
      statement(
        ['s3:ListBucket', 's3:GetBucketLocation'],
        [this.arn],
        keys === '*' ? {} : { conditions: { StringLike: { 's3:prefix': [keys] } } },
      ),
    );
    this.key?.grantDecrypt(grantee);
  }

  /** Write the objects matching `keys`, and encrypt with the bucket's key (multipart uploads also decrypt). */
  grantWrite(grantee: IGrantable, keys = '*'): void {
    grantee.addToPrincipalPolicy(
      statement(['s3:PutObject', 's3:AbortMultipartUpload'], [this.objectsArn(keys)]),
    );
    this.key?.grantEncryptDecrypt(grantee);
  }

  grantReadWrite(grantee: IGrantable, keys = '*'): void {
    this.grantRead(grantee, keys);
    this.grantWrite(grantee, keys);
  }

  /** Delete the objects matching `keys` (a delete marker: versions stay until the lifecycle expires them). */
  grantDelete(grantee: IGrantable, keys = '*'): void {
    grantee.addToPrincipalPolicy(statement(['s3:DeleteObject'], [this.objectsArn(keys)]));
  }

  /** Lets S3 server access logging of `source` (a bucket of the same account) write into this bucket. */
  acceptAccessLogsFrom(source: LakehouseBucket, accountId: string): void {
    this.policy.add(
      statement(['s3:PutObject'], [this.objectsArn()], {
        principal: { Service: 'logging.s3.amazonaws.com' },
        conditions: {
          ArnLike: { 'aws:SourceArn': source.arn },
          StringEquals: { 'aws:SourceAccount': accountId },
        },
      }),
    );
  }

  private denyUnencryptedUploads(props: LakehouseBucketProps): PolicyStatement[] {
    const deny = (sid: string, key: string, value: string) =>
      statement(['s3:PutObject'], [this.objectsArn()], {
        sid,
        effect: 'Deny',
        principal: '*',
        conditions: { StringNotEqualsIfExists: { [key]: value } },
      });
    return props.encryption.kind === 'kms'
      ? [
          deny('DenyOtherEncryption', 's3:x-amz-server-side-encryption', 'aws:kms'),
          deny('DenyOtherKmsKey', 's3:x-amz-server-side-encryption-aws-kms-key-id', props.encryption.key.arn),
        ]
      : [deny('DenyOtherEncryption', 's3:x-amz-server-side-encryption', 'AES256')];
  }
}
