import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { datasets } from '@lakehouse/contracts';
import { buildStateMachine, STATES, type HandlerStep } from '@lakehouse/orchestration';
import validateAsl from 'asl-validator';
import { loadPollingFor, MAX_LOAD_POLLS, Orchestration } from '../src/orchestration/orchestration';
import { ACCOUNT, REGION, glueFor, naming, policyOf, resources, stackWithFunctions, synth } from './support';

const STEPS: HandlerStep[] = [
  'claim',
  'validate',
  'settle',
  'catalog',
  'verify',
  'quality',
  'notify',
  'fail',
];

describe('Orchestration', () => {
  // Two functions run the eight steps, so the role must name each function once.
  const { stack, f, functions } = stackWithFunctions(['steps', 'validate']);
  const glue = glueFor(stack, f);
  const handlers = Object.fromEntries(
    STEPS.map((s) => [s, functions.function(s === 'validate' ? 'validate' : 'steps')]),
  ) as Record<HandlerStep, (typeof functions.functions)[string]>;
  const orchestration = new Orchestration(stack, 'Orchestration', {
    naming,
    handlers,
    glue,
    key: f.kms.data,
    logsKey: f.kms.logs,
    logRetentionDays: 30,
  });
  const text = synth(stack);
  const json = JSON.parse(text);
  const machine = Object.values(resources(json, 'aws_sfn_state_machine'))[0];
  const deployed = JSON.parse(String(machine.definition));
  const reference = (fn: { function: object }) =>
    `\${aws_lambda_function.${stack.getLogicalId(fn.function as never)}.arn}`;

  it("deploys exactly the builder's definition for these functions and this workflow", () => {
    const expected = buildStateMachine({
      registry: datasets,
      functions: Object.fromEntries(STEPS.map((s) => [s, reference(handlers[s])])) as Record<
        HandlerStep,
        string
      >,
      glueWorkflowName: 'lakehouse-test-load',
      loadPolling: loadPollingFor(glue.longestRunMinutes),
    });
    expect(deployed).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(orchestration.definition.States).toBeDefined();
  });

  it('polls the Glue workflow run for as long as its jobs may run, retries included', () => {
    // Three jobs in a row (products ‖ orders → order_items → daily_sales), 120 min each, 2 attempts.
    expect([glue.longestChain, glue.longestRunMinutes]).toEqual([3, 720]);
    const load = STATES.loop('load');
    expect(deployed.States[load.wait].Seconds).toBe(180);
    expect(deployed.States[load.check].Choices[1].And[1]).toEqual({
      Variable: '$.load.polls',
      NumericLessThan: 240,
    });
    expect(loadPollingFor(180)).toEqual({ intervalSeconds: 60, maxPolls: 180 });
    expect(loadPollingFor(1440)).toEqual({ intervalSeconds: 360, maxPolls: MAX_LOAD_POLLS });
    expect(loadPollingFor(1441)).toEqual({ intervalSeconds: 361, maxPolls: 240 });
  });

  it('passes asl-validator', () => {
    const arns = JSON.stringify(deployed).replace(
      /\$\{aws_lambda_function\.(\w+)\.arn\}/g,
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:$1`,
    );
    const { isValid, errorsText } = validateAsl(JSON.parse(arns));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('is a standard state machine, logged with execution data, traced and encrypted with the data key', () => {
    expect(text).toHaveResourceWithProperties(SfnStateMachine, {
      name: 'lakehouse-test-pipeline',
      type: 'STANDARD',
      tracing_configuration: { enabled: true },
      logging_configuration: {
        level: 'ALL',
        include_execution_data: true,
        log_destination: expect.stringMatching(
          /^\$\{aws_cloudwatch_log_group\.Orchestration_Logs_\w+\.arn\}:\*$/,
        ),
      },
      encryption_configuration: {
        type: 'CUSTOMER_MANAGED_KMS_KEY',
        kms_key_id: expect.stringContaining('Kms_Data'),
        kms_data_key_reuse_period_seconds: 300,
      },
    });
    const group = Object.values(resources(json, 'aws_cloudwatch_log_group')).find(
      (g) => g.name === '/aws/vendedlogs/states/lakehouse-test-pipeline',
    )!;
    expect(group).toMatchObject({ retention_in_days: 30, kms_key_id: expect.stringContaining('Kms_Logs') });
  });

  it('gives the state machine a role scoped to exactly its tasks', () => {
    const statements = policyOf(
      Object.values(resources(json, 'aws_iam_role_policy')).find(
        (p) => p.name === 'lakehouse-test-pipeline-policy',
      )!,
    ).Statement;
    const invoke = statements.find((s) => (s.Action as string[]).includes('lambda:InvokeFunction'))!;
    expect([...(invoke.Resource as string[])].sort()).toEqual(
      [
        reference(handlers.claim),
        `${reference(handlers.claim)}:*`,
        reference(handlers.validate),
        `${reference(handlers.validate)}:*`,
      ].sort(),
    );
    const workflow = statements.find((s) => (s.Action as string[]).includes('glue:StartWorkflowRun'))!;
    expect(workflow.Resource).toEqual([`arn:aws:glue:${REGION}:${ACCOUNT}:workflow/lakehouse-test-load`]);
    const unscoped = statements.filter((s) => (s.Resource as string[]).includes('*')).map((s) => s.Sid);
    expect(unscoped.sort()).toEqual([
      'LogDeliveryHasNoResourceLevelPermissions',
      'XRayHasNoResourceLevelPermissions',
    ]);
  });

  it('grants starting executions, and encrypting their input with the key', () => {
    const trigger = functions.function('steps');
    orchestration.grantStartExecution(trigger);
    const granted = trigger.role.statements;
    expect(granted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['states:StartExecution'], Resource: [orchestration.arn] }),
        expect.objectContaining({
          Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
          Resource: [f.kms.data.arn],
        }),
      ]),
    );
    expect(granted.flatMap((s) => s.Action)).not.toContain('states:DescribeExecution');
    expect(naming.stateMachineArn).toBe(
      `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${orchestration.stateMachineName}`,
    );
  });
});
