import { actionMatches, IDENTITY_POLICY_TYPES, statementsOf, type Statement } from '../iam-policy';
import type { Finding, Rule } from '../rule';
import type { Resource, Stack } from '../stack';
import { ACCOUNT_LEVEL_RESOURCES, UNSCOPED_ACTIONS } from '../unscoped-actions';

interface Grant {
  readonly resource: Resource;
  readonly statement: Statement;
}

function allows(stack: Stack): Grant[] {
  return IDENTITY_POLICY_TYPES.flatMap((type) => stack.ofType(type)).flatMap((resource) =>
    statementsOf(resource.body.policy)
      .filter((statement) => statement.Effect === 'Allow')
      .map((statement) => ({ resource, statement })),
  );
}

const onEverything = (s: Statement) => s.Resource.includes('*');
const grantsAny = (s: Statement, actions: readonly string[]) =>
  actions.filter((a) => s.Action.some((p) => actionMatches(p, a)));

/** A rule over every Allow statement of the identity policies. */
function perStatement(
  id: string,
  title: string,
  problem: (s: Statement, stack: Stack) => string | undefined,
): Rule {
  return {
    id,
    title,
    check: (stack) =>
      allows(stack).flatMap(({ resource, statement }): Finding[] => {
        const message = problem(statement, stack);
        return message
          ? [
              {
                check: id,
                address: resource.address,
                message: `${statement.Sid ? `${statement.Sid}: ` : ''}${message}`,
              },
            ]
          : [];
      }),
  };
}

/** Actions that let a principal raise its own privileges (cloudsplaining's list, in essence). */
const ESCALATION = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:PassRole',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'lambda:UpdateFunctionCode',
  'lambda:CreateFunction',
  'glue:UpdateDevEndpoint',
  'glue:CreateDevEndpoint',
  'cloudformation:CreateStack',
  'ec2:RunInstances',
];
const CREDENTIALS = [
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UploadSSHPublicKey',
  'sts:AssumeRole',
  'sts:GetFederationToken',
  'sts:GetSessionToken',
  'ecr:GetAuthorizationToken',
  'redshift:GetClusterCredentials',
  'sso:GetRoleCredentials',
];
const EXFILTRATION = [
  's3:GetObject',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'secretsmanager:GetSecretValue',
  'kms:Decrypt',
  'dynamodb:Scan',
];
const PERMISSIONS_MANAGEMENT = [
  'iam:CreateRole',
  'iam:CreatePolicy',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  'sqs:AddPermission',
  'sns:AddPermission',
  'lambda:AddPermission',
  'ecr:SetRepositoryPolicy',
  'glue:PutResourcePolicy',
];
const READ_ONLY = /^[a-z0-9-]+:(Get|List|Describe|Head|BatchGet|Query|Scan|Search|Lookup|Select)/i;

function ownResourceProblem(resource: string, s: Statement, stack: Stack): string | undefined {
  if (resource === '*') return undefined; // CKV_AWS_355 decides
  const reference = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(resource);
  if (reference)
    return stack.byAddress.has(reference[1])
      ? undefined
      : `${resource} references a resource outside the stack`;
  const names = [
    `${stack.project}-${stack.environment}`,
    `${stack.project}_${stack.environment}`,
    `/${stack.project}/${stack.environment}/`,
  ];
  if (names.some((n) => resource.includes(n))) return undefined;
  if (ACCOUNT_LEVEL_RESOURCES.some((r) => r.pattern.test(resource))) return undefined;
  // A wildcard ARN narrowed by a condition on one of the stack's resources (interfaces of its VPC).
  const conditionRefs =
    JSON.stringify(s.Condition ?? {}).match(/\$\{[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}/g) ?? [];
  if (conditionRefs.some((ref) => stack.byAddress.has(ref.slice(2, -1).split('.').slice(0, 2).join('.'))))
    return undefined;
  return `${resource} is not a resource of this stack`;
}

export const iamRules: Rule[] = [
  perStatement('CKV_AWS_62', 'no policy grants "*" on "*" (full administrator)', (s) =>
    s.Action.some((a) => a === '*' || a === '*:*') && onEverything(s)
      ? 'grants every action on every resource'
      : undefined,
  ),
  perStatement('CKV_AWS_63', 'no policy grants every action', (s) =>
    s.Action.some((a) => a === '*' || a === '*:*') ? 'grants Action "*"' : undefined,
  ),
  perStatement('CKV_AWS_355', 'Resource "*" only for actions without resource-level permissions', (s) => {
    if (!onEverything(s)) return undefined;
    const scopable = s.Action.filter((a) => !(a in UNSCOPED_ACTIONS));
    return scopable.length > 0
      ? `Resource "*" for actions that can be scoped: ${scopable.join(', ')}`
      : undefined;
  }),
  perStatement('CKV_AWS_286', 'no privilege escalation', (s) => {
    const found = onEverything(s) ? grantsAny(s, ESCALATION) : [];
    return found.length > 0 ? `privilege escalation on "*": ${found.join(', ')}` : undefined;
  }),
  perStatement('CKV_AWS_287', 'no credentials exposure', (s) => {
    const found = onEverything(s) ? grantsAny(s, CREDENTIALS) : [];
    return found.length > 0 ? `credentials exposure on "*": ${found.join(', ')}` : undefined;
  }),
  perStatement('CKV_AWS_288', 'no data exfiltration', (s) => {
    const found = onEverything(s) ? grantsAny(s, EXFILTRATION) : [];
    return found.length > 0 ? `data read on "*": ${found.join(', ')}` : undefined;
  }),
  perStatement('CKV_AWS_289', 'no unconstrained permissions management', (s) => {
    const found = onEverything(s) ? grantsAny(s, PERMISSIONS_MANAGEMENT) : [];
    return found.length > 0 ? `permissions management on "*": ${found.join(', ')}` : undefined;
  }),
  perStatement('CKV_AWS_290', 'no unconstrained write access', (s) => {
    if (!onEverything(s)) return undefined;
    const writes = s.Action.filter((a) => !READ_ONLY.test(a) && !(a in UNSCOPED_ACTIONS));
    return writes.length > 0 ? `write actions on "*": ${writes.join(', ')}` : undefined;
  }),
  perStatement('LAKEHOUSE_IAM_1', 'identity policies name only resources of this stack', (s, stack) => {
    const problems = s.Resource.map((r) => ownResourceProblem(r, s, stack)).filter(
      (p): p is string => p !== undefined,
    );
    return problems.length > 0 ? problems.join('; ') : undefined;
  }),
];
