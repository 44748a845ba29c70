import { comparePolicies as compareOrFail, isPolicyError, type PolicySuite } from './policy';
import type { SynthesizedStack } from './stack';

/**
 * A suite whose verdict is written in the stack itself ("CHECK address", and "CHECK address: reason"
 * for an accepted one), so each side of a test decides its own findings.
 */
const suite: PolicySuite = (stack) => {
  const finding = (entry: string) => {
    const [id, reason] = entry.split(': ');
    const [check, address] = id.split(' ');
    return { check, address, message: `${check} fails`, reason };
  };
  return {
    failures: (stack.config['failing'] as string[]).map(finding),
    suppressed: (stack.config['accepted'] as string[]).map(finding),
  };
};
const stack = (failing: string[], accepted: string[] = []): SynthesizedStack => ({
  name: 'dev',
  config: { failing, accepted },
});

/** The comparison of two sides the suite can read. */
function comparePolicies(...args: Parameters<typeof compareOrFail>) {
  const outcome = compareOrFail(...args);
  if (isPolicyError(outcome)) throw new Error(outcome.error);
  return outcome;
}

describe('comparePolicies', () => {
  it('splits the failures into introduced, remaining and fixed, each sorted', () => {
    const result = comparePolicies(
      suite,
      stack(['CKV_AWS_19 aws_s3_bucket.raw', 'CKV_AWS_66 aws_cloudwatch_log_group.a']),
      stack([
        'CKV_AWS_66 aws_cloudwatch_log_group.a',
        'CKV_AWS_7 aws_kms_key.k',
        'CKV_AWS_28 aws_dynamodb_table.t',
      ]),
    );
    expect(result.introduced.map((f) => `${f.check} ${f.address}`)).toEqual([
      'CKV_AWS_28 aws_dynamodb_table.t',
      'CKV_AWS_7 aws_kms_key.k',
    ]);
    expect(result.remaining.map((f) => f.check)).toEqual(['CKV_AWS_66']);
    expect(result.fixed.map((f) => f.check)).toEqual(['CKV_AWS_19']);
  });

  it('lists the suppressions the change adds, with their reasons', () => {
    const kept = 'CKV_AWS_18 aws_s3_bucket.logs: the access-log bucket cannot log to itself';
    const added = 'CKV_AWS_117 aws_lambda_function.f: reaches a partner API outside the VPC';
    const result = comparePolicies(suite, stack([], [kept]), stack([], [kept, added]));
    expect(result.newlySuppressed).toEqual([
      {
        check: 'CKV_AWS_117',
        address: 'aws_lambda_function.f',
        message: 'CKV_AWS_117 fails',
        reason: 'reaches a partner API outside the VPC',
      },
    ]);
  });

  it('counts every failure of a new environment as introduced, of a removed one as fixed', () => {
    expect(comparePolicies(suite, undefined, stack(['CKV_AWS_7 aws_kms_key.k'])).introduced).toHaveLength(1);
    expect(comparePolicies(suite, stack(['CKV_AWS_7 aws_kms_key.k']), undefined).fixed).toHaveLength(1);
  });

  it('tells the same check on another block apart', () => {
    const result = comparePolicies(
      suite,
      stack(['CKV_AWS_19 aws_s3_bucket.a']),
      stack(['CKV_AWS_19 aws_s3_bucket.b']),
    );
    expect(result.introduced.map((f) => f.address)).toEqual(['aws_s3_bucket.b']);
    expect(result.fixed.map((f) => f.address)).toEqual(['aws_s3_bucket.a']);
  });

  it('says which side the suite could not check, instead of passing it', () => {
    const refusing: PolicySuite = (stack) => {
      if (stack.config['unreadable']) throw new Error('policy is not a JSON string');
      return suite(stack);
    };
    const unreadable: SynthesizedStack = { name: 'dev', config: { unreadable: true } };
    expect(compareOrFail(refusing, stack([]), unreadable)).toEqual({
      error: 'at the head: policy is not a JSON string',
    });
    expect(compareOrFail(refusing, unreadable, stack([]))).toEqual({
      error: 'at the base: policy is not a JSON string',
    });
  });
});
