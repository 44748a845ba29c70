import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { zipAsset } from '../assets/content-hash';
import type { IGrantable } from '../core/grants';
import { statement, type PolicyStatement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import { LakehouseLogGroup } from '../logs/lakehouse-log-group';
import { grantNetworkInterfaces } from '../network/network-interfaces';
import type { LakehouseFunctionProps } from './lakehouse-function-props';

export const LAMBDA_RUNTIME = 'nodejs22.x';
export const LAMBDA_ARCHITECTURE = 'arm64';

/** Environment variable names Lambda reserves for itself. */
const RESERVED_ENVIRONMENT = /^(AWS_|LAMBDA_|_HANDLER$|_X_AMZN_TRACE_ID$|TZ$)/;

/**
 * One Lambda function from its bundle: Node.js 22 on arm64, in the private subnets, X-Ray active,
 * reserved concurrency, environment encrypted with the customer key, JSON logs into its own
 * encrypted log group, failed async invocations to a dead-letter queue, and its own role that
 * names only its own resources (grant more with `grant…` methods of the other constructs).
 */
export class LakehouseFunction extends Construct implements IGrantable {
  readonly function: LambdaFunction;
  readonly functionName: string;
  readonly arn: string;
  readonly role: ServiceRole;
  readonly logGroup: LakehouseLogGroup;
  readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: LakehouseFunctionProps) {
    super(scope, id);
    this.timeoutSeconds = props.timeoutSeconds ?? 60;
    const environment = props.environment ?? {};
    new PropsValidator('LakehouseFunction', scope, id)
      .check(
        /^[A-Za-z0-9_-]{1,64}$/.test(props.functionName),
        `"${props.functionName}" is not a function name`,
      )
      .check(
        /^[\w./-]+\.[A-Za-z_$][\w$]*$/.test(props.handler),
        `handler "${props.handler}" must be <file>.<export>`,
      )
      .integer(props.memorySize, 'memorySize', 128, 10_240)
      .integer(this.timeoutSeconds, 'timeoutSeconds', 1, 900)
      .integer(props.reservedConcurrency, 'reservedConcurrency', 1, 1000)
      .check(
        props.network.subnetIds.length > 0,
        'network.subnetIds is empty: functions run in the private subnets',
      )
      .check(
        Object.keys(environment).every((k) => !RESERVED_ENVIRONMENT.test(k)),
        `environment uses a name Lambda reserves: ${Object.keys(environment)
          .filter((k) => RESERVED_ENVIRONMENT.test(k))
          .join(', ')}`,
      )
      .throwIfInvalid();
    this.functionName = props.functionName;

    this.role = new ServiceRole(this, 'Role', {
      roleName: props.functionName,
      service: 'lambda.amazonaws.com',
      description: `Execution role of the ${props.functionName} function`,
    });
    this.logGroup = new LakehouseLogGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      key: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    this.logGroup.grantWrite(this.role);
    props.environmentKey.grantDecrypt(this.role);
    props.deadLetterQueue.grantSendMessages(this.role);
    grantNetworkInterfaces(this.role, props.naming, props.network, { describe: ['ec2:DescribeSubnets'] });
    this.role.addToPrincipalPolicy(
      statement(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], ['*'], {
        sid: 'XRayHasNoResourceLevelPermissions',
      }),
    );

    const code = zipAsset(this, 'Code', props.bundleDir);
    this.function = new LambdaFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: [LAMBDA_ARCHITECTURE],
      handler: props.handler,
      filename: code.path,
      sourceCodeHash: code.sha256Base64,
      memorySize: props.memorySize ?? 512,
      timeout: this.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      kmsKeyArn: props.environmentKey.arn,
      environment: Object.keys(environment).length > 0 ? { variables: { ...environment } } : undefined,
      vpcConfig: {
        subnetIds: [...props.network.subnetIds],
        securityGroupIds: [props.network.securityGroupId],
      },
      tracingConfig: { mode: 'Active' },
      deadLetterConfig: { targetArn: props.deadLetterQueue.arn },
      loggingConfig: {
        logFormat: 'JSON',
        logGroup: this.logGroup.logGroupName,
        applicationLogLevel: 'INFO',
        systemLogLevel: 'WARN',
      },
      // The role must hold its ENI and log permissions before Lambda creates the function.
      dependsOn: [this.role.policy, this.logGroup.logGroup],
    });
    this.arn = this.function.arn;
  }

  get grantName(): string {
    return this.role.grantName;
  }

  addToPrincipalPolicy(s: PolicyStatement): void {
    this.role.addToPrincipalPolicy(s);
  }

  grantInvoke(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['lambda:InvokeFunction'], [this.arn, `${this.arn}:*`]));
  }
}
