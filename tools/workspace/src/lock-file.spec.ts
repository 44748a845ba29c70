import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingOptionalEntries, type NpmLockFile } from './lock-file';

const lockOf = (packages: NpmLockFile['packages']): NpmLockFile => ({ lockfileVersion: 3, packages });

describe('every optional dependency has a lock entry', () => {
  it('holds for the committed package-lock.json', () => {
    const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package-lock.json'), 'utf8'));
    expect(missingOptionalEntries(lock)).toEqual([]);
  });

  it('names the platform binding a lock written on one machine left out', () => {
    const lock = lockOf({
      '': { optionalDependencies: {} },
      'node_modules/@duckdb/node-bindings': {
        optionalDependencies: {
          '@duckdb/node-bindings-linux-x64': '1.5.6',
          '@duckdb/node-bindings-darwin-arm64': '1.5.6',
        },
      },
      'node_modules/@duckdb/node-bindings-linux-x64': {},
    });
    expect(missingOptionalEntries(lock)).toEqual([
      { dependent: 'node_modules/@duckdb/node-bindings', optional: '@duckdb/node-bindings-darwin-arm64' },
    ]);
  });

  it('resolves like Node: a nested copy or one higher up counts, a sibling’s nested copy does not', () => {
    const lock = lockOf({
      'node_modules/a': { optionalDependencies: { native: '1', hoisted: '1' } },
      'node_modules/a/node_modules/native': {},
      'node_modules/hoisted': {},
      'node_modules/b': { optionalDependencies: { native: '1' } },
    });
    expect(missingOptionalEntries(lock)).toEqual([{ dependent: 'node_modules/b', optional: 'native' }]);
  });

  it('refuses a version-1 lock, which has no per-path entries to check', () => {
    expect(() => missingOptionalEntries({ lockfileVersion: 1, packages: {} })).toThrow(/lockfileVersion 1/);
  });
});
