import { diffAttributes } from './attribute-diff';
import type { Json, JsonObject } from './json';
import { securityFlags } from './security';
import type { Block } from './stack';

const block = (type: string, kind: Block['kind'] = 'resource'): Block => ({
  address: `${type}.x`,
  kind,
  type,
  body: {},
});

const flagsOf = (type: string, before: JsonObject, after: JsonObject, kind: Block['kind'] = 'resource') =>
  securityFlags(block(type, kind), diffAttributes(before as Json, after as Json)).map((f) => f.category);

describe('securityFlags', () => {
  it.each([
    ['aws_iam_role_policy', { policy: '{}' }, { policy: '{"Statement":[]}' }, 'IAM statements'],
    ['aws_iam_policy_document', { statement: [] }, { statement: [{ effect: 'Allow' }] }, 'IAM statements'],
    ['aws_lambda_function', { role: 'a' }, { role: 'b' }, 'IAM statements'],
    ['aws_kms_key_policy', { key_id: 'a' }, { key_id: 'b' }, 'key policy'],
    ['aws_s3_bucket_policy', { bucket: 'a' }, { bucket: 'b' }, 'bucket policy'],
    [
      'aws_vpc_security_group_ingress_rule',
      { cidr_ipv4: '10.0.0.0/8' },
      { cidr_ipv4: '0.0.0.0/0' },
      'security group',
    ],
    [
      'aws_glue_connection',
      { physical_connection_requirements: [{ security_group_id_list: ['a'] }] },
      {},
      'security group',
    ],
    [
      'aws_lambda_function',
      { vpc_config: [{ security_group_ids: ['a'] }] },
      { vpc_config: [{ security_group_ids: [] }] },
      'security group',
    ],
    [
      'aws_s3_bucket_public_access_block',
      { block_public_policy: true },
      { block_public_policy: false },
      'public access',
    ],
    ['aws_db_instance', { publicly_accessible: false }, { publicly_accessible: true }, 'public access'],
    ['aws_s3_bucket_server_side_encryption_configuration', { rule: [] }, { rule: [{}] }, 'encryption'],
    ['aws_sqs_queue', { sqs_managed_sse_enabled: true }, { sqs_managed_sse_enabled: false }, 'encryption'],
    ['aws_cloudwatch_log_group', { kms_key_id: 'a' }, {}, 'encryption'],
    [
      'aws_dynamodb_table',
      { deletion_protection_enabled: true },
      { deletion_protection_enabled: false },
      'deletion protection',
    ],
    ['aws_s3_bucket', { force_destroy: false }, { force_destroy: true }, 'deletion protection'],
    ['aws_cloudwatch_log_group', { retention_in_days: 365 }, { retention_in_days: 7 }, 'retention'],
    [
      'aws_dynamodb_table',
      { point_in_time_recovery: { enabled: true } },
      { point_in_time_recovery: { enabled: false } },
      'retention',
    ],
    [
      'aws_s3_bucket_versioning',
      { versioning_configuration: [{ status: 'Enabled' }] },
      { versioning_configuration: [{ status: 'Suspended' }] },
      'retention',
    ],
  ])('%s %j → %j is flagged %s', (type, before, after, category) => {
    expect(flagsOf(type, before, after)).toContain(category);
  });

  it('flags a policy on a KMS key as a key policy, other key arguments as encryption only', () => {
    expect(flagsOf('aws_kms_key', { policy: '{"a":1}' }, { policy: '{"a":2}' })).toEqual([
      'IAM statements',
      'key policy',
      'encryption',
    ]);
    expect(flagsOf('aws_kms_key', { enable_key_rotation: true }, { enable_key_rotation: false })).toEqual([
      'encryption',
    ]);
  });

  it("reads a JSON document's keys as data: an uploaded plan whose content names a role is not an IAM change", () => {
    const plan = (role: string) => ({ key: 'plans/x.json', content: JSON.stringify({ inputs: [{ role }] }) });
    expect(flagsOf('aws_s3_object', plan('runKeys'), plan('parentTable'))).toEqual([]);
    expect(flagsOf('aws_s3_object', {}, plan('runKeys'))).toEqual([]);
    // The argument holding the document still counts, e.g. a role's trust policy.
    expect(flagsOf('aws_sfn_state_machine', { role_arn: 'a' }, { role_arn: 'b' })).toEqual([]);
    expect(flagsOf('aws_x', { assume_role_policy: '{"a":1}' }, { assume_role_policy: '{"a":2}' })).toEqual([
      'IAM statements',
    ]);
  });

  it('does not flag an ordinary change', () => {
    expect(flagsOf('aws_lambda_function', { memory_size: 512 }, { memory_size: 1024 })).toEqual([]);
    expect(
      flagsOf('aws_glue_job', { name: 'a', description: 'assessment' }, { name: 'b', description: 'x' }),
    ).toEqual([]);
  });

  it('says why: the block type, or the first argument that matched', () => {
    const flags = securityFlags(
      block('aws_dynamodb_table'),
      diffAttributes({ deletion_protection_enabled: true, ttl: [] }, { deletion_protection_enabled: false }),
    );
    expect(flags).toEqual([
      { category: 'deletion protection', because: 'deletion_protection_enabled' },
      { category: 'retention', because: 'ttl' },
    ]);
    expect(securityFlags(block('aws_iam_policy_document', 'data'), [])).toEqual([
      { category: 'IAM statements', because: 'data.aws_iam_policy_document' },
    ]);
  });
});
