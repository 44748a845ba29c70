import fc from 'fast-check';
import {
  computeRunId,
  datasetOfKey,
  fileIdOf,
  InvalidFileIdentityError,
  InvalidRunIdError,
  type FileIdentity,
} from '../src';
import { RUN_ID_PATTERN } from '@lakehouse/contracts';

const file = (key: string, eTag: string): FileIdentity => ({ bucket: 'local', key, eTag });

describe('fileIdOf', () => {
  it('is the same for the same identity and differs for new content or a new version', () => {
    const a = fileIdOf(file('raw/orders/a.csv', 'abc'));
    expect(fileIdOf(file('raw/orders/a.csv', 'abc'))).toBe(a);
    expect(a).toMatch(/^f-[0-9a-f]{32}$/);
    expect(fileIdOf(file('raw/orders/a.csv', 'abd'))).not.toBe(a);
    expect(fileIdOf(file('raw/orders/b.csv', 'abc'))).not.toBe(a);
    expect(fileIdOf({ bucket: 'other', key: 'raw/orders/a.csv', eTag: 'abc' })).not.toBe(a);
  });

  it('ignores the quotes HeadObject puts around an eTag', () => {
    expect(fileIdOf(file('k', '"abc"'))).toBe(fileIdOf(file('k', 'abc')));
  });

  it('prefers the versionId, and treats versionId "null" as absent', () => {
    const v1 = fileIdOf({ bucket: 'b', key: 'k', versionId: 'v1', eTag: 'same' });
    const v2 = fileIdOf({ bucket: 'b', key: 'k', versionId: 'v2', eTag: 'same' });
    expect(v1).not.toBe(v2);
    expect(fileIdOf({ bucket: 'b', key: 'k', versionId: 'null', eTag: 'e1' })).toBe(
      fileIdOf({ bucket: 'b', key: 'k', eTag: 'e1' }),
    );
    expect(fileIdOf({ bucket: 'b', key: 'k', versionId: 'null', eTag: 'e1' })).not.toBe(
      fileIdOf({ bucket: 'b', key: 'k', versionId: 'null', eTag: 'e2' }),
    );
  });

  it('refuses an identity without bucket, key, or versionId/eTag', () => {
    expect(() => fileIdOf({ bucket: 'b', key: 'k' })).toThrow(InvalidFileIdentityError);
    expect(() => fileIdOf({ bucket: '', key: 'k', eTag: 'e' })).toThrow(InvalidFileIdentityError);
    expect(() => fileIdOf({ bucket: 'b', key: '', eTag: 'e' })).toThrow(InvalidFileIdentityError);
  });
});

describe('computeRunId', () => {
  const files = [
    file('raw/orders/1.csv', 'e1'),
    file('raw/products/1.csv', 'e2'),
    file('raw/order_items/1.csv', 'e3'),
  ];

  it('is the same for the same files in any order (and with duplicates)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(files, { minLength: 3, maxLength: 3 }), (shuffled) => {
        expect(computeRunId(shuffled)).toBe(computeRunId(files));
        expect(computeRunId([...shuffled, shuffled[0]])).toBe(computeRunId(files));
      }),
    );
  });

  it('accepts file ids as well as identities', () => {
    expect(computeRunId(files.map(fileIdOf))).toBe(computeRunId(files));
  });

  it('changes when any eTag changes, or a file is added or removed', () => {
    const base = computeRunId(files);
    expect(computeRunId([file('raw/orders/1.csv', 'e1-new'), files[1], files[2]])).not.toBe(base);
    expect(computeRunId(files.slice(0, 2))).not.toBe(base);
    expect(computeRunId([...files, file('raw/orders/2.csv', 'e4')])).not.toBe(base);
  });

  it('is a valid Step Functions execution name for any files', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            bucket: fc.string({ minLength: 1 }),
            key: fc.string({ minLength: 1 }),
            eTag: fc.stringMatching(/^[0-9a-f]{1,32}$/),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.integer({ min: 1, max: 10_000 }),
        (identities, attempt) => {
          const id = computeRunId(identities, { attempt });
          expect(id).toMatch(RUN_ID_PATTERN);
          expect(id.length).toBeLessThanOrEqual(80);
        },
      ),
    );
  });

  it('gives retries a distinct id, and the first attempt the plain id', () => {
    expect(computeRunId(files, { attempt: 1 })).toBe(computeRunId(files));
    expect(computeRunId(files, { attempt: 2 })).toBe(`${computeRunId(files)}-a2`);
    expect(() => computeRunId(files, { attempt: 0 })).toThrow(InvalidRunIdError);
    expect(() => computeRunId([])).toThrow(InvalidRunIdError);
  });
});

describe('datasetOfKey', () => {
  it('reads the dataset of raw/<dataset>/<file> keys only', () => {
    expect(datasetOfKey('raw/orders/2024/01/a.csv')).toBe('orders');
    expect(datasetOfKey('raw/orders/')).toBeUndefined();
    expect(datasetOfKey('archived/orders/a.csv')).toBeUndefined();
  });
});
