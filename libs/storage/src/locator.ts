import { join } from 'node:path';
import { ZoneNotConfiguredError } from './errors';
import { assertObjectKey, type ObjectRef } from './keys';
import { BUCKET_ZONES, ZONES, zoneKeyPrefix, type Zone } from './zones';

/** The bucket of each cloud zone. */
export type ZoneBuckets = Readonly<Partial<Record<Zone, string>>>;

// S3 general purpose bucket naming rules (the subset that matters here: no dots, so TLS always works).
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

function assertBucketName(zone: Zone, bucket: string): void {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('--')) {
    throw new ZoneNotConfiguredError(
      zone,
      `"${bucket}" is not a valid bucket name (3–63 characters of a–z, 0–9 and single "-", starting and ending with a letter or digit)`,
    );
  }
}

/** A zone's name in bucket names and environment variables: athenaResults → athena-results / ATHENA_RESULTS. */
const kebab = (zone: Zone) => zone.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The bucket names of an environment: `<namePrefix>-<zone>` (e.g. `lakehouse-dev-123456789012-athena-results`). */
export function bucketNames(namePrefix: string): Record<(typeof BUCKET_ZONES)[number], string> {
  const names = Object.fromEntries(BUCKET_ZONES.map((zone) => [zone, `${namePrefix}-${kebab(zone)}`]));
  for (const zone of BUCKET_ZONES) assertBucketName(zone, names[zone]);
  return names as Record<(typeof BUCKET_ZONES)[number], string>;
}

/** The environment variable that gives a function the bucket of a zone: `LAKEHOUSE_BUCKET_ATHENA_RESULTS`. */
export function bucketEnvironmentVariable(zone: Zone): string {
  return `LAKEHOUSE_BUCKET_${kebab(zone).replace(/-/g, '_').toUpperCase()}`;
}

/** Where the zones are in the cloud: one bucket each. */
export class BucketLocator {
  private readonly buckets: ZoneBuckets;

  constructor(buckets: ZoneBuckets) {
    for (const [zone, bucket] of Object.entries(buckets) as [Zone, string][]) {
      if (ZONES[zone].where === 'local') {
        throw new ZoneNotConfiguredError(zone, 'it is a local zone, it has no bucket');
      }
      assertBucketName(zone, bucket);
    }
    this.buckets = { ...buckets };
  }

  /**
   * The buckets of `zones`, from the environment variables infra sets on each function (only the
   * zones the function needs). A missing variable is an error naming it.
   */
  static fromEnvironment(zones: readonly Zone[], env: NodeJS.ProcessEnv = process.env): BucketLocator {
    const buckets: Partial<Record<Zone, string>> = {};
    for (const zone of zones) {
      const variable = bucketEnvironmentVariable(zone);
      const bucket = env[variable];
      if (!bucket) throw new ZoneNotConfiguredError(zone, `the environment variable ${variable} is not set`);
      buckets[zone] = bucket;
    }
    return new BucketLocator(buckets);
  }

  bucketOf(zone: Zone): string {
    const bucket = this.buckets[zone];
    if (!bucket) throw new ZoneNotConfiguredError(zone, 'no bucket was given for it');
    return bucket;
  }

  /** The zone a bucket holds (an S3 notification names the bucket), or undefined. */
  zoneOf(bucket: string): Zone | undefined {
    return (Object.keys(this.buckets) as Zone[]).find((zone) => this.buckets[zone] === bucket);
  }

  /** `s3://<bucket>/<key>`: the location in messages, manifests and job arguments. */
  uriOf(ref: ObjectRef): string {
    assertObjectKey(ref.zone, ref.key);
    return `s3://${this.bucketOf(ref.zone)}/${ref.key}`;
  }
}

/** Where the zones are locally: one folder each under the home (`ZONES[zone].localFolder`). */
export class FolderLocator {
  constructor(readonly home: string) {}

  folderOf(zone: Zone): string {
    const spec = ZONES[zone];
    if (!spec) throw new ZoneNotConfiguredError(String(zone), 'not a zone of the lakehouse');
    return join(this.home, spec.localFolder);
  }

  /** The file of an object: its key below the zone's folder (the zone's key prefix is the folder itself). */
  pathOf(ref: ObjectRef): string {
    assertObjectKey(ref.zone, ref.key);
    const relative = ref.key.slice(zoneKeyPrefix(ref.zone).length);
    return join(this.folderOf(ref.zone), ...relative.split('/'));
  }
}
