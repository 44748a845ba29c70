import { BUCKET_ZONES, ZONES, type Zone } from '@lakehouse/storage';
import { Construct } from 'constructs';
import type { BucketLifecycle } from './lakehouse-bucket-props';
import { LakehouseBucket } from './lakehouse-bucket';
import type { StorageLifecycleProps, StorageProps } from './storage-props';

/** A storage zone that is a bucket in the cloud (derived from ZONES: `where` is not `local`). */
export type BucketZone = { [K in Zone]: (typeof ZONES)[K]['where'] extends 'local' ? never : K }[Zone];
const bucketZones = BUCKET_ZONES as BucketZone[];

const ACCESS_LOGS: BucketZone = 'accessLogs';

function zoneLifecycle(zone: BucketZone, l: Required<StorageLifecycleProps>): BucketLifecycle {
  const common = { noncurrentVersionDays: l.noncurrentVersionDays };
  switch (zone) {
    case 'archive':
      return {
        ...common,
        transitions: [
          { days: l.archiveInfrequentAccessDays, storageClass: 'STANDARD_IA' },
          { days: l.archiveGlacierDays, storageClass: 'GLACIER' },
        ],
      };
    case 'accessLogs':
      return { ...common, expirationDays: l.accessLogDays };
    case 'athenaResults':
      return { ...common, expirationDays: l.athenaResultDays };
    default:
      return common;
  }
}

/**
 * One bucket per storage zone of the cloud (`@lakehouse/storage` ZONES with `where` both or
 * cloud), named by `@lakehouse/storage` (`lakehouse-<env>-<account>-<zone>`). Every bucket logs to the access-log bucket
 * under `<zone>/`; the archive moves to Standard-IA then Glacier; logs and Athena results expire.
 */
export class Storage extends Construct {
  readonly buckets: Readonly<Record<BucketZone, LakehouseBucket>>;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const lifecycle: Required<StorageLifecycleProps> = {
      archiveInfrequentAccessDays: 30,
      archiveGlacierDays: 90,
      noncurrentVersionDays: 30,
      accessLogDays: 90,
      athenaResultDays: 30,
      ...props.lifecycle,
    };
    const { naming } = props;
    const accessLogs = new LakehouseBucket(this, ACCESS_LOGS, {
      bucketName: naming.bucket(ACCESS_LOGS),
      encryption: {
        kind: 's3-managed',
        reason:
          'S3 server access logging delivers only to buckets whose default encryption is SSE-S3 (SSE-KMS is not supported for the target bucket)',
      },
      accessLogging: {
        kind: 'exempt',
        reason:
          'this is the access-log bucket: logging it into itself would log its own log deliveries forever',
      },
      lifecycle: zoneLifecycle(ACCESS_LOGS, lifecycle),
      forceDestroy: props.forceDestroy,
    });
    const buckets = { [ACCESS_LOGS]: accessLogs } as Record<BucketZone, LakehouseBucket>;
    for (const zone of bucketZones.filter((z) => z !== ACCESS_LOGS)) {
      buckets[zone] = new LakehouseBucket(this, zone, {
        bucketName: naming.bucket(zone),
        encryption: { kind: 'kms', key: props.dataKey },
        accessLogging: {
          kind: 'to-bucket',
          bucket: accessLogs,
          prefix: `${zone}/`,
          accountId: naming.accountId,
        },
        lifecycle: zoneLifecycle(zone, lifecycle),
        forceDestroy: props.forceDestroy,
      });
    }
    this.buckets = buckets;
  }

  bucket(zone: Zone): LakehouseBucket {
    const bucket = (this.buckets as Record<string, LakehouseBucket | undefined>)[zone];
    if (!bucket)
      throw new Error(
        `zone ${zone} has no bucket: it exists ${ZONES[zone].where === 'local' ? 'only locally' : 'nowhere'}`,
      );
    return bucket;
  }
}
