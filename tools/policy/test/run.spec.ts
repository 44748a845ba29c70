import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { renderResult, runPolicySuite } from '../src/run';
import { baseline, variant } from './baseline';

const noLogging = (suppressions?: unknown) =>
  variant((j) => {
    delete j.resource.aws_s3_bucket_logging;
    if (suppressions) j.resource.aws_s3_bucket.data['//'] = { suppressions };
  });

describe('suppressions', () => {
  it('accept a finding with a written reason, and list it', () => {
    const result = runPolicySuite(
      noLogging([{ id: 'CKV_AWS_18', reason: 'the access-log bucket cannot log into itself' }]),
    );
    expect(result.failures).toEqual([]);
    expect(result.suppressed).toEqual([
      {
        check: 'CKV_AWS_18',
        address: 'aws_s3_bucket.data',
        message: 'the bucket has no access logging',
        reason: 'the access-log bucket cannot log into itself',
      },
    ]);
    expect(renderResult(result, 'stacks/prod')).toContain(
      'SUPPRESSED CKV_AWS_18 aws_s3_bucket.data: the bucket has no access logging — reason: the access-log bucket cannot log into itself',
    );
  });

  it('refuse a suppression without a reason, and one naming an unknown rule', () => {
    const result = runPolicySuite(
      noLogging([
        { id: 'CKV_AWS_18', reason: 'ok' },
        { id: 'CKV_AWS_9999', reason: 'a rule this suite does not know of' },
      ]),
    );
    expect(result.failures.map((f) => [f.check, f.message])).toEqual([
      ['SUPPRESSION', 'suppresses CKV_AWS_18 without a reason'],
      ['SUPPRESSION', 'suppresses unknown rule CKV_AWS_9999'],
      ['CKV_AWS_18', 'the bucket has no access logging'],
    ]);
  });

  it('report a suppression that no longer matches a finding', () => {
    const stack = variant(
      (j) =>
        (j.resource.aws_s3_bucket.data['//'] = {
          suppressions: [{ id: 'CKV_AWS_21', reason: 'versioning was off for a migration' }],
        }),
    );
    const result = runPolicySuite(stack);
    expect(result.unused).toEqual([{ check: 'CKV_AWS_21', address: 'aws_s3_bucket.data' }]);
    expect(result.failures).toEqual([]);
  });
});

describe('the command line', () => {
  const write = (dir: string, json: unknown) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
  };

  it('checks every stack of a synth folder, failing when one fails', () => {
    const out = mkdtempSync(join(tmpdir(), 'policy-cli-'));
    write(join(out, 'stacks', 'prod'), baseline());
    const broken = baseline() as { resource: Record<string, unknown> };
    delete broken.resource.aws_s3_bucket_logging;
    write(join(out, 'stacks', 'staging'), broken);
    const printed: string[] = [];
    expect(main([out], (t) => printed.push(t))).toBe(1);
    expect(printed.join('')).toMatch(/policy suite: prod .*\n {2}0 failed/);
    expect(printed.join('')).toContain(
      'FAIL       CKV_AWS_18 aws_s3_bucket.data: the bucket has no access logging',
    );
    expect(main([join(out, 'stacks', 'prod')], () => undefined)).toBe(0);
  });

  it('refuses no argument and a folder without stacks', () => {
    expect(main([], () => undefined)).toBe(2);
    expect(() => main([tmpdir()], () => undefined)).toThrow(/holds neither cdk.tf.json nor stacks/);
  });
});
