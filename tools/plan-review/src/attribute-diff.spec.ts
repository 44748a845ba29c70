import { diffAttributes } from './attribute-diff';

describe('diffAttributes', () => {
  it('lists nested changes by path, keys sorted, list items by position', () => {
    const before = { rule: [{ apply: { sse_algorithm: 'AES256' } }], tags: { b: '1', a: '1' } };
    const after = {
      rule: [{ apply: { sse_algorithm: 'aws:kms', kms_master_key_id: 'k' } }],
      tags: { b: '2', a: '2' },
    };
    expect(diffAttributes(before, after)).toEqual([
      { path: 'rule[0].apply.kms_master_key_id', before: undefined, after: 'k' },
      { path: 'rule[0].apply.sse_algorithm', before: 'AES256', after: 'aws:kms' },
      { path: 'tags.a', before: '1', after: '2' },
      { path: 'tags.b', before: '1', after: '2' },
    ]);
  });

  it('is empty for equal trees whatever their key order', () => {
    expect(diffAttributes({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toEqual([]);
  });

  it('compares a policy written as a JSON string statement by statement', () => {
    const policy = (actions: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      });
    expect(
      diffAttributes({ policy: policy(['s3:GetObject']) }, { policy: policy(['s3:GetObject', 's3:*']) }),
    ).toEqual([
      {
        path: 'policy.Statement[0].Action',
        before: ['s3:GetObject'],
        after: ['s3:GetObject', 's3:*'],
        document: 'policy', // the argument holding the document
      },
    ]);
  });

  it('lists a block present on one side leaf by leaf', () => {
    expect(diffAttributes({}, { versioning: [{ enabled: true, mfa_delete: false }] })).toEqual([
      { path: 'versioning[0].enabled', before: undefined, after: true },
      { path: 'versioning[0].mfa_delete', before: undefined, after: false },
    ]);
  });

  it('reports an empty block appearing as itself', () => {
    expect(diffAttributes({ a: 1 }, { a: 1, lifecycle: {} })).toEqual([
      { path: 'lifecycle', before: undefined, after: {} },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(
      diffAttributes(
        { Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Condition: { Bool: {} } },
      ),
    ).toEqual([{ path: 'Condition.Bool["aws:SecureTransport"]', before: 'false', after: undefined }]);
  });

  it('treats a string that only looks like JSON as a string', () => {
    expect(diffAttributes({ name: '{not json' }, { name: '{still not' })).toEqual([
      { path: 'name', before: '{not json', after: '{still not' },
    ]);
  });

  it('shows a statement inserted into a policy as that statement only', () => {
    const policy = (...sids: string[]) =>
      JSON.stringify({
        Statement: sids.map((Sid) => ({ Sid, Effect: 'Deny', Action: ['s3:*'], Principal: '*' })),
      });
    expect(diffAttributes({ policy: policy('A', 'B') }, { policy: policy('A', 'NEW', 'B') })).toEqual([
      { path: 'policy.Statement[1].Action', before: undefined, after: ['s3:*'], document: 'policy' },
      { path: 'policy.Statement[1].Effect', before: undefined, after: 'Deny', document: 'policy' },
      { path: 'policy.Statement[1].Principal', before: undefined, after: '*', document: 'policy' },
      { path: 'policy.Statement[1].Sid', before: undefined, after: 'NEW', document: 'policy' },
    ]);
  });
});
