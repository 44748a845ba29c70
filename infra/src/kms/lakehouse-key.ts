import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { IEncryptionKey, IGrantable } from '../core/grants';
import { statement, type PolicyStatement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseKeyProps } from './lakehouse-key-props';

/** Administration without use: the account can manage the key, never read data with it directly. */
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
];
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/**
 * A customer-managed KMS key with rotation and an alias. Its policy lets the account administer
 * the key, lets principals of the account use it only through the listed services, and lets the
 * listed service principals use it under their conditions. Nothing else.
 */
export class LakehouseKey extends Construct implements IEncryptionKey {
  readonly key: KmsKey;
  readonly alias: string;
  /** The key ARN (one token, so that grants made with it merge). */
  readonly arn: string;
  readonly policyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: LakehouseKeyProps) {
    super(scope, id);
    new PropsValidator('LakehouseKey', scope, id)
      .integer(props.deletionWindowDays, 'deletionWindowDays', 7, 30)
      .integer(props.rotationPeriodDays, 'rotationPeriodDays', 90, 2560)
      .check(
        /^[a-zA-Z0-9/_-]+$/.test(props.alias) && !props.alias.startsWith('aws/'),
        `alias "${props.alias}" is not a valid customer alias`,
      )
      .check(
        (props.viaServices ?? []).length > 0 || (props.servicePrincipals ?? []).length > 0,
        'the key must be usable by at least one service (viaServices or servicePrincipals)',
      )
      .throwIfInvalid();

    const root = `arn:aws:iam::${props.accountId}:root`;
    const via = (props.viaServices ?? []).map((s) => `${s}.${props.region}.amazonaws.com`);
    const statements: PolicyStatement[] = [
      statement(ADMIN_ACTIONS, ['*'], { sid: 'AccountAdministersTheKey', principal: { AWS: root } }),
    ];
    if (via.length > 0) {
      statements.push(
        statement(USE_ACTIONS, ['*'], {
          sid: 'UseThroughListedServices',
          principal: { AWS: root },
          conditions: {
            StringEquals: { 'kms:ViaService': via, 'kms:CallerAccount': props.accountId },
          },
        }),
        statement(GRANT_ACTIONS, ['*'], {
          sid: 'GrantsForAwsResourcesOfListedServices',
          principal: { AWS: root },
          conditions: {
            StringEquals: { 'kms:ViaService': via, 'kms:CallerAccount': props.accountId },
            Bool: { 'kms:GrantIsForAWSResource': true },
          },
        }),
      );
    }
    for (const sp of props.servicePrincipals ?? []) {
      statements.push(
        statement(sp.actions, ['*'], {
          sid: sp.sid,
          principal: { Service: sp.service },
          conditions: sp.conditions,
        }),
      );
    }
    this.policyStatements = statements;

    this.key = new KmsKey(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodDays ?? 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
    this.arn = this.key.arn;
    this.alias = `alias/${props.alias}`;
    new KmsAlias(this, 'Alias', { name: this.alias, targetKeyId: this.key.keyId });
  }

  grantDecrypt(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['kms:Decrypt'], [this.arn]));
  }

  grantEncrypt(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['kms:Encrypt', 'kms:GenerateDataKey*'], [this.arn]));
  }

  grantEncryptDecrypt(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], [this.arn]),
    );
  }
}
