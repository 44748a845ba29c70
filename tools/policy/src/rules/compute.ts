import { perResource, type Rule } from '../rule';
import { block, isObject, resourcesReferencing } from '../stack';

/** Runtimes Lambda still supports for new functions and updates (no deprecated ones). */
export const SUPPORTED_RUNTIMES = [
  'nodejs20.x',
  'nodejs22.x',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'java17',
  'java21',
  'dotnet8',
  'ruby3.3',
  'ruby3.4',
  'provided.al2023',
] as const;

/** Names that say a variable holds a secret, and values shaped like AWS credentials. */
const SECRET_NAME = /(secret|passw(or)?d|token|api[_-]?key|private[_-]?key|credential)/i;
const SECRET_VALUE = /(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const isReference = (value: string) => /^\$\{.+\}$/.test(value);

const LAMBDA = ['aws_lambda_function'];
const variablesOf = (fn: { body: Readonly<Record<string, unknown>> }) => {
  const variables = block(fn.body.environment)?.variables;
  return isObject(variables) ? Object.entries(variables).map(([k, v]) => [k, String(v)] as const) : [];
};

export const lambdaRules: Rule[] = [
  perResource('CKV_AWS_45', 'Lambda environments hold no secrets', LAMBDA, (fn) => {
    const secrets = variablesOf(fn).filter(
      ([name, value]) => (SECRET_NAME.test(name) && !isReference(value)) || SECRET_VALUE.test(value),
    );
    return secrets.length > 0
      ? `secret-like variables: ${secrets.map(([name]) => name).join(', ')}`
      : undefined;
  }),
  perResource('CKV_AWS_50', 'Lambda functions are traced with X-Ray', LAMBDA, (fn) =>
    block(fn.body.tracing_config)?.mode === 'Active' ? undefined : 'X-Ray tracing is not active',
  ),
  perResource('CKV_AWS_115', 'Lambda functions have a concurrency limit', LAMBDA, (fn) =>
    Number.isInteger(fn.body.reserved_concurrent_executions) &&
    Number(fn.body.reserved_concurrent_executions) >= 0
      ? undefined
      : 'no reserved concurrency',
  ),
  perResource('CKV_AWS_116', 'Lambda functions have a dead-letter queue', LAMBDA, (fn) =>
    block(fn.body.dead_letter_config)?.target_arn ? undefined : 'no dead-letter queue',
  ),
  perResource('CKV_AWS_117', 'Lambda functions run in a VPC', LAMBDA, (fn) => {
    const vpc = block(fn.body.vpc_config);
    const subnets = Array.isArray(vpc?.subnet_ids) ? vpc.subnet_ids.length : 0;
    const groups = Array.isArray(vpc?.security_group_ids) ? vpc.security_group_ids.length : 0;
    return subnets > 0 && groups > 0 ? undefined : 'the function is not in a VPC';
  }),
  perResource('CKV_AWS_173', 'Lambda environments are encrypted with a KMS key', LAMBDA, (fn) =>
    variablesOf(fn).length === 0 || fn.body.kms_key_arn
      ? undefined
      : 'environment variables without a KMS key',
  ),
  perResource('CKV_AWS_363', 'Lambda runtimes are not deprecated', LAMBDA, (fn) =>
    (SUPPORTED_RUNTIMES as readonly string[]).includes(String(fn.body.runtime))
      ? undefined
      : `runtime ${fn.body.runtime} is deprecated or unknown`,
  ),
];

const OPEN = ['0.0.0.0/0', '::/0'];
const describes = (rule: unknown) =>
  isObject(rule) && typeof rule.description === 'string' && rule.description.trim().length > 0;

export const vpcRules: Rule[] = [
  perResource('CKV2_AWS_11', 'VPCs have flow logs', ['aws_vpc'], (vpc, stack) =>
    resourcesReferencing(stack, 'aws_flow_log', 'vpc_id', vpc).length > 0
      ? undefined
      : 'the VPC has no flow log',
  ),
  perResource('CKV2_AWS_12', "VPCs' default security group allows nothing", ['aws_vpc'], (vpc, stack) => {
    const defaults = resourcesReferencing(stack, 'aws_default_security_group', 'vpc_id', vpc);
    if (defaults.length === 0)
      return 'the default security group is not managed (AWS leaves it open within itself)';
    const open = defaults.filter(
      (d) =>
        (Array.isArray(d.body.ingress) && d.body.ingress.length > 0) ||
        (Array.isArray(d.body.egress) && d.body.egress.length > 0),
    );
    return open.length > 0 ? 'the default security group has rules' : undefined;
  }),
  perResource(
    'CKV_AWS_23',
    'security groups and their rules are described',
    [
      'aws_security_group',
      'aws_security_group_rule',
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
    ],
    (r) => {
      if (r.type !== 'aws_security_group')
        return describes(r.body) ? undefined : 'the rule has no description';
      const inline = [
        ...(Array.isArray(r.body.ingress) ? r.body.ingress : []),
        ...(Array.isArray(r.body.egress) ? r.body.egress : []),
      ];
      return describes(r.body) && inline.every(describes)
        ? undefined
        : 'the group or one of its rules has no description';
    },
  ),
  perResource(
    'CKV_AWS_382',
    'no security group allows all egress to the internet',
    ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_egress_rule'],
    (r) => {
      const egress =
        r.type === 'aws_security_group'
          ? (Array.isArray(r.body.egress) ? r.body.egress : []).filter(isObject)
          : r.type === 'aws_security_group_rule' && r.body.type !== 'egress'
            ? []
            : [r.body];
      const all = egress.filter((e) => {
        const protocol = String(e.ip_protocol ?? e.protocol);
        const cidrs = [
          e.cidr_ipv4,
          e.cidr_ipv6,
          ...(Array.isArray(e.cidr_blocks) ? e.cidr_blocks : []),
          ...(Array.isArray(e.ipv6_cidr_blocks) ? e.ipv6_cidr_blocks : []),
        ];
        return (protocol === '-1' || protocol === 'all') && cidrs.some((c) => OPEN.includes(String(c)));
      });
      return all.length > 0 ? 'egress on every protocol and port to the internet' : undefined;
    },
  ),
];
