import {
  InvalidObjectKeyError,
  archivedFile,
  datasetReport,
  keyProblem,
  objectRef,
  parseRawKey,
  prefixProblem,
  qualityReport,
  rawFile,
  rejectedFile,
  rejectedRows,
  runKeys,
  runManifest,
  runSummary,
  tablePrefix,
} from '.';

describe('object keys', () => {
  it('accepts any character as data in a clean relative path', () => {
    for (const key of [
      'a',
      'raw/orders/x.csv',
      '[ab]/*?{x}.csv',
      'it\'s "q" 100%.csv',
      'ü/日本/😀',
      '.hidden',
      '...',
    ]) {
      expect(keyProblem(key)).toBeUndefined();
    }
  });

  it('says why a key is refused', () => {
    expect(keyProblem('')).toBe('it is empty');
    expect(keyProblem('/a')).toBe('it starts with "/"');
    expect(keyProblem('a//b')).toMatch(/empty path segment/);
    expect(keyProblem('a/')).toMatch(/empty path segment/);
    expect(keyProblem('a/./b')).toBe('it has a "." path segment');
    expect(keyProblem('../a')).toBe('it has a ".." path segment');
    expect(keyProblem('a\u0000')).toBe('it contains a NUL character');
    expect(keyProblem('a\tb')).toMatch(/control character/);
    expect(keyProblem('a\u007f')).toMatch(/control character/);
    expect(keyProblem('\udc00')).toMatch(/surrogate/);
    expect(keyProblem('é'.repeat(512))).toBeUndefined(); // 1,024 bytes
    expect(keyProblem('é'.repeat(512) + 'x')).toMatch(/longer than 1024 UTF-8 bytes/);
  });

  it('accepts listing prefixes that end inside or after a segment', () => {
    for (const prefix of ['', 'raw/', 'raw/ord', 'raw/orders/', 'raw/..x'])
      expect(prefixProblem(prefix)).toBeUndefined();
    for (const prefix of ['/raw', 'raw//', '../', 'a/./']) expect(prefixProblem(prefix)).toBeDefined();
  });

  it("requires the zone's key prefix", () => {
    expect(objectRef('raw', 'raw/orders/a.csv')).toEqual({ zone: 'raw', key: 'raw/orders/a.csv' });
    expect(() => objectRef('raw', 'orders/a.csv')).toThrow(InvalidObjectKeyError);
    expect(() => objectRef('raw', 'raw/')).toThrow(/empty path segment/);
    expect(objectRef('archive', 'raw/orders/a.csv').key).toBe('raw/orders/a.csv');
  });
});

describe('zone layouts', () => {
  it('builds the keys of every step', () => {
    expect(rawFile('orders', '2024/06/01/a.csv')).toEqual({
      zone: 'raw',
      key: 'raw/orders/2024/06/01/a.csv',
    });
    expect(archivedFile('orders', 'run-1', 'a.csv')).toEqual({ zone: 'archive', key: 'orders/run-1/a.csv' });
    expect(rejectedRows('orders', 'run-1')).toEqual({ zone: 'rejected', key: 'orders/run-1.jsonl' });
    expect(rejectedFile('orders', 'run-1', 'bad.csv')).toEqual({
      zone: 'rejected',
      key: 'orders/run-1/bad.csv',
    });
    expect(runManifest('run-1')).toEqual({ zone: 'reports', key: 'run-1.manifest.json' });
    expect(runSummary('run-1')).toEqual({ zone: 'reports', key: 'run-1.json' });
    expect(qualityReport('run-1', 'json')).toEqual({ zone: 'reports', key: 'run-1.quality.json' });
    expect(qualityReport('run-1', 'html')).toEqual({ zone: 'reports', key: 'run-1.quality.html' });
    expect(datasetReport('run-1', 'orders')).toEqual({ zone: 'reports', key: 'run-1/orders.json' });
    expect(runKeys('run-1', 'orders')).toEqual({ zone: 'reports', key: 'run-1/run-keys/orders' });
    expect(tablePrefix('order_items')).toBe('order_items/');
  });

  it('refuses a dataset or run id that would change the layout', () => {
    expect(() => archivedFile('a/b', 'run-1', 'x.csv')).toThrow(
      /a dataset in a key must be one path segment/,
    );
    expect(() => runSummary('run.1')).toThrow(/a run id in a key must be one path segment without "\."/);
    expect(() => rejectedRows('orders', '')).toThrow(InvalidObjectKeyError);
    expect(() => rawFile('orders', '../x.csv')).toThrow(/"\.\." path segment/);
  });

  it('reads raw keys, and says why a key is not a file of a dataset', () => {
    expect(parseRawKey('raw/orders/2024/06/01/a.csv')).toEqual({
      ok: true,
      dataset: 'orders',
      name: '2024/06/01/a.csv',
    });
    expect(parseRawKey('raw/orders/[x].csv')).toEqual({ ok: true, dataset: 'orders', name: '[x].csv' });
    expect(parseRawKey('other/orders/a.csv')).toEqual({ ok: false, reason: 'not under raw/' });
    expect(parseRawKey('raw/a.csv')).toEqual({ ok: false, reason: 'not under raw/<dataset>/' });
    expect(parseRawKey('raw/orders/a.txt')).toEqual({ ok: false, reason: 'not a .csv file' });
    expect(parseRawKey('raw/orders/../a.csv')).toEqual({
      ok: false,
      reason: 'invalid key: it has a ".." path segment',
    });
  });
});
