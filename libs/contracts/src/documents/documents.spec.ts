import {
  DocumentError,
  documentJsonSchema,
  DOCUMENT_SCHEMAS,
  parseDocument,
  parseDocumentJson,
  type RunManifest,
  type RunSummary,
} from '..';

const manifest: RunManifest = {
  runId: 'run-0123abcd',
  runStart: '2024-06-01T12:00:00.000Z',
  datasets: {
    orders: [
      { bucket: 'raw-bucket', key: 'raw/orders/a.csv', fileId: 'f-a', eTag: 'e1', size: 10, fileSeq: 1 },
      {
        bucket: 'raw-bucket',
        key: 'raw/orders/b.csv',
        fileId: 'f-b',
        eTag: 'e2',
        versionId: 'v7',
        size: 0,
        fileSeq: 2,
      },
    ],
    products: [],
  },
};

const summary: RunSummary = {
  runId: 'run-0123abcd',
  status: 'SUCCEEDED_WITH_WARNINGS',
  datasets: {
    orders: {
      rowsIn: 3,
      accepted: 2,
      rejected: 1,
      reasons: { TYPE: 1 },
      files: [
        { key: 'raw/orders/a.csv', status: 'PROCESSED', rowsIn: 3, accepted: 2, rejected: 1 },
        {
          key: 'raw/orders/b.csv',
          status: 'REJECTED',
          rowsIn: 0,
          accepted: 0,
          rejected: 0,
          error: {
            code: 'MALFORMED_FILE',
            message: 'raw/orders/b.csv: MALFORMED_FILE: not valid UTF-8 text',
          },
        },
      ],
      quality: {
        completeness: 1,
        validity: 2 / 3,
        accuracy: 1,
        consistency: 1,
        uniqueness: 1,
        score: 93.33,
        passed: false,
      },
      published: true,
      gate: { action: 'warn', reason: 'validity 0.6667 < 0.97' },
    },
  },
  warnings: ['orders: quality gate warned: validity 0.6667 < 0.97'],
};

/** The message of what `work` throws. */
function errorOf(work: () => unknown): DocumentError {
  try {
    work();
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected an error');
}

describe('document schemas', () => {
  it('accept the documents the code writes, and return them read-only', () => {
    expect(parseDocument('run-manifest', manifest, 'm.json')).toEqual(manifest);
    const parsed = parseDocument('run-summary', summary, 's.json');
    expect(parsed).toEqual(summary);
    expect(Object.isFrozen(parsed.datasets.orders.files)).toBe(true);
  });

  it('refuse a bad document with a typed error naming the source and every field', () => {
    const bad = {
      ...manifest,
      runId: 'run 1/2',
      datasets: { orders: [{ ...manifest.datasets.orders[0], fileSeq: 2, size: -1 }] },
    };
    const error = errorOf(() => parseDocument('run-manifest', bad, 's3://reports/run-1/manifest.json'));
    expect(error).toBeInstanceOf(DocumentError);
    expect([error.name, error.code, error.document]).toEqual([
      'DocumentError',
      'INVALID_DOCUMENT',
      'run-manifest',
    ]);
    expect(error.message).toMatch(/^s3:\/\/reports\/run-1\/manifest\.json: not a valid run-manifest: /);
    expect(error.issues.map((i) => i.path)).toEqual([
      'runId',
      'datasets.orders[0].size',
      'datasets.orders[0].fileSeq',
    ]);
  });

  it('refuse an unknown field rather than dropping it', () => {
    const extra = { ...summary, datasets: { orders: { ...summary.datasets.orders, counts: {} } } };
    expect(errorOf(() => parseDocument('run-summary', extra, 's.json')).message).toContain(
      'datasets.orders: Unrecognized key: "counts"',
    );
  });

  it('number the files of a dataset 1..n and list each key once', () => {
    const [a, b] = manifest.datasets.orders;
    const twice = { ...manifest, datasets: { orders: [a, { ...b, key: a.key }] } };
    expect(errorOf(() => parseDocument('run-manifest', twice, 'm')).issues).toEqual([
      { path: 'datasets.orders[1].key', message: 'raw/orders/a.csv is listed twice' },
    ]);
    const renumbered = { ...manifest, datasets: { orders: [b] } };
    expect(errorOf(() => parseDocument('run-manifest', renumbered, 'm')).issues).toEqual([
      {
        path: 'datasets.orders[0].fileSeq',
        message: 'expected 1 (files are numbered 1..n in list order), got 2',
      },
    ]);
  });

  it('take a UTC instant as the run start', () => {
    for (const runStart of ['2024-06-01T12:00:00+02:00', '2024-06-01 12:00:00', '2024-02-30T00:00:00Z'])
      expect(() => parseDocument('run-manifest', { ...manifest, runStart }, 'm')).toThrow(/runStart/);
  });

  it('read JSON text, naming the file when it is not JSON', () => {
    expect(parseDocumentJson('run-manifest', JSON.stringify(manifest), 'm.json')).toEqual(manifest);
    expect(errorOf(() => parseDocumentJson('run-manifest', '{', 'm.json')).message).toMatch(
      /^m\.json: not a valid run-manifest: not JSON/,
    );
  });

  it.each(Object.keys(DOCUMENT_SCHEMAS) as (keyof typeof DOCUMENT_SCHEMAS)[])(
    'export %s as a closed JSON Schema (draft 2020-12)',
    (name) => {
      const schema = documentJsonSchema(name);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        additionalProperties: false,
      });
      expect(JSON.stringify(schema)).not.toContain('readOnly');
    },
  );
});
