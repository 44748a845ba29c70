/**
 * The actions an identity policy may grant on `"Resource": "*"`, each with the reason: AWS offers
 * no resource-level permission for them (the Service Authorization Reference lists no resource
 * type), so a narrower statement is impossible. Anything else on `*` fails CKV_AWS_355.
 */
export const UNSCOPED_ACTIONS: Readonly<Record<string, string>> = {
  'xray:PutTraceSegments': 'X-Ray trace upload has no resource-level permissions',
  'xray:PutTelemetryRecords': 'X-Ray telemetry upload has no resource-level permissions',
  'xray:GetSamplingRules':
    'X-Ray sampling rules are read for the account, with no resource-level permissions',
  'xray:GetSamplingTargets':
    'X-Ray sampling targets are read for the account, with no resource-level permissions',
  'ec2:DescribeNetworkInterfaces':
    'EC2 Describe actions have no resource-level permissions (Lambda and Glue look up their interfaces)',
  'ec2:DescribeSubnets': 'EC2 Describe actions have no resource-level permissions',
  'ec2:DescribeSecurityGroups': 'EC2 Describe actions have no resource-level permissions',
  'ec2:DescribeVpcEndpoints':
    'EC2 Describe actions have no resource-level permissions (Glue checks the S3 endpoint)',
  'ec2:DescribeRouteTables':
    'EC2 Describe actions have no resource-level permissions (Glue checks the routes)',
  'ec2:DescribeVpcAttribute':
    'EC2 Describe actions have no resource-level permissions (Glue checks DNS support)',
  'cloudwatch:PutMetricData':
    'metric data has no resource-level permissions (statements limit it with cloudwatch:namespace)',
  'logs:CreateLogDelivery':
    'CloudWatch Logs vended delivery (Step Functions logging) has no resource-level permissions',
  'logs:GetLogDelivery': 'CloudWatch Logs vended delivery has no resource-level permissions',
  'logs:UpdateLogDelivery': 'CloudWatch Logs vended delivery has no resource-level permissions',
  'logs:DeleteLogDelivery': 'CloudWatch Logs vended delivery has no resource-level permissions',
  'logs:ListLogDeliveries': 'CloudWatch Logs vended delivery has no resource-level permissions',
  'logs:PutResourcePolicy':
    'the account-level log resource policy vended delivery writes has no resource-level permissions',
  'logs:DescribeResourcePolicies': 'listing log resource policies has no resource-level permissions',
  'logs:DescribeLogGroups': 'vended delivery lists the log groups; no resource-level permissions',
};

/**
 * ARNs outside this stack's names that an identity policy may still name, each with the reason.
 * Everything else must reference a resource of the stack or carry its name prefix.
 */
export const ACCOUNT_LEVEL_RESOURCES: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern: /^arn:aws:glue:[a-z0-9-]+:\d{12}:catalog$/,
    reason:
      'Glue authorizes every Data Catalog call on the account catalog as well as on the database and table',
  },
  {
    pattern: /^arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:\/aws-glue\/\*$/,
    reason:
      'Glue creates and names the log groups of jobs and crawlers under a security configuration itself',
  },
];
