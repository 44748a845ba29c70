import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { PIPELINE_STEP_NAMES, type PipelineStep } from '@lakehouse/contracts';
import { RULES, runPolicySuite, stackFromJson } from '@lakehouse/policy';
import { FUNCTION_ENVIRONMENT } from '@lakehouse/lambda';
import { bucketEnvironmentVariable } from '@lakehouse/storage';
import { defineEnvironment } from '../src/config/define-environment';
import type { LakehouseApp } from '../src/stack/lambda-apps';
import { fixtureFunction, lakehouseStack, policyOf } from './support';

const INPUT = defineEnvironment('staging', {
  accountId: '123456789012',
  network: { cidr: '10.40.0.0/16', azCount: 2, interfaceEndpoints: ['states', 'sns', 'athena', 'glue'] },
  glue: { workerType: 'G.1X', maxWorkers: 4, timeoutMinutes: 60, maxRetries: 0 },
  lambda: { reservedConcurrency: 3, reservedConcurrencyByFunction: { trigger: 2 } },
  logs: { retentionDays: 30 },
  alarms: { emails: ['ops@example.com'] },
  ingestion: { schedule: { expression: 'cron(0 6 * * ? *)', timeZone: 'Europe/Dublin' } },
});

const fixtureApp = (
  name: string,
  steps: PipelineStep[],
  extra: Partial<LakehouseApp> = {},
): LakehouseApp => ({
  ...fixtureFunction(name),
  steps,
  ...extra,
});

/** Three apps covering every step the functions run: the trigger, one file's validation, the rest. */
const APPS: LakehouseApp[] = [
  fixtureApp('trigger', ['register'], { scheduledInput: { startPending: true } }),
  fixtureApp('validate', ['validate'], { memorySize: 1024 }),
  fixtureApp('steps', ['claim', 'settle', 'catalog', 'verify', 'quality', 'notify', 'fail']),
];

describe('LakehouseStack with the Lambda apps', () => {
  const { stack, full, text, json } = lakehouseStack(INPUT, APPS);
  const rolePolicy = (name: string) =>
    policyOf(
      Object.values(json.resource.aws_iam_role_policy as Record<string, Record<string, unknown>>).find(
        (p) => p.name === `lakehouse-staging-${name}-policy`,
      )!,
    ).Statement;

  it('passes the whole policy suite, Lambda rules included', () => {
    const result = runPolicySuite(stackFromJson(full, 'staging'));
    expect(result.failures).toEqual([]);
    expect(result.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(['CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_284', 'LAKEHOUSE_IAM_1']),
    );
  });

  it("names only this stack's resources in every IAM statement (wildcards only where AWS has no resource-level permission)", () => {
    const policyStack = stackFromJson(full, 'staging');
    const iam = RULES.filter((r) => r.id === 'LAKEHOUSE_IAM_1' || r.id === 'CKV_AWS_355');
    expect(iam).toHaveLength(2);
    expect(iam.flatMap((rule) => rule.check(policyStack))).toEqual([]);
    expect(policyStack.ofType('aws_iam_role_policy').length).toBeGreaterThan(10);
  });

  it('runs every function step on the functions named by the apps', () => {
    const machine = Object.values(
      json.resource.aws_sfn_state_machine as Record<string, { definition: string }>,
    )[0];
    const tasks = JSON.stringify(JSON.parse(machine.definition));
    expect(tasks).toContain('aws_lambda_function.Functions_steps_Function');
    expect(tasks).toContain('aws_lambda_function.Functions_validate_Function');
    expect(tasks).not.toContain('Functions_trigger_Function');
    expect(stack.orchestration).toBeDefined();
    expect(PIPELINE_STEP_NAMES.filter((s) => !APPS.some((a) => a.steps.includes(s)))).toEqual(['load']);
  });

  it('feeds the trigger from the notification queue and the schedule, and lets it start executions', () => {
    expect(text).toHaveResourceWithProperties(LambdaEventSourceMapping, {
      function_name: expect.stringContaining('Functions_trigger_Function'),
      function_response_types: ['ReportBatchItemFailures'],
    });
    const trigger = rolePolicy('trigger');
    expect(trigger.some((s) => (s.Action as string[]).includes('states:StartExecution'))).toBe(true);
    expect(trigger.some((s) => (s.Action as string[]).includes('sqs:ReceiveMessage'))).toBe(true);
    expect(Object.keys(json.resource.aws_scheduler_schedule)).toHaveLength(1);
  });

  it("tells each function the buckets of its steps' zones, and no others", () => {
    const functions = json.resource.aws_lambda_function as Record<
      string,
      { function_name: string; environment?: { variables: Record<string, string> } }
    >;
    const variables = (name: string) =>
      Object.keys(
        Object.values(functions).find((f) => f.function_name === `lakehouse-staging-${name}`)!.environment!
          .variables,
      ).sort();
    const always = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'];
    expect(variables('validate')).toEqual(
      [bucketEnvironmentVariable('raw'), FUNCTION_ENVIRONMENT.stateTablePrefix, ...always].sort(),
    );
    expect(variables('trigger')).toEqual(
      [
        FUNCTION_ENVIRONMENT.pipeline,
        FUNCTION_ENVIRONMENT.stateTablePrefix,
        FUNCTION_ENVIRONMENT.stateMachineArn,
        ...always,
      ].sort(),
    );
    const trigger = Object.values(functions).find((f) => f.function_name === 'lakehouse-staging-trigger')!;
    expect(trigger.environment!.variables[FUNCTION_ENVIRONMENT.stateTablePrefix]).toBe('lakehouse-staging-');
    expect(trigger.environment!.variables[FUNCTION_ENVIRONMENT.stateMachineArn]).toBe(
      'arn:aws:states:eu-west-1:123456789012:stateMachine:lakehouse-staging-pipeline',
    );
  });

  it('gives each function only what its steps need', () => {
    // apps/trigger's README: the files table and its pending index, reads of runs and control, the start.
    const trigger = rolePolicy('trigger');
    const tableActions = trigger.filter((s) =>
      (s.Resource as string[]).some((r) => r.includes('aws_dynamodb_table')),
    );
    expect(tableActions.flatMap((s) => s.Action as string[]).sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ].sort(),
    );
    expect(trigger.flatMap((s) => s.Action as string[])).not.toContain('s3:GetObject');
    const validate = rolePolicy('validate').flatMap((s) => s.Action as string[]);
    // apps/validate's README: the raw object, and GetItem/UpdateItem on the files table.
    expect(validate).toEqual(
      expect.arrayContaining([
        's3:GetObject',
        's3:GetObjectVersion',
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(validate).not.toContain('s3:PutObject');
    expect(validate).not.toContain('dynamodb:PutItem');
    expect(validate).not.toContain('states:StartExecution');
    expect(validate).not.toContain('athena:StartQueryExecution');
    expect(validate).not.toContain('s3:DeleteObject');
    const steps = rolePolicy('steps').flatMap((s) => s.Action as string[]);
    expect(steps).toEqual(
      expect.arrayContaining([
        'athena:StartQueryExecution',
        'glue:StartCrawler',
        'sns:Publish',
        's3:DeleteObject',
      ]),
    );
  });

  it("watches every function, both dead-letter queues, the state machine and each dataset's quality", () => {
    const alarms = Object.values(
      json.resource.aws_cloudwatch_metric_alarm as Record<
        string,
        { alarm_name: string; dimensions: Record<string, string> }
      >,
    );
    // The quality score comes from the app running the quality step, under its service name.
    expect(
      alarms.find((a) => a.alarm_name === 'lakehouse-staging-quality-breach-orders')!.dimensions,
    ).toEqual({
      service: 'steps',
      dataset: 'orders',
    });
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(
      [
        'functions-dlq',
        'ingestion-dlq',
        'pipeline-executionsfailed',
        'pipeline-executionstimedout',
        ...['order_items', 'orders', 'products'].map((d) => `quality-breach-${d}`),
        ...['steps', 'trigger', 'validate'].flatMap((f) => [`${f}-errors`, `${f}-throttles`]),
      ]
        .map((a) => `lakehouse-staging-${a}`)
        .sort(),
    );
  });

  it('refuses apps that leave a step without a function, or run one twice', () => {
    const withoutFail = APPS.map((a) =>
      a.name === 'steps' ? { ...a, steps: a.steps.filter((s: PipelineStep) => s !== 'fail') } : a,
    );
    expect(() => lakehouseStack(INPUT, withoutFail)).toThrow(
      'LakehouseStack staging: no app runs the step(s) fail',
    );
    const twice = [...APPS, { ...APPS[1], name: 'validate2' }];
    expect(() => lakehouseStack(INPUT, twice)).toThrow(
      'LakehouseStack staging: two apps run the step(s) validate',
    );
  });

  it('refuses a schedule without apps to invoke', () => {
    expect(() => lakehouseStack(INPUT, undefined)).toThrow(
      'LakehouseStack staging: ingestion.schedule needs the Lambda apps (the schedule invokes the trigger)',
    );
  });
});
