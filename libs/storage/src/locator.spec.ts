import { join } from 'node:path';
import {
  BucketLocator,
  FolderLocator,
  ZoneNotConfiguredError,
  bucketEnvironmentVariable,
  bucketNames,
  objectRef,
  rawFile,
} from '.';

describe('BucketLocator', () => {
  it('names one bucket per cloud zone', () => {
    expect(bucketNames('lakehouse-dev-123456789012')).toEqual({
      raw: 'lakehouse-dev-123456789012-raw',
      lakehouse: 'lakehouse-dev-123456789012-lakehouse',
      rejected: 'lakehouse-dev-123456789012-rejected',
      archive: 'lakehouse-dev-123456789012-archive',
      reports: 'lakehouse-dev-123456789012-reports',
      assets: 'lakehouse-dev-123456789012-assets',
      athenaResults: 'lakehouse-dev-123456789012-athena-results',
      accessLogs: 'lakehouse-dev-123456789012-access-logs',
    });
    expect(() => bucketNames('Lakehouse_Dev')).toThrow(/"Lakehouse_Dev-raw" is not a valid bucket name/);
    expect(() => bucketNames('x'.repeat(60))).toThrow(ZoneNotConfiguredError);
  });

  it('locates objects as s3:// URIs and maps a notified bucket back to its zone', () => {
    const buckets = new BucketLocator(bucketNames('lake'));
    expect(buckets.uriOf(rawFile('orders', 'a b.csv'))).toBe('s3://lake-raw/raw/orders/a b.csv');
    expect(buckets.zoneOf('lake-archive')).toBe('archive');
    expect(buckets.zoneOf('elsewhere')).toBeUndefined();
  });

  it('reads the buckets a function needs from its environment, naming a missing variable', () => {
    expect(bucketEnvironmentVariable('athenaResults')).toBe('LAKEHOUSE_BUCKET_ATHENA_RESULTS');
    const env = { LAKEHOUSE_BUCKET_RAW: 'lake-raw', LAKEHOUSE_BUCKET_ARCHIVE: 'lake-archive' };
    expect(BucketLocator.fromEnvironment(['raw', 'archive'], env).bucketOf('archive')).toBe('lake-archive');
    expect(() => BucketLocator.fromEnvironment(['raw', 'reports'], env)).toThrow(
      'zone reports is not configured: the environment variable LAKEHOUSE_BUCKET_REPORTS is not set',
    );
    expect(() => new BucketLocator({ raw: 'lake-raw' }).bucketOf('reports')).toThrow(ZoneNotConfiguredError);
    expect(() => new BucketLocator({ state: 'lake-state' })).toThrow(/it is a local zone, it has no bucket/);
  });
});

describe('FolderLocator', () => {
  it('puts each zone in its folder of the home; the raw folder stands for the raw/ prefix', () => {
    const folders = new FolderLocator('/home/lake');
    expect(folders.folderOf('archive')).toBe(join('/home/lake', 'archived'));
    expect(folders.pathOf(rawFile('orders', 'x/a.csv'))).toBe(
      join('/home/lake', 'raw', 'orders', 'x', 'a.csv'),
    );
    expect(folders.pathOf(objectRef('athenaResults', 'q/1.csv'))).toBe(
      join('/home/lake', 'athena-results', 'q', '1.csv'),
    );
    expect(() => folders.pathOf({ zone: 'reports', key: '../escape' })).toThrow(/"\.\." path segment/);
  });
});
