import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { IGrantable } from './grants';
import { PolicyDocument, statement, type PolicyStatement } from './policy-document';

export interface ServiceRoleProps {
  /** The role name. */
  readonly roleName: string;
  /** The service principal that assumes the role, e.g. `lambda.amazonaws.com`. */
  readonly service: string;
  readonly description: string;
  /**
   * When set, the trust policy admits the service only on behalf of this account
   * (`aws:SourceAccount`: the confused-deputy guard the service documents).
   * @default no condition (for services that do not pass the key on AssumeRole)
   */
  readonly sourceAccount?: string;
}

/**
 * An IAM role for one AWS service, with one inline policy that collects the grants made to it
 * (`grant…` methods of the other constructs call `addToPrincipalPolicy`). No managed policies:
 * every statement the role holds is visible in the synthesized JSON.
 */
export class ServiceRole extends Construct implements IGrantable {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly grantName: string;
  readonly arn: string;
  private readonly document = new PolicyDocument();

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.grantName = props.roleName;
    const trust = statement(['sts:AssumeRole'], undefined, {
      principal: { Service: props.service },
      conditions: props.sourceAccount
        ? { StringEquals: { 'aws:SourceAccount': props.sourceAccount } }
        : undefined,
    });
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [trust] }),
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;
    this.policy = new IamRolePolicy(this, 'Policy', {
      name: `${props.roleName}-policy`,
      role: this.role.id,
      policy: this.document.lazyJson(),
    });
    this.node.addValidation({
      validate: () =>
        this.document.isEmpty ? [`role ${props.roleName} has no statement: grant it what it needs`] : [],
    });
  }

  addToPrincipalPolicy(s: PolicyStatement): void {
    this.document.add(s);
  }

  /** The statements of the inline policy (merged), for tests and reviews. */
  get statements(): readonly PolicyStatement[] {
    return this.document.rendered;
  }
}
