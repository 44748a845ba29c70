import { stackFromJson, type Stack } from '../src/stack';

type Json = Record<string, unknown>;

const ref = (address: string, attribute = 'id') => `\${${address}.${attribute}}`;
const policy = (...statements: Json[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * One compliant resource of every type the suite checks, in the shape cdktf synthesizes. Each
 * rule's test breaks one thing in a copy and expects exactly that rule to fail.
 */
export function baseline(): Json {
  const bucket = 'aws_s3_bucket.data';
  return {
    provider: {
      aws: [{ region: 'eu-west-1', default_tags: [{ tags: { project: 'lakehouse', environment: 'prod' } }] }],
    },
    resource: {
      aws_s3_bucket: { data: { bucket: 'lakehouse-prod-123456789012-raw' } },
      aws_s3_bucket_logging: { data: { bucket: ref(bucket), target_bucket: 'logs', target_prefix: 'raw/' } },
      aws_s3_bucket_server_side_encryption_configuration: {
        data: {
          bucket: ref(bucket),
          rule: [
            {
              apply_server_side_encryption_by_default: {
                sse_algorithm: 'aws:kms',
                kms_master_key_id: ref('aws_kms_key.data', 'arn'),
              },
            },
          ],
        },
      },
      aws_s3_bucket_versioning: {
        data: { bucket: ref(bucket), versioning_configuration: { status: 'Enabled' } },
      },
      aws_s3_bucket_public_access_block: {
        data: {
          bucket: ref(bucket),
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      },
      aws_s3_bucket_ownership_controls: {
        data: { bucket: ref(bucket), rule: { object_ownership: 'BucketOwnerEnforced' } },
      },
      aws_s3_bucket_lifecycle_configuration: {
        data: {
          bucket: ref(bucket),
          rule: [
            { id: 'r', status: 'Enabled', abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] },
          ],
        },
      },
      aws_s3_bucket_policy: {
        data: {
          bucket: ref(bucket),
          policy: policy({
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': false } },
          }),
        },
      },
      aws_kms_key: {
        data: {
          enable_key_rotation: true,
          policy: policy({
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: ['kms:Describe*'],
            Resource: '*',
          }),
        },
      },
      aws_dynamodb_table: {
        files: {
          name: 'lakehouse-prod-files',
          point_in_time_recovery: { enabled: true },
          server_side_encryption: { enabled: true, kms_key_arn: ref('aws_kms_key.data', 'arn') },
        },
      },
      aws_lambda_function: {
        trigger: {
          function_name: 'lakehouse-prod-trigger',
          runtime: 'nodejs22.x',
          tracing_config: { mode: 'Active' },
          reserved_concurrent_executions: 5,
          dead_letter_config: { target_arn: ref('aws_sqs_queue.dlq', 'arn') },
          vpc_config: {
            subnet_ids: [ref('aws_subnet.a')],
            security_group_ids: [ref('aws_security_group.fn')],
          },
          kms_key_arn: ref('aws_kms_key.data', 'arn'),
          environment: { variables: { LAKEHOUSE_BUCKET_RAW: 'lakehouse-prod-123456789012-raw' } },
        },
      },
      aws_sqs_queue: {
        dlq: { name: 'lakehouse-prod-dlq', kms_master_key_id: ref('aws_kms_key.data', 'arn') },
      },
      aws_sns_topic: {
        alarms: { name: 'lakehouse-prod-alarms', kms_master_key_id: ref('aws_kms_key.data', 'arn') },
      },
      aws_glue_data_catalog_encryption_settings: {
        catalog: {
          data_catalog_encryption_settings: {
            encryption_at_rest: { catalog_encryption_mode: 'SSE-KMS', sse_aws_kms_key_id: 'k' },
            connection_password_encryption: {
              return_connection_password_encrypted: true,
              aws_kms_key_id: 'k',
            },
          },
        },
      },
      aws_glue_security_configuration: {
        glue: {
          name: 'lakehouse-prod-glue',
          encryption_configuration: {
            s3_encryption: { s3_encryption_mode: 'SSE-KMS' },
            cloudwatch_encryption: { cloudwatch_encryption_mode: 'SSE-KMS' },
            job_bookmarks_encryption: { job_bookmarks_encryption_mode: 'CSE-KMS' },
          },
        },
      },
      aws_glue_job: {
        orders: { name: 'lakehouse-prod-orders', security_configuration: 'lakehouse-prod-glue' },
      },
      aws_glue_crawler: {
        tables: { name: 'lakehouse-prod-tables', security_configuration: 'lakehouse-prod-glue' },
      },
      aws_sfn_state_machine: {
        pipeline: {
          name: 'lakehouse-prod-pipeline',
          tracing_configuration: { enabled: true },
          logging_configuration: {
            level: 'ALL',
            include_execution_data: true,
            log_destination: `${ref('aws_cloudwatch_log_group.states', 'arn')}:*`,
          },
        },
      },
      aws_cloudwatch_log_group: {
        states: {
          name: '/aws/vendedlogs/states/lakehouse-prod-pipeline',
          retention_in_days: 400,
          kms_key_id: ref('aws_kms_key.data', 'arn'),
        },
      },
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      aws_flow_log: { main: { vpc_id: ref('aws_vpc.main'), traffic_type: 'ALL' } },
      aws_default_security_group: { main: { vpc_id: ref('aws_vpc.main') } },
      aws_subnet: { a: { vpc_id: ref('aws_vpc.main') } },
      aws_security_group: {
        fn: { name: 'lakehouse-prod-functions', description: 'functions', vpc_id: ref('aws_vpc.main') },
      },
      aws_vpc_security_group_egress_rule: {
        https: {
          security_group_id: ref('aws_security_group.fn'),
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_ipv4: '10.0.0.0/16',
          description: 'endpoints',
        },
      },
      aws_iam_role_policy: {
        trigger: {
          name: 'lakehouse-prod-trigger-policy',
          policy: policy(
            { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${ref(bucket, 'arn')}/raw/*`] },
            {
              Effect: 'Allow',
              Action: ['glue:GetTable'],
              Resource: [
                'arn:aws:glue:eu-west-1:123456789012:catalog',
                'arn:aws:glue:eu-west-1:123456789012:table/lakehouse_prod/*',
              ],
            },
            {
              Effect: 'Allow',
              Action: ['ec2:DeleteNetworkInterface'],
              Resource: ['arn:aws:ec2:eu-west-1:123456789012:network-interface/*'],
              Condition: { ArnEquals: { 'ec2:Vpc': ref('aws_vpc.main', 'arn') } },
            },
            { Sid: 'XRay', Effect: 'Allow', Action: ['xray:PutTraceSegments'], Resource: ['*'] },
          ),
        },
      },
      aws_athena_workgroup: {
        verify: {
          name: 'lakehouse-prod',
          configuration: {
            enforce_workgroup_configuration: true,
            result_configuration: { encryption_configuration: { encryption_option: 'SSE_KMS' } },
          },
        },
      },
    },
  };
}

/** The baseline with one change (a function of a deep copy), as a stack. */
export function variant(
  change: (json: Json & { resource: Record<string, Record<string, Json>> }) => void,
  name = 'prod',
): Stack {
  const json = structuredClone(baseline()) as Json & { resource: Record<string, Record<string, Json>> };
  change(json);
  return stackFromJson(json, name);
}

export { policy, ref };
