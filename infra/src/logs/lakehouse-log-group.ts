import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { LOG_RETENTION_DAYS } from '../config/environment-config';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { PropsValidator } from '../core/validation';
import type { LakehouseLogGroupProps } from './lakehouse-log-group-props';

/** A CloudWatch log group with a retention and the logs key. */
export class LakehouseLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupName: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: LakehouseLogGroupProps) {
    super(scope, id);
    new PropsValidator('LakehouseLogGroup', scope, id)
      .check(
        (LOG_RETENTION_DAYS as readonly number[]).includes(props.retentionDays),
        `retentionDays ${props.retentionDays} is not a CloudWatch retention value`,
      )
      .check(
        /^[.\-_/#A-Za-z0-9]{1,512}$/.test(props.logGroupName),
        `"${props.logGroupName}" is not a log group name`,
      )
      .throwIfInvalid();
    this.logGroupName = props.logGroupName;
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.key.arn,
      skipDestroy: props.retainOnDestroy ?? false,
    });
    this.arn = this.logGroup.arn;
  }

  /** Create streams and put events (the key is used by CloudWatch Logs itself, not the writer). */
  grantWrite(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(['logs:CreateLogStream', 'logs:PutLogEvents'], [this.arn, `${this.arn}:log-stream:*`]),
    );
  }
}
