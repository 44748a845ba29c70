import type { AttributeChange } from './attribute-diff';
import type { Block } from './stack';

/** The kinds of change a reviewer must look at twice. */
export const SECURITY_CATEGORIES = [
  'IAM statements',
  'key policy',
  'bucket policy',
  'security group',
  'public access',
  'encryption',
  'deletion protection',
  'retention',
] as const;
export type SecurityCategory = (typeof SECURITY_CATEGORIES)[number];

export interface SecurityFlag {
  readonly category: SecurityCategory;
  /** What made the change relevant: the block's type, or the first matching argument. */
  readonly because: string;
}

interface SecurityRule {
  readonly category: SecurityCategory;
  /** Block types (`data.` prefixed for data sources) whose every change is relevant. */
  readonly types?: readonly string[];
  /** Argument names (any path segment up to a JSON document) that make a change relevant in any block. */
  readonly arguments?: RegExp;
}

/** Each category once; the order is the order flags are listed in. */
const RULES: readonly SecurityRule[] = [
  {
    category: 'IAM statements',
    types: [
      'aws_iam_role',
      'aws_iam_policy',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policies_exclusive',
      'aws_iam_user',
      'aws_iam_user_policy',
      'aws_iam_group_policy',
      'aws_iam_access_key',
      'aws_iam_openid_connect_provider',
      'data.aws_iam_policy_document',
    ],
    arguments: /^(assume_role_policy|inline_policy|managed_policy_arns|policy|policy_arn|role|statement)$/i,
  },
  { category: 'key policy', types: ['aws_kms_key_policy', 'aws_kms_grant'] },
  { category: 'bucket policy', types: ['aws_s3_bucket_policy'] },
  {
    category: 'security group',
    types: [
      'aws_security_group',
      'aws_security_group_rule',
      'aws_default_security_group',
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
    ],
    arguments: /^(vpc_)?security_group(s|_ids|_id_list)$/,
  },
  {
    category: 'public access',
    types: [
      'aws_s3_bucket_public_access_block',
      'aws_s3_account_public_access_block',
      'aws_s3_bucket_acl',
      'aws_s3_bucket_ownership_controls',
      'aws_lambda_permission',
      'aws_lambda_function_url',
      'aws_sns_topic_policy',
      'aws_sqs_queue_policy',
    ],
    arguments:
      /^(acl|publicly_accessible|map_public_ip_on_launch|associate_public_ip_address|block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets)$/,
  },
  {
    category: 'encryption',
    types: [
      'aws_kms_key',
      'aws_kms_alias',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_glue_security_configuration',
      'aws_glue_data_catalog_encryption_settings',
      'aws_ebs_encryption_by_default',
    ],
    arguments: /(^|_)(kms|sse|tls|ssl|encrypt\w*)(_|$)/,
  },
  {
    category: 'deletion protection',
    arguments:
      /^(deletion_protection|deletion_protection_enabled|force_destroy|prevent_destroy|deletion_window_in_days|skip_final_snapshot|recovery_window_in_days)$/,
  },
  {
    category: 'retention',
    types: [
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_object_lock_configuration',
    ],
    arguments:
      /^(retention_in_days|message_retention_seconds|point_in_time_recovery|expiration|noncurrent_version_expiration|versioning_configuration|backup_retention_period|ttl)$/,
  },
];

/** A key policy is the `policy` argument of a KMS key; the rule tables match names, not pairs. */
const isKeyPolicy = (block: Block, path: string) => block.type === 'aws_kms_key' && /^policy\b/.test(path);

const namesOf = (path: string): string[] => path.match(/[A-Za-z_][A-Za-z0-9_-]*/g) ?? [];

const typeKey = (block: Block): string => (block.kind === 'data' ? `data.${block.type}` : block.type);

/**
 * The security categories a block's change touches, in the category order. For an added or
 * removed block the attributes are all of its arguments.
 */
export function securityFlags(block: Block, attributes: readonly AttributeChange[]): SecurityFlag[] {
  const flags: SecurityFlag[] = [];
  const flagged = new Set<SecurityCategory>();
  const add = (category: SecurityCategory, because: string) => {
    if (flagged.has(category)) return;
    flagged.add(category);
    flags.push({ category, because });
  };
  const keyPolicy = attributes.find((a) => isKeyPolicy(block, a.path));
  if (keyPolicy) add('key policy', keyPolicy.path);
  for (const rule of RULES) {
    if (rule.types?.includes(typeKey(block))) add(rule.category, typeKey(block));
    const pattern = rule.arguments;
    // Inside a JSON document (a policy, an uploaded object's content) only the argument holding it counts.
    const matching =
      pattern && attributes.find((a) => namesOf(a.document ?? a.path).some((name) => pattern.test(name)));
    if (matching) add(rule.category, matching.path);
  }
  return flags.sort(
    (a, b) => SECURITY_CATEGORIES.indexOf(a.category) - SECURITY_CATEGORIES.indexOf(b.category),
  );
}
