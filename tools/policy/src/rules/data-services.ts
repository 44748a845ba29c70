import { isAnyonePrincipal, statementsOf } from '../iam-policy';
import { perResource, type Rule } from '../rule';
import { block } from '../stack';

const truthy = (value: unknown) => value === true;

export const kmsRules: Rule[] = [
  perResource('CKV_AWS_7', 'KMS keys rotate', ['aws_kms_key'], (key) =>
    truthy(key.body.enable_key_rotation) ? undefined : 'key rotation is not enabled',
  ),
  perResource(
    'CKV_AWS_33',
    'KMS key policies name no "*" principal',
    ['aws_kms_key', 'aws_kms_key_policy'],
    (key) => {
      const open = statementsOf(key.body.policy).filter(
        (s) => s.Effect === 'Allow' && isAnyonePrincipal(s.Principal),
      );
      return open.length > 0 ? 'the key policy allows any principal' : undefined;
    },
  ),
];

export const dynamodbRules: Rule[] = [
  perResource('CKV_AWS_28', 'DynamoDB tables have point-in-time recovery', ['aws_dynamodb_table'], (t) =>
    truthy(block(t.body.point_in_time_recovery)?.enabled)
      ? undefined
      : 'point-in-time recovery is not enabled',
  ),
  perResource('CKV_AWS_119', 'DynamoDB tables use a customer-managed key', ['aws_dynamodb_table'], (t) => {
    const sse = block(t.body.server_side_encryption);
    return truthy(sse?.enabled) && sse?.kms_key_arn
      ? undefined
      : 'the table is not encrypted with a customer-managed key';
  }),
];

const isAwsManagedAlias = (key: unknown) => typeof key === 'string' && key.startsWith('alias/aws/');

export const messagingRules: Rule[] = [
  perResource('CKV_AWS_27', 'SQS queues are encrypted', ['aws_sqs_queue'], (q) =>
    q.body.kms_master_key_id || truthy(q.body.sqs_managed_sse_enabled)
      ? undefined
      : 'the queue is not encrypted',
  ),
  perResource('CKV2_AWS_73', 'SQS queues use a customer-managed key', ['aws_sqs_queue'], (q) =>
    q.body.kms_master_key_id && !isAwsManagedAlias(q.body.kms_master_key_id)
      ? undefined
      : 'the queue is not encrypted with a customer-managed key',
  ),
  perResource('CKV_AWS_26', 'SNS topics are encrypted', ['aws_sns_topic'], (t) =>
    t.body.kms_master_key_id ? undefined : 'the topic is not encrypted',
  ),
];

export const athenaRules: Rule[] = [
  perResource('CKV_AWS_82', 'Athena workgroups enforce their configuration', ['aws_athena_workgroup'], (w) =>
    truthy(block(w.body.configuration)?.enforce_workgroup_configuration)
      ? undefined
      : 'the workgroup configuration is not enforced',
  ),
  perResource('CKV_AWS_159', 'Athena workgroups encrypt query results', ['aws_athena_workgroup'], (w) => {
    const results = block(block(w.body.configuration)?.result_configuration);
    return block(results?.encryption_configuration)?.encryption_option
      ? undefined
      : 'query results are not encrypted';
  }),
];

export const glueRules: Rule[] = [
  perResource(
    'CKV_AWS_94',
    'the Glue Data Catalog is encrypted',
    ['aws_glue_data_catalog_encryption_settings'],
    (s) => {
      const settings = block(s.body.data_catalog_encryption_settings);
      const atRest = block(settings?.encryption_at_rest)?.catalog_encryption_mode === 'SSE-KMS';
      const passwords = truthy(
        block(settings?.connection_password_encryption)?.return_connection_password_encrypted,
      );
      return atRest && passwords ? undefined : 'the catalog or its connection passwords are not encrypted';
    },
  ),
  perResource(
    'CKV_AWS_99',
    'Glue security configurations encrypt S3, logs and bookmarks',
    ['aws_glue_security_configuration'],
    (c) => {
      const e = block(c.body.encryption_configuration);
      const off = [
        ['s3_encryption', 's3_encryption_mode'],
        ['cloudwatch_encryption', 'cloudwatch_encryption_mode'],
        ['job_bookmarks_encryption', 'job_bookmarks_encryption_mode'],
      ].filter(([part, mode]) =>
        [undefined, 'DISABLED'].includes(block(e?.[part])?.[mode] as string | undefined),
      );
      return off.length > 0 ? `not encrypted: ${off.map(([part]) => part).join(', ')}` : undefined;
    },
  ),
  perResource(
    'CKV_AWS_195',
    'Glue jobs and crawlers use a security configuration',
    ['aws_glue_job', 'aws_glue_crawler'],
    (r) => (r.body.security_configuration ? undefined : 'no security configuration'),
  ),
];

export const stepFunctionsRules: Rule[] = [
  perResource('CKV_AWS_284', 'state machines are traced with X-Ray', ['aws_sfn_state_machine'], (m) =>
    truthy(block(m.body.tracing_configuration)?.enabled) ? undefined : 'X-Ray tracing is not enabled',
  ),
  perResource('CKV_AWS_285', 'state machines log their executions', ['aws_sfn_state_machine'], (m) => {
    const logging = block(m.body.logging_configuration);
    return logging?.log_destination && ['ALL', 'ERROR', 'FATAL'].includes(String(logging.level))
      ? undefined
      : 'execution logging is not enabled';
  }),
];

/** Retention of at least a year, where audits need it. */
export const PRODUCTION = ['prod'];

export const logsRules: Rule[] = [
  perResource('CKV_AWS_66', 'log groups have a retention', ['aws_cloudwatch_log_group'], (g) =>
    Number(g.body.retention_in_days) > 0 ? undefined : 'the log group keeps events forever (no retention)',
  ),
  perResource('CKV_AWS_158', 'log groups are encrypted with KMS', ['aws_cloudwatch_log_group'], (g) =>
    g.body.kms_key_id ? undefined : 'the log group is not encrypted with a KMS key',
  ),
  perResource(
    'CKV_AWS_338',
    'log groups keep a year of events',
    ['aws_cloudwatch_log_group'],
    (g) =>
      Number(g.body.retention_in_days) >= 365
        ? undefined
        : `retention is ${g.body.retention_in_days ?? 'unset'} days, less than 365`,
    PRODUCTION,
  ),
];
