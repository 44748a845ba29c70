import { Lazy } from 'cdktf';

/** IAM condition block: operator → condition key → value(s). */
export type Conditions = Readonly<
  Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>
>;

/** A principal block of a resource policy. */
export type Principal =
  '*' | { readonly AWS: string | readonly string[] } | { readonly Service: string | readonly string[] };

/** One IAM policy statement, in the shape IAM reads (the JSON keys are IAM's own). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: readonly string[];
  readonly Condition?: Conditions;
}

export interface StatementOptions {
  readonly sid?: string;
  readonly effect?: 'Allow' | 'Deny';
  readonly principal?: Principal;
  readonly conditions?: Conditions;
}

/** An Allow (unless `effect` says otherwise) of `actions` on `resources` (none: a trust policy). */
export function statement(
  actions: readonly string[],
  resources: readonly string[] | undefined,
  options: StatementOptions = {},
): PolicyStatement {
  return {
    ...(options.sid ? { Sid: options.sid } : {}),
    Effect: options.effect ?? 'Allow',
    ...(options.principal ? { Principal: options.principal } : {}),
    Action: [...new Set(actions)],
    ...(resources ? { Resource: [...new Set(resources)] } : {}),
    ...(options.conditions ? { Condition: options.conditions } : {}),
  };
}

const sameExceptResources = (a: PolicyStatement, b: PolicyStatement) =>
  a.Sid === b.Sid &&
  a.Effect === b.Effect &&
  JSON.stringify(a.Principal) === JSON.stringify(b.Principal) &&
  JSON.stringify([...a.Action].sort()) === JSON.stringify([...b.Action].sort()) &&
  JSON.stringify(a.Condition) === JSON.stringify(b.Condition);

/**
 * Merges statements that differ only in their resources, so that grants made one by one stay
 * within IAM's policy size limits (10,240 characters of inline policy per role).
 */
export function mergeStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const merged: PolicyStatement[] = [];
  for (const s of statements) {
    const i = merged.findIndex((m) => sameExceptResources(m, s));
    if (i < 0) merged.push(s);
    else
      merged[i] = {
        ...merged[i],
        Resource: [...new Set([...(merged[i].Resource ?? []), ...(s.Resource ?? [])])],
      };
  }
  return merged;
}

/**
 * A policy document that collects statements until synthesis (grants arrive from many
 * constructs), rendered as IAM JSON. Tokens inside ARNs resolve to Terraform references.
 */
export class PolicyDocument {
  private readonly statements: PolicyStatement[] = [];

  constructor(initial: readonly PolicyStatement[] = []) {
    this.statements.push(...initial);
  }

  add(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }

  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  /** The statements as they will be rendered (merged). */
  get rendered(): readonly PolicyStatement[] {
    return mergeStatements(this.statements);
  }

  toJson(): string {
    return JSON.stringify({ Version: '2012-10-17', Statement: this.rendered });
  }

  /** The JSON, produced at synthesis so that later grants are included. */
  lazyJson(): string {
    return Lazy.stringValue({ produce: () => this.toJson() });
  }
}
