import { isObject } from './stack';

/** An IAM statement, normalised: lists for Action and Resource, Principal kept as written. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/**
 * The statements of a policy attribute (a JSON string, as the stacks write them). A policy the
 * suite cannot read (an HCL expression) is an error, not a pass.
 */
export function statementsOf(policy: unknown): Statement[] {
  if (policy === undefined) return [];
  if (typeof policy !== 'string') throw new Error('policy is not a JSON string');
  const document = JSON.parse(policy) as { Statement?: unknown };
  const raw = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return raw.filter(isObject).map((s) => ({
    Sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    Effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    Action: list(s.Action),
    NotAction: s.NotAction === undefined ? undefined : list(s.NotAction),
    Resource: list(s.Resource),
    Principal: s.Principal,
    Condition: isObject(s.Condition) ? (s.Condition as Record<string, Record<string, unknown>>) : undefined,
  }));
}

/** Principal `*` or `{ "AWS": "*" }` (anyone). */
export function isAnyonePrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  return isObject(principal) && list(principal.AWS).includes('*');
}

/** Does an IAM action pattern (with `*` / `?`) cover `action`? Case-insensitive, as IAM matches. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

/** The resource types whose policy documents grant identities (not resource policies). */
export const IDENTITY_POLICY_TYPES = [
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
] as const;
