import { comparePolicies, type PolicySuite } from './policy';
import type { SynthesizedStack } from './stack';

/** A suite that fails the checks listed in the stack itself, so each side decides its failures. */
const suite: PolicySuite = (stack) =>
  (stack.config['failing'] as string[]).map((id) => {
    const [check, address] = id.split(' ');
    return { check, address, message: `${check} fails` };
  });
const stack = (...failing: string[]): SynthesizedStack => ({ name: 'dev', config: { failing } });

describe('comparePolicies', () => {
  it('splits the failures into introduced, remaining and fixed, each sorted', () => {
    const result = comparePolicies(
      suite,
      stack('CKV_AWS_19 aws_s3_bucket.raw', 'CKV_AWS_66 aws_cloudwatch_log_group.a'),
      stack(
        'CKV_AWS_66 aws_cloudwatch_log_group.a',
        'CKV_AWS_7 aws_kms_key.k',
        'CKV_AWS_28 aws_dynamodb_table.t',
      ),
    );
    expect(result.introduced.map((f) => `${f.check} ${f.address}`)).toEqual([
      'CKV_AWS_28 aws_dynamodb_table.t',
      'CKV_AWS_7 aws_kms_key.k',
    ]);
    expect(result.remaining.map((f) => f.check)).toEqual(['CKV_AWS_66']);
    expect(result.fixed.map((f) => f.check)).toEqual(['CKV_AWS_19']);
  });

  it('counts every failure of a new environment as introduced, of a removed one as fixed', () => {
    expect(comparePolicies(suite, undefined, stack('CKV_AWS_7 aws_kms_key.k')).introduced).toHaveLength(1);
    expect(comparePolicies(suite, stack('CKV_AWS_7 aws_kms_key.k'), undefined).fixed).toHaveLength(1);
  });

  it('tells the same check on another block apart', () => {
    const result = comparePolicies(
      suite,
      stack('CKV_AWS_19 aws_s3_bucket.a'),
      stack('CKV_AWS_19 aws_s3_bucket.b'),
    );
    expect(result.introduced.map((f) => f.address)).toEqual(['aws_s3_bucket.b']);
    expect(result.fixed.map((f) => f.address)).toEqual(['aws_s3_bucket.a']);
  });
});
