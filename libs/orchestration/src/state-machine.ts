import { PIPELINE_STEPS, type DatasetRegistry, type PipelineStep } from '@lakehouse/contracts';
import {
  allStates,
  path,
  payload,
  type Catcher,
  type ChoiceRule,
  type JsonPath,
  type PayloadTemplate,
  type State,
  type StateMachineDefinition,
  type TaskState,
} from './asl';
import { RUN_PROPERTIES } from './job-arguments';
import { glueRetriers, lambdaRetriers } from './retry-policy';
import type { LambdaTask, TaskInput } from './state-document';

/** The pipeline steps that run as a Lambda handler (load runs as the Glue workflow). */
export type HandlerStep = Exclude<PipelineStep, 'register' | 'load'>;

export interface PollingOptions {
  /** Seconds between two polls. */
  readonly intervalSeconds: number;
  /** Polls before the run fails as timed out. */
  readonly maxPolls: number;
}

/** Everything the definition depends on: the datasets and the names/ARNs of what it calls. */
export interface StateMachineSpec {
  readonly registry: DatasetRegistry;
  /** The ARN of the Lambda function running each step's handler (one function may run several). */
  readonly functions: Readonly<Record<HandlerStep, string>>;
  /** The Glue workflow that runs the dataset DAG (see `buildGlueWorkflow`). */
  readonly glueWorkflowName: string;
  /** @default { intervalSeconds: 60, maxPolls: 240 } (four hours) */
  readonly loadPolling?: PollingOptions;
  /** @default { intervalSeconds: 30, maxPolls: 60 } (thirty minutes) */
  readonly catalogPolling?: PollingOptions;
  /** Files of one dataset validated at once. @default 10 */
  readonly validateConcurrency?: number;
  /** @default 900 (the Lambda maximum) */
  readonly handlerTimeoutSeconds?: number;
  /** Timeout of one Glue API call. @default 60 */
  readonly glueCallTimeoutSeconds?: number;
  /** @default 28_800 (eight hours) */
  readonly executionTimeoutSeconds?: number;
}

/** Errors the definition raises itself (from a Choice), beside those the tasks throw. */
export const DEFINITION_ERRORS = {
  loadFailed: 'LoadFailed',
  loadTimedOut: 'LoadTimedOut',
  catalogFailed: 'CatalogFailed',
  catalogTimedOut: 'CatalogTimedOut',
  qualityGateBlocked: 'QualityGateBlocked',
} as const;

/**
 * The state names. Every Task state's name starts with the step it runs (`validate-orders`,
 * `load-poll`, `notify-failure`): the local runner finds a task's handler by that prefix.
 */
export const STATES = {
  claim: 'claim',
  validate: 'validate',
  validateFiles: (dataset: string) => `validate-${dataset}-files`,
  validateFile: (dataset: string) => `validate-${dataset}`,
  load: 'load',
  settle: 'settle',
  catalog: 'catalog',
  verify: 'verify',
  quality: 'quality',
  notify: 'notify',
  outcome: 'outcome',
  succeeded: 'succeeded',
  blocked: 'blocked',
  fail: 'fail',
  notifyFailure: 'notify-failure',
  failed: 'failed',
  /** The states of a poll loop (load, catalog). */
  loop: (step: 'load' | 'catalog') => ({
    wait: `${step}-wait`,
    poll: `${step}-poll`,
    count: `${step}-count`,
    check: `${step}-check`,
    failed: `${step}-failed`,
    timedOut: `${step}-timed-out`,
  }),
} as const;

const GLUE_START_WORKFLOW_RUN = 'arn:aws:states:::aws-sdk:glue:startWorkflowRun';
const GLUE_GET_WORKFLOW_RUN = 'arn:aws:states:::aws-sdk:glue:getWorkflowRun';

const meaning = (step: PipelineStep) => PIPELINE_STEPS.find((s) => s.name === step)!.meaning;

/**
 * The run's state machine, built from the dataset registry and the resource names:
 * claim → validate each file (one Map per dataset) → start the Glue workflow run and poll it →
 * settle → start the crawler and poll it → verify → quality → notify. Every task retries its
 * named transient errors with backoff; any failure is caught into `fail` (mark the run FAILED,
 * release its files and lease) → `notify-failure` → the Fail state.
 */
export function buildStateMachine(spec: StateMachineSpec): StateMachineDefinition {
  const handlerTimeout = spec.handlerTimeoutSeconds ?? 900;
  const glueTimeout = spec.glueCallTimeoutSeconds ?? 60;
  const toFail: Catcher[] = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: STATES.fail }];

  /** A Lambda task whose Parameters name exactly the handler's input fields. */
  const lambdaTask = <T extends LambdaTask>(
    _task: T,
    step: HandlerStep,
    parameters: { readonly [K in keyof TaskInput<T>]: JsonPath | TaskInput<T>[K] },
    then: { readonly resultPath?: string; readonly next?: string; readonly catchTo?: Catcher[] },
  ): TaskState => ({
    Type: 'Task',
    Comment: meaning(step),
    Resource: spec.functions[step],
    Parameters: payload(parameters),
    ...(then.resultPath ? { ResultPath: then.resultPath } : {}),
    TimeoutSeconds: handlerTimeout,
    Retry: lambdaRetriers(),
    ...(then.catchTo ? { Catch: then.catchTo } : {}),
    ...(then.next ? { Next: then.next } : { End: true as const }),
  });

  const run = { runId: path('$.runId'), pipeline: path('$.pipeline') };
  const load = STATES.loop('load');
  const catalog = STATES.loop('catalog');

  const states: Record<string, State> = {
    [STATES.claim]: lambdaTask(
      'claim',
      'claim',
      { ...run, runStart: path('$.runStart'), fileIds: path('$.fileIds') },
      { resultPath: '$.claim', next: STATES.validate, catchTo: toFail },
    ),
    [STATES.validate]: {
      Type: 'Parallel',
      Comment: meaning('validate'),
      Branches: spec.registry.ordered.map((contract) => validateBranch(contract.name)),
      ResultPath: '$.validate',
      Catch: toFail,
      Next: STATES.load,
    },
    [STATES.load]: {
      Type: 'Task',
      Comment: meaning('load'),
      Resource: GLUE_START_WORKFLOW_RUN,
      Parameters: {
        Name: spec.glueWorkflowName,
        RunProperties: payload({ [RUN_PROPERTIES.manifest]: path('$.claim.manifestUri') }),
      },
      ResultSelector: { 'workflowRunId.$': '$.RunId', polls: 0 },
      ResultPath: '$.load',
      TimeoutSeconds: glueTimeout,
      Retry: glueRetriers('start'),
      Catch: toFail,
      Next: load.wait,
    },
    ...pollLoop('load', {
      polling: spec.loadPolling ?? { intervalSeconds: 60, maxPolls: 240 },
      poll: {
        Type: 'Task',
        Resource: GLUE_GET_WORKFLOW_RUN,
        Parameters: { Name: spec.glueWorkflowName, 'RunId.$': '$.load.workflowRunId', IncludeGraph: false },
        ResultSelector: { 'status.$': '$.Run.Status', 'statistics.$': '$.Run.Statistics' },
        ResultPath: '$.load.run',
        TimeoutSeconds: glueTimeout,
        Retry: glueRetriers('poll'),
        Catch: toFail,
      },
      counted: {
        'workflowRunId.$': '$.load.workflowRunId',
        'polls.$': 'States.MathAdd($.load.polls, 1)',
        'run.$': '$.load.run',
      },
      // A workflow run is COMPLETED even when some of its jobs failed: the statistics tell.
      succeeded: {
        And: [
          { Variable: '$.load.run.status', StringEquals: 'COMPLETED' },
          ...['FailedActions', 'TimeoutActions', 'StoppedActions', 'ErroredActions'].map((counter) => ({
            Variable: `$.load.run.statistics.${counter}`,
            NumericEquals: 0,
          })),
        ],
      },
      running: {
        Or: [
          { Variable: '$.load.run.status', StringEquals: 'RUNNING' },
          { Variable: '$.load.run.status', StringEquals: 'STOPPING' },
        ],
      },
      failure: {
        Error: DEFINITION_ERRORS.loadFailed,
        'Cause.$':
          "States.Format('Glue workflow run {} ended {}: a job failed, timed out or was stopped', $.load.workflowRunId, $.load.run.status)",
      },
      timeout: {
        Error: DEFINITION_ERRORS.loadTimedOut,
        'Cause.$':
          "States.Format('Glue workflow run {} still {} after {} polls', $.load.workflowRunId, $.load.run.status, $.load.polls)",
      },
      next: STATES.settle,
    }),
    [STATES.settle]: lambdaTask(
      'settle',
      'settle',
      {
        ...run,
        manifestUri: path('$.claim.manifestUri'),
        lease: path('$.claim.lease'),
        validated: path('$.validate'),
      },
      { resultPath: '$.settle', next: STATES.catalog, catchTo: toFail },
    ),
    [STATES.catalog]: {
      ...lambdaTask(
        'catalog',
        'catalog',
        { action: 'start', runId: path('$.runId'), tables: path('$.settle.tables') },
        { resultPath: '$.catalog', next: catalog.wait, catchTo: toFail },
      ),
      ResultSelector: {
        'crawler.$': '$.crawler',
        'state.$': '$.state',
        'requestedAt.$': '$.requestedAt',
        polls: 0,
      },
    },
    ...pollLoop('catalog', {
      polling: spec.catalogPolling ?? { intervalSeconds: 30, maxPolls: 60 },
      poll: lambdaTask(
        'catalog-poll',
        'catalog',
        {
          action: 'poll',
          runId: path('$.runId'),
          crawler: path('$.catalog.crawler'),
          requestedAt: path('$.catalog.requestedAt'),
        },
        { resultPath: '$.catalog.run', catchTo: toFail },
      ),
      counted: {
        'crawler.$': '$.catalog.crawler',
        'state.$': '$.catalog.run.state',
        'requestedAt.$': '$.catalog.requestedAt',
        'polls.$': 'States.MathAdd($.catalog.polls, 1)',
      },
      succeeded: { Variable: '$.catalog.state', StringEquals: 'SUCCEEDED' },
      running: { Variable: '$.catalog.state', StringEquals: 'RUNNING' },
      failure: {
        Error: DEFINITION_ERRORS.catalogFailed,
        'Cause.$': "States.Format('crawler {} ended {}', $.catalog.crawler, $.catalog.state)",
      },
      timeout: {
        Error: DEFINITION_ERRORS.catalogTimedOut,
        'Cause.$':
          "States.Format('crawler {} still running after {} polls', $.catalog.crawler, $.catalog.polls)",
      },
      next: STATES.verify,
    }),
    [STATES.verify]: lambdaTask(
      'verify',
      'verify',
      { runId: path('$.runId'), tables: path('$.settle.tables') },
      { resultPath: '$.verify', next: STATES.quality, catchTo: toFail },
    ),
    [STATES.quality]: lambdaTask(
      'quality',
      'quality',
      { ...run, lease: path('$.claim.lease') },
      { resultPath: '$.quality', next: STATES.notify, catchTo: toFail },
    ),
    [STATES.notify]: lambdaTask(
      'notify',
      'notify',
      { ...run, status: path('$.quality.status') },
      { resultPath: '$.notify', next: STATES.outcome, catchTo: toFail },
    ),
    [STATES.outcome]: {
      Type: 'Choice',
      Comment: 'a run the quality gate failed ends the execution failed too (after its notification)',
      Choices: [{ Variable: '$.quality.status', StringEquals: 'FAILED', Next: STATES.blocked }],
      Default: STATES.succeeded,
    },
    [STATES.succeeded]: { Type: 'Succeed' },
    [STATES.blocked]: {
      Type: 'Fail',
      Error: DEFINITION_ERRORS.qualityGateBlocked,
      Cause: "a dataset's quality gate blocked its publish: see the run summary",
    },
    [STATES.fail]: lambdaTask(
      'fail',
      'fail',
      { ...run, fileIds: path('$.fileIds'), error: path('$.error') },
      {
        resultPath: '$.fail',
        next: STATES.notifyFailure,
        // Recording the failure failed too: still announce the original cause.
        catchTo: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.fail', Next: STATES.notifyFailure }],
      },
    ),
    [STATES.notifyFailure]: lambdaTask(
      'notify',
      'notify',
      { ...run, status: 'FAILED', error: path('$.error') },
      {
        resultPath: '$.notify',
        next: STATES.failed,
        catchTo: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notify', Next: STATES.failed }],
      },
    ),
    [STATES.failed]: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
  };

  return {
    Comment: `The lakehouse run: ${spec.registry.names.join(', ')} — generated from the dataset contracts`,
    StartAt: STATES.claim,
    TimeoutSeconds: spec.executionTimeoutSeconds ?? 28_800,
    States: states,
  };

  /** One branch per dataset: a Map over the dataset's claimed files, each validated by the handler. */
  function validateBranch(dataset: string) {
    return {
      StartAt: STATES.validateFiles(dataset),
      States: {
        [STATES.validateFiles(dataset)]: {
          Type: 'Map' as const,
          ItemsPath: `$.claim.files.${dataset}`,
          ItemSelector: { 'runId.$': '$.runId', 'runStart.$': '$.runStart', 'file.$': '$$.Map.Item.Value' },
          MaxConcurrency: spec.validateConcurrency ?? 10,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' as const },
            StartAt: STATES.validateFile(dataset),
            States: {
              [STATES.validateFile(dataset)]: lambdaTask(
                'validate',
                'validate',
                { runId: path('$.runId'), runStart: path('$.runStart'), file: path('$.file') },
                {}, // the result replaces the item: the Map collects the verdicts
              ),
            },
          },
          ResultSelector: { dataset, 'files.$': '$' },
          End: true as const,
        },
      },
    };
  }
}

interface PollLoop {
  readonly polling: PollingOptions;
  /** The task that asks for the current status (its Next is set here). */
  readonly poll: TaskState;
  /** The Pass parameters that rebuild `$.<step>` with the poll counter incremented. */
  readonly counted: PayloadTemplate;
  /** When the awaited work is done and went well. */
  readonly succeeded: ChoiceRule;
  /** When it is still going. */
  readonly running: ChoiceRule;
  /** The `$.error` of a failed or timed-out loop. */
  readonly failure: PayloadTemplate;
  readonly timeout: PayloadTemplate;
  readonly next: string;
}

/** wait → poll → count → check: succeeded → next, running → wait (bounded), otherwise → fail. */
function pollLoop(step: 'load' | 'catalog', loop: PollLoop): Record<string, State> {
  const s = STATES.loop(step);
  const { End: _end, ...poll } = loop.poll;
  return {
    [s.wait]: { Type: 'Wait', Seconds: loop.polling.intervalSeconds, Next: s.poll },
    [s.poll]: { ...poll, Next: s.count },
    [s.count]: { Type: 'Pass', Parameters: loop.counted, ResultPath: `$.${step}`, Next: s.check },
    [s.check]: {
      Type: 'Choice',
      Choices: [
        { ...loop.succeeded, Next: loop.next },
        {
          And: [loop.running, { Variable: `$.${step}.polls`, NumericLessThan: loop.polling.maxPolls }],
          Next: s.wait,
        },
        { ...loop.running, Next: s.timedOut },
      ],
      Default: s.failed,
    },
    [s.failed]: { Type: 'Pass', Parameters: loop.failure, ResultPath: '$.error', Next: STATES.fail },
    [s.timedOut]: { Type: 'Pass', Parameters: loop.timeout, ResultPath: '$.error', Next: STATES.fail },
  };
}

/** Each Task state of a definition with the pipeline step it runs (by its name's prefix). */
export function taskStates(definition: StateMachineDefinition): { state: string; step: PipelineStep }[] {
  return allStates(definition.States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => {
      const step = PIPELINE_STEPS.find((s) => name === s.name || name.startsWith(`${s.name}-`));
      if (!step) throw new Error(`task state "${name}" does not name a pipeline step`);
      return { state: name, step: step.name };
    });
}
