import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { datasets as platformDatasets } from '@lakehouse/contracts';
import {
  buildStateMachine,
  type PollingOptions,
  type StateMachineDefinition,
} from '@lakehouse/orchestration';
import { Construct } from 'constructs';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import type { LakehouseKey } from '../kms/lakehouse-key';
import { LakehouseLogGroup } from '../logs/lakehouse-log-group';
import type { OrchestrationProps } from './orchestration-props';

/** CloudWatch Logs delivery (vended logs) has no resource-level permissions. */
const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/**
 * Polls of a Glue workflow run at most (the builder's default): each poll adds eleven events to the
 * execution's history, which Step Functions caps at 25,000.
 */
export const MAX_LOAD_POLLS = 240;

/**
 * How the load step polls a workflow run that may take `minutes`: every minute, or less often
 * when a minute apart would take more than MAX_LOAD_POLLS polls, for at least those minutes.
 */
export function loadPollingFor(minutes: number): PollingOptions {
  const seconds = minutes * 60;
  const intervalSeconds = Math.max(60, Math.ceil(seconds / MAX_LOAD_POLLS));
  return { intervalSeconds, maxPolls: Math.ceil(seconds / intervalSeconds) };
}

/**
 * The run's state machine (standard) exactly as `buildStateMachine` defines it from the
 * contracts, the handler functions and the Glue workflow; every execution logged with its data
 * to an encrypted log group, traced with X-Ray, its history encrypted with the data key, and a
 * role that may invoke exactly its handlers and run exactly its workflow.
 */
export class Orchestration extends Construct {
  readonly stateMachine: SfnStateMachine;
  readonly stateMachineName: string;
  readonly arn: string;
  readonly definition: StateMachineDefinition;
  readonly role: ServiceRole;
  readonly logGroup: LakehouseLogGroup;
  readonly executionTimeoutSeconds: number;
  private readonly key: LakehouseKey;

  constructor(scope: Construct, id: string, props: OrchestrationProps) {
    super(scope, id);
    const { naming, handlers, glue } = props;
    this.executionTimeoutSeconds = props.executionTimeoutSeconds ?? 28_800;
    // A standard execution may run for up to a year.
    new PropsValidator('Orchestration', scope, id)
      .integer(this.executionTimeoutSeconds, 'executionTimeoutSeconds', 60, 31_536_000)
      .throwIfInvalid();
    this.key = props.key;
    this.stateMachineName = naming.stateMachineName;
    this.definition = buildStateMachine({
      registry: props.registry ?? platformDatasets,
      functions: Object.fromEntries(Object.entries(handlers).map(([step, fn]) => [step, fn.arn])) as Record<
        keyof typeof handlers,
        string
      >,
      glueWorkflowName: glue.workflowName,
      loadPolling: props.loadPolling ?? loadPollingFor(glue.longestRunMinutes),
      executionTimeoutSeconds: this.executionTimeoutSeconds,
    });

    this.logGroup = new LakehouseLogGroup(this, 'Logs', {
      logGroupName: naming.vendedLogGroup('states', 'pipeline'),
      key: props.logsKey,
      retentionDays: props.logRetentionDays,
    });
    this.role = new ServiceRole(this, 'Role', {
      roleName: naming.name('pipeline'),
      service: 'states.amazonaws.com',
      description: 'The run state machine: invokes its handlers, runs the Glue workflow',
      sourceAccount: naming.accountId,
    });
    for (const fn of new Set(Object.values(handlers))) fn.grantInvoke(this.role);
    glue.grantStartWorkflow(this.role);
    props.key.grantEncryptDecrypt(this.role);
    this.role.addToPrincipalPolicy(
      statement(LOG_DELIVERY, ['*'], { sid: 'LogDeliveryHasNoResourceLevelPermissions' }),
    );
    this.role.addToPrincipalPolicy(
      statement(
        [
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
        ],
        ['*'],
        {
          sid: 'XRayHasNoResourceLevelPermissions',
        },
      ),
    );

    this.stateMachine = new SfnStateMachine(this, 'StateMachine', {
      name: this.stateMachineName,
      type: 'STANDARD',
      roleArn: this.role.arn,
      definition: JSON.stringify(this.definition),
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: true,
        logDestination: `${this.logGroup.arn}:*`,
      },
      tracingConfiguration: { enabled: true },
      encryptionConfiguration: {
        type: 'CUSTOMER_MANAGED_KMS_KEY',
        kmsKeyId: props.key.arn,
        kmsDataKeyReusePeriodSeconds: 300,
      },
      dependsOn: [this.role.policy],
    });
    this.arn = this.stateMachine.arn;
  }

  /** Start executions (the trigger), encrypting their input with the data key. */
  grantStartExecution(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(statement(['states:StartExecution'], [this.arn]));
    this.key.grantEncrypt(grantee);
  }
}
