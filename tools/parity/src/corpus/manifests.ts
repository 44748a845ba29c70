import { DocumentError, parseDocument, type RunManifest } from '@lakehouse/contracts';

const file = (key: string, fileSeq: number) => ({
  bucket: 'lake-raw',
  key,
  fileId: `f-${fileSeq}`,
  eTag: `e-${fileSeq}`,
  size: 10 * fileSeq,
  fileSeq,
});

const VALID: RunManifest = {
  runId: 'run-0123abcd',
  runStart: '2024-01-15T10:00:00Z',
  datasets: {
    orders: [file('raw/orders/a.csv', 1), { ...file('raw/orders/b.csv', 2), versionId: 'v2' }],
    products: [],
  },
};

/** Manifests the schema accepts or refuses, each change made to the valid one. */
const CASES: readonly [string, (m: Record<string, unknown>) => unknown][] = [
  ['valid', (m) => m],
  ['a fraction of a second in the run start', (m) => ({ ...m, runStart: '2024-01-15T10:00:00.123456Z' })],
  ['no dataset at all', (m) => ({ ...m, datasets: {} })],
  ['a run id with a slash', (m) => ({ ...m, runId: 'run/1' })],
  ['a run id of 81 characters', (m) => ({ ...m, runId: 'r'.repeat(81) })],
  ['a run start with an offset', (m) => ({ ...m, runStart: '2024-01-15T10:00:00+02:00' })],
  ['a run start that is no calendar day', (m) => ({ ...m, runStart: '2024-02-30T10:00:00Z' })],
  ['a run start without a zone', (m) => ({ ...m, runStart: '2024-01-15T10:00:00' })],
  ['an unknown top-level field', (m) => ({ ...m, owner: 'me' })],
  ['datasets as a list', (m) => ({ ...m, datasets: [] })],
  ['files as an object', (m) => ({ ...m, datasets: { orders: {} } })],
  [
    'a file without its bucket',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), bucket: undefined }] } }),
  ],
  ['an empty key', (m) => ({ ...m, datasets: { orders: [file('', 1)] } })],
  ['a file numbered 2 first', (m) => ({ ...m, datasets: { orders: [file('raw/orders/a.csv', 2)] } })],
  [
    'a negative size',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), size: -1 }] } }),
  ],
  [
    'a fractional size',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), size: 1.5 }] } }),
  ],
  [
    'a numeric file id',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), fileId: 7 }] } }),
  ],
  [
    'an empty version id',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), versionId: '' }] } }),
  ],
  [
    'an unknown file field',
    (m) => ({ ...m, datasets: { orders: [{ ...file('raw/orders/a.csv', 1), colour: 'red' }] } }),
  ],
  [
    'a key listed twice',
    (m) => ({ ...m, datasets: { orders: [file('raw/orders/a.csv', 1), file('raw/orders/a.csv', 2)] } }),
  ],
];

/** Each manifest and the schema's verdict: accepted, or the paths of the fields it names. */
export function manifestsCorpus() {
  return CASES.map(([name, change]) => {
    const document = JSON.parse(JSON.stringify(change({ ...VALID }))) as unknown;
    try {
      parseDocument('run-manifest', document, name);
      return { name, document, valid: true, paths: [] as string[] };
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      return { name, document, valid: false, paths: error.issues.map((i) => i.path) };
    }
  });
}
