/**
 * The storage zones of the lakehouse, declared once: in the cloud each zone is its own S3 bucket
 * (infra names the buckets from this list), locally each is a folder of the home. Object keys are
 * the same in both places, so a key such as `raw/orders/2024-06-01.csv` means the same file
 * everywhere.
 */
export interface ZoneSpec {
  /** The folder of the local home that holds the zone. */
  readonly localFolder: string;
  /** Whether the zone exists in the cloud (a bucket) and locally (a folder). */
  readonly where: 'both' | 'cloud' | 'local';
  readonly description: string;
  /**
   * The prefix every key of the zone starts with, in the bucket and locally. The zone's local
   * folder stands for it: raw/orders/a.csv is `<home>/raw/orders/a.csv`. @default ''
   */
  readonly keyPrefix?: string;
}

export const ZONES = {
  raw: {
    localFolder: 'raw',
    where: 'both',
    description:
      'the landing zone: raw/<dataset>/<file>.csv as uploaded, until the run that loads it settles',
    // Uploads land under raw/ (what the bucket notification filters on), as in the file registry.
    keyPrefix: 'raw/',
  },
  lakehouse: {
    localFolder: 'lakehouse',
    where: 'both',
    description: 'the tables: Delta in the cloud, one Parquet version per table locally, Hive partitions',
  },
  rejected: {
    localFolder: 'rejected',
    where: 'both',
    description: 'every rejected row as JSON Lines, and files rejected whole, per dataset and run',
  },
  archive: {
    localFolder: 'archived',
    where: 'both',
    description: 'the raw files after their run, per dataset and run',
  },
  reports: {
    localFolder: 'reports',
    where: 'both',
    description: 'run manifests, run summaries and quality reports (JSON and HTML)',
  },
  assets: {
    localFolder: 'assets',
    where: 'cloud',
    description: 'the Glue runner script and the compiled plans, named by content hash',
  },
  athenaResults: {
    localFolder: 'athena-results',
    where: 'cloud',
    description: 'Athena query results of the verification step',
  },
  accessLogs: {
    localFolder: 'access-logs',
    where: 'cloud',
    description: 'S3 server access logs of the other buckets',
  },
  state: {
    localFolder: 'state',
    where: 'local',
    description: "the embedded DynamoDB-API server's data (DynamoDB in the cloud)",
  },
  notifications: {
    localFolder: 'notifications',
    where: 'local',
    description: 'one JSON message per run (the SNS topic in the cloud)',
  },
} as const satisfies Record<string, ZoneSpec>;

export type Zone = keyof typeof ZONES;
export const ZONE_NAMES = Object.keys(ZONES) as Zone[];

/** The zones that are S3 buckets in the cloud. */
export const BUCKET_ZONES = ZONE_NAMES.filter((z) => ZONES[z].where !== 'local');

/** Raw files are offered under `raw/<dataset>/`; only `.csv` objects are files of a dataset. */
export const RAW_PREFIX = ZONES.raw.keyPrefix;
export const RAW_FILE_SUFFIX = '.csv';

/** The prefix every key of a zone starts with ('' for all but the raw zone). */
export function zoneKeyPrefix(zone: Zone): string {
  const spec: ZoneSpec = ZONES[zone];
  return spec.keyPrefix ?? '';
}
