import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';

export interface StateTableProps {
  /** The table as a DynamoDB CreateTable request: the single definition the state library uses. */
  readonly definition: CreateTableCommandInput & { TableName: string };
  readonly ttlAttribute: string;
  readonly key: LakehouseKey;
  readonly deletionProtection: boolean;
  readonly pointInTimeRecoveryDays: number;
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * One DynamoDB table rendered from its CreateTable definition (keys, attributes, GSIs, billing),
 * plus what only AWS has: the customer key, point-in-time recovery, TTL, deletion protection.
 */
export class StateTable extends Construct {
  readonly table: DynamodbTable;
  readonly tableName: string;
  readonly arn: string;
  private readonly key: LakehouseKey;

  constructor(scope: Construct, id: string, props: StateTableProps) {
    super(scope, id);
    const d = props.definition;
    const keyOf = (schema: CreateTableCommandInput['KeySchema'], type: 'HASH' | 'RANGE') =>
      schema?.find((k) => k.KeyType === type)?.AttributeName;
    new PropsValidator('StateTable', scope, id)
      .check(
        d.BillingMode === 'PAY_PER_REQUEST',
        `table ${d.TableName} must be on-demand (PAY_PER_REQUEST), got ${d.BillingMode}`,
      )
      .throwIfInvalid();
    this.key = props.key;
    this.tableName = d.TableName;
    this.table = new DynamodbTable(this, 'Table', {
      name: d.TableName,
      billingMode: d.BillingMode,
      hashKey: keyOf(d.KeySchema, 'HASH'),
      rangeKey: keyOf(d.KeySchema, 'RANGE'),
      attribute: (d.AttributeDefinitions ?? []).map((a) => ({
        name: a.AttributeName!,
        type: a.AttributeType!,
      })),
      globalSecondaryIndex: (d.GlobalSecondaryIndexes ?? []).map((gsi) => ({
        name: gsi.IndexName!,
        hashKey: keyOf(gsi.KeySchema, 'HASH')!,
        rangeKey: keyOf(gsi.KeySchema, 'RANGE'),
        projectionType: gsi.Projection?.ProjectionType ?? 'ALL',
        nonKeyAttributes: gsi.Projection?.NonKeyAttributes,
      })),
      ttl: { attributeName: props.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: props.pointInTimeRecoveryDays },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.key.arn },
      deletionProtectionEnabled: props.deletionProtection,
    });
    this.arn = this.table.arn;
  }

  /** The table and its indexes. */
  private get resources(): string[] {
    return [this.arn, `${this.arn}/index/*`];
  }

  /** Exactly `actions` on the table and its indexes (a caller that needs two item operations gets only those). */
  grant(grantee: IGrantable, ...actions: string[]): void {
    grantee.addToPrincipalPolicy(statement(actions, this.resources));
    this.key.grantEncryptDecrypt(grantee);
  }

  grantReadData(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(READ_ACTIONS, this.resources));
    this.key.grantDecrypt(grantee);
  }

  grantWriteData(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(WRITE_ACTIONS, [this.arn]));
    this.key.grantEncryptDecrypt(grantee);
  }

  grantReadWriteData(grantee: IGrantable): void {
    this.grantReadData(grantee);
    this.grantWriteData(grantee);
  }
}
