import { BUCKET_ZONES, ZONES } from './zones';

describe('zones', () => {
  it('gives every zone its own local folder', () => {
    const folders = Object.values(ZONES).map((z) => z.localFolder);
    expect(new Set(folders).size).toBe(folders.length);
  });

  it('makes buckets of the cloud zones only', () => {
    expect(BUCKET_ZONES).toEqual([
      'raw',
      'lakehouse',
      'rejected',
      'archive',
      'reports',
      'assets',
      'athenaResults',
      'accessLogs',
    ]);
  });
});
