import { RULES } from '../src/rules';
import { runPolicySuite } from '../src/run';
import { baseline, policy, variant } from './baseline';
import { stackFromJson } from '../src/stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Change = (json: { resource: Record<string, Record<string, Json>> }) => void;

const role =
  (statement: Json): Change =>
  (j) => {
    j.resource.aws_iam_role_policy.trigger.policy = policy(statement);
  };
const allow = (Action: string[], Resource: string[] = ['*'], extra: Json = {}) =>
  role({ Effect: 'Allow', Action, Resource, ...extra });
const publicAccess =
  (flag: string): Change =>
  (j) => {
    j.resource.aws_s3_bucket_public_access_block.data[flag] = false;
  };
const trigger =
  (change: (fn: Json) => void): Change =>
  (j) =>
    change(j.resource.aws_lambda_function.trigger);

/** Each rule, the resource it must name, and the smallest change that breaks it (and only it, unless listed). */
const CASES: [string, string, Change, string[]?][] = [
  ['CKV_AWS_18', 'aws_s3_bucket.data', (j) => delete j.resource.aws_s3_bucket_logging],
  [
    'CKV_AWS_19',
    'aws_s3_bucket.data',
    (j) => delete j.resource.aws_s3_bucket_server_side_encryption_configuration,
    ['CKV_AWS_19', 'CKV_AWS_145'],
  ],
  [
    'CKV_AWS_145',
    'aws_s3_bucket.data',
    (j) => {
      j.resource.aws_s3_bucket_server_side_encryption_configuration.data.rule = [
        { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      ];
    },
  ],
  [
    'CKV_AWS_21',
    'aws_s3_bucket.data',
    (j) => (j.resource.aws_s3_bucket_versioning.data.versioning_configuration.status = 'Suspended'),
  ],
  ['CKV_AWS_53', 'aws_s3_bucket.data', publicAccess('block_public_acls')],
  ['CKV_AWS_54', 'aws_s3_bucket.data', publicAccess('block_public_policy')],
  ['CKV_AWS_55', 'aws_s3_bucket.data', publicAccess('ignore_public_acls')],
  ['CKV_AWS_56', 'aws_s3_bucket.data', publicAccess('restrict_public_buckets')],
  [
    'CKV2_AWS_6',
    'aws_s3_bucket.data',
    (j) => delete j.resource.aws_s3_bucket_public_access_block,
    ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  ],
  [
    'CKV_AWS_70',
    'aws_s3_bucket_policy.data',
    (j) => {
      j.resource.aws_s3_bucket_policy.data.policy = policy({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: '*',
      });
    },
  ],
  [
    'CKV_AWS_300',
    'aws_s3_bucket.data',
    (j) => (j.resource.aws_s3_bucket_lifecycle_configuration.data.rule = [{ id: 'r', status: 'Enabled' }]),
  ],
  [
    'CKV2_AWS_65',
    'aws_s3_bucket.data',
    (j) => (j.resource.aws_s3_bucket_ownership_controls.data.rule = { object_ownership: 'ObjectWriter' }),
  ],
  ['CKV_AWS_7', 'aws_kms_key.data', (j) => (j.resource.aws_kms_key.data.enable_key_rotation = false)],
  [
    'CKV_AWS_33',
    'aws_kms_key.data',
    (j) =>
      (j.resource.aws_kms_key.data.policy = policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: '*',
      })),
  ],
  [
    'CKV_AWS_28',
    'aws_dynamodb_table.files',
    (j) => (j.resource.aws_dynamodb_table.files.point_in_time_recovery = { enabled: false }),
  ],
  [
    'CKV_AWS_119',
    'aws_dynamodb_table.files',
    (j) => (j.resource.aws_dynamodb_table.files.server_side_encryption = { enabled: true }),
  ],
  [
    'CKV_AWS_45',
    'aws_lambda_function.trigger',
    trigger((fn) => (fn.environment.variables.DB_PASSWORD = 'hunter2')),
  ],
  [
    'CKV_AWS_50',
    'aws_lambda_function.trigger',
    trigger((fn) => (fn.tracing_config = { mode: 'PassThrough' })),
  ],
  ['CKV_AWS_115', 'aws_lambda_function.trigger', trigger((fn) => delete fn.reserved_concurrent_executions)],
  ['CKV_AWS_116', 'aws_lambda_function.trigger', trigger((fn) => delete fn.dead_letter_config)],
  ['CKV_AWS_117', 'aws_lambda_function.trigger', trigger((fn) => delete fn.vpc_config)],
  ['CKV_AWS_173', 'aws_lambda_function.trigger', trigger((fn) => delete fn.kms_key_arn)],
  ['CKV_AWS_363', 'aws_lambda_function.trigger', trigger((fn) => (fn.runtime = 'nodejs16.x'))],
  [
    'CKV_AWS_27',
    'aws_sqs_queue.dlq',
    (j) => delete j.resource.aws_sqs_queue.dlq.kms_master_key_id,
    ['CKV_AWS_27', 'CKV2_AWS_73'],
  ],
  [
    'CKV2_AWS_73',
    'aws_sqs_queue.dlq',
    (j) => (j.resource.aws_sqs_queue.dlq.kms_master_key_id = 'alias/aws/sqs'),
  ],
  ['CKV_AWS_26', 'aws_sns_topic.alarms', (j) => delete j.resource.aws_sns_topic.alarms.kms_master_key_id],
  [
    'CKV_AWS_94',
    'aws_glue_data_catalog_encryption_settings.catalog',
    (j) => {
      j.resource.aws_glue_data_catalog_encryption_settings.catalog.data_catalog_encryption_settings.encryption_at_rest =
        { catalog_encryption_mode: 'DISABLED' };
    },
  ],
  [
    'CKV_AWS_99',
    'aws_glue_security_configuration.glue',
    (j) => {
      j.resource.aws_glue_security_configuration.glue.encryption_configuration.job_bookmarks_encryption = {
        job_bookmarks_encryption_mode: 'DISABLED',
      };
    },
  ],
  ['CKV_AWS_195', 'aws_glue_job.orders', (j) => delete j.resource.aws_glue_job.orders.security_configuration],
  [
    'CKV_AWS_284',
    'aws_sfn_state_machine.pipeline',
    (j) => (j.resource.aws_sfn_state_machine.pipeline.tracing_configuration = { enabled: false }),
  ],
  [
    'CKV_AWS_285',
    'aws_sfn_state_machine.pipeline',
    (j) => (j.resource.aws_sfn_state_machine.pipeline.logging_configuration.level = 'OFF'),
  ],
  [
    'CKV_AWS_66',
    'aws_cloudwatch_log_group.states',
    (j) => delete j.resource.aws_cloudwatch_log_group.states.retention_in_days,
    ['CKV_AWS_66', 'CKV_AWS_338'],
  ],
  [
    'CKV_AWS_158',
    'aws_cloudwatch_log_group.states',
    (j) => delete j.resource.aws_cloudwatch_log_group.states.kms_key_id,
  ],
  [
    'CKV_AWS_338',
    'aws_cloudwatch_log_group.states',
    (j) => (j.resource.aws_cloudwatch_log_group.states.retention_in_days = 90),
  ],
  ['CKV2_AWS_11', 'aws_vpc.main', (j) => delete j.resource.aws_flow_log],
  [
    'CKV2_AWS_12',
    'aws_vpc.main',
    (j) => (j.resource.aws_default_security_group.main.ingress = [{ protocol: '-1', self: true }]),
  ],
  [
    'CKV_AWS_23',
    'aws_vpc_security_group_egress_rule.https',
    (j) => delete j.resource.aws_vpc_security_group_egress_rule.https.description,
  ],
  [
    'CKV_AWS_382',
    'aws_vpc_security_group_egress_rule.https',
    (j) => {
      Object.assign(j.resource.aws_vpc_security_group_egress_rule.https, {
        ip_protocol: '-1',
        cidr_ipv4: '0.0.0.0/0',
      });
    },
  ],
  [
    'CKV_AWS_62',
    'aws_iam_role_policy.trigger',
    allow(['*']),
    [
      'CKV_AWS_62',
      'CKV_AWS_63',
      'CKV_AWS_355',
      'CKV_AWS_286',
      'CKV_AWS_287',
      'CKV_AWS_288',
      'CKV_AWS_289',
      'CKV_AWS_290',
    ],
  ],
  [
    'CKV_AWS_63',
    'aws_iam_role_policy.trigger',
    allow(['*'], ['arn:aws:s3:::lakehouse-prod-123456789012-raw']),
  ],
  ['CKV_AWS_355', 'aws_iam_role_policy.trigger', allow(['sqs:GetQueueUrl'])],
  [
    'CKV_AWS_286',
    'aws_iam_role_policy.trigger',
    allow(['iam:PassRole']),
    ['CKV_AWS_286', 'CKV_AWS_355', 'CKV_AWS_290'],
  ],
  [
    'CKV_AWS_287',
    'aws_iam_role_policy.trigger',
    allow(['sts:GetSessionToken']),
    ['CKV_AWS_287', 'CKV_AWS_355'],
  ],
  ['CKV_AWS_288', 'aws_iam_role_policy.trigger', allow(['s3:GetObject']), ['CKV_AWS_288', 'CKV_AWS_355']],
  [
    'CKV_AWS_289',
    'aws_iam_role_policy.trigger',
    allow(['kms:PutKeyPolicy']),
    ['CKV_AWS_289', 'CKV_AWS_355', 'CKV_AWS_290'],
  ],
  ['CKV_AWS_290', 'aws_iam_role_policy.trigger', allow(['sqs:SendMessage']), ['CKV_AWS_290', 'CKV_AWS_355']],
  [
    'LAKEHOUSE_IAM_1',
    'aws_iam_role_policy.trigger',
    allow(['s3:GetObject'], ['arn:aws:s3:::someone-elses-bucket/*']),
  ],
  [
    'CKV_AWS_82',
    'aws_athena_workgroup.verify',
    (j) => (j.resource.aws_athena_workgroup.verify.configuration.enforce_workgroup_configuration = false),
  ],
  [
    'CKV_AWS_159',
    'aws_athena_workgroup.verify',
    (j) => (j.resource.aws_athena_workgroup.verify.configuration.result_configuration = {}),
  ],
];

const checksOf = (stack: ReturnType<typeof variant>) =>
  [...new Set(runPolicySuite(stack).failures.map((f) => f.check))].sort();

describe('the policy rules', () => {
  it('pass the compliant baseline', () => {
    expect(runPolicySuite(stackFromJson(baseline(), 'prod')).failures).toEqual([]);
  });

  it('cover every rule with a failing case', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it.each(CASES)('%s fails on %s', (id, address, change, expected = [id]) => {
    const stack = variant(change);
    expect(checksOf(stack)).toEqual([...expected].sort());
    expect(runPolicySuite(stack).failures.find((f) => f.check === id)?.address).toBe(address);
  });
});

describe('scope of the rules', () => {
  it('asks for a year of log retention in prod only', () => {
    const shortRetention: Change = (j) => (j.resource.aws_cloudwatch_log_group.states.retention_in_days = 30);
    expect(checksOf(variant(shortRetention, 'prod'))).toEqual(['CKV_AWS_338']);
    const dev = variant((j) => {
      shortRetention(j);
      j.provider = { aws: [{ default_tags: [{ tags: { project: 'lakehouse', environment: 'dev' } }] }] };
      j.resource.aws_iam_role_policy.trigger.policy = policy({
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['${aws_s3_bucket.data.arn}/*'],
      });
    });
    expect(dev.environment).toBe('dev');
    expect(checksOf(dev)).toEqual([]);
  });

  it("names another environment's resources as foreign", () => {
    const stack = variant(
      allow(['glue:GetTable'], ['arn:aws:glue:eu-west-1:123456789012:table/lakehouse_dev/*']),
    );
    expect(runPolicySuite(stack).failures.map((f) => f.message)).toEqual([
      'arn:aws:glue:eu-west-1:123456789012:table/lakehouse_dev/* is not a resource of this stack',
    ]);
  });

  it('refuses a reference to a resource the stack does not have', () => {
    const stack = variant(allow(['sqs:SendMessage'], ['${aws_sqs_queue.elsewhere.arn}']));
    expect(checksOf(stack)).toEqual(['LAKEHOUSE_IAM_1']);
  });

  it('accepts a wildcard resource only for actions without resource-level permissions', () => {
    expect(checksOf(variant(allow(['xray:PutTraceSegments', 'ec2:DescribeSubnets'])))).toEqual([]);
    expect(checksOf(variant(allow(['xray:PutTraceSegments', 'ec2:CreateNetworkInterface'])))).toEqual([
      'CKV_AWS_290',
      'CKV_AWS_355',
    ]);
  });
});
