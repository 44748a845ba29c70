import validateAsl from 'asl-validator';
import { datasets } from '@lakehouse/contracts';
import { ConcurrentUpdateError } from '@lakehouse/state';
import { spec } from '../test/fixtures';
import {
  completed,
  fileId,
  input,
  lease,
  file,
  named,
  REQUESTED_AT,
  RUN,
  scriptedHandlers,
  type Behaviour,
} from '../test/scripted-handlers';
import {
  allStates,
  buildStateMachine,
  DEFINITION_ERRORS,
  LAMBDA_TASKS,
  RunState,
  STATES,
  taskStates,
  type ChoiceState,
  type State,
} from './index';
import { runLocally, type LocalExecutionResult } from './local-execution';

const definition = buildStateMachine(spec(datasets));
const topLevel = new Set(Object.keys(definition.States));
const loadLoop = STATES.loop('load');
const catalogLoop = STATES.loop('catalog');

// Coverage of the definition across every execution of this file: states entered, the branch
// each Choice took, and the states whose Catch fired.
const entered = new Set<string>();
const transitions = new Set<string>();
const caught = new Set<string>();

async function run(overrides: Record<string, Behaviour> = {}) {
  const { handlers: h, calls } = scriptedHandlers(datasets, overrides);
  const result = await runLocally(definition, input, { handlers: h });
  let previous: string | undefined;
  for (const event of result.events) {
    if (event.type === 'StateCaught') caught.add(event.state.name);
    if (event.type !== 'StateEntered') continue;
    entered.add(event.state.name);
    if (!topLevel.has(event.state.name)) continue;
    if (previous) transitions.add(`${previous} → ${event.state.name}`);
    previous = event.state.name;
  }
  const path = result.events
    .filter((e) => e.type === 'StateEntered' && topLevel.has(e.state.name))
    .map((e) => (e as { state: { name: string } }).state.name);
  return { result, calls, path };
}

const failure = (result: LocalExecutionResult) => (result.status === 'FAILED' ? result.error : undefined);

describe('the state machine definition', () => {
  it('passes asl-validator', () => {
    const { isValid, errorsText } = validateAsl(JSON.parse(JSON.stringify(definition)));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('uses JSONPath only: no JSONata, no Assign, no distributed Map', () => {
    const text = JSON.stringify(definition);
    expect(text).not.toMatch(/JSONata|"Assign"|"Arguments"|"Output"|DISTRIBUTED|{%/);
  });

  it('gives every task named transient retries and never retries States.ALL', () => {
    const tasks = allStates(definition.States).filter(([, s]) => s.Type === 'Task') as [
      string,
      State & { Retry?: { ErrorEquals: string[] }[] },
    ][];
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, task] of tasks) {
      const names = (task.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect({ name, retries: names.length > 0 }).toEqual({ name, retries: true });
      expect(names).not.toContain('States.ALL');
      expect(names).not.toContain('States.TaskFailed');
    }
  });

  it('names each task after the pipeline step it runs', () => {
    const steps = new Map(taskStates(definition).map((t) => [t.state, t.step]));
    expect(Object.fromEntries(steps)).toEqual({
      claim: 'claim',
      'validate-products': 'validate',
      'validate-orders': 'validate',
      'validate-order_items': 'validate',
      load: 'load',
      'load-poll': 'load',
      settle: 'settle',
      catalog: 'catalog',
      'catalog-poll': 'catalog',
      verify: 'verify',
      quality: 'quality',
      notify: 'notify',
      fail: 'fail',
      'notify-failure': 'notify',
    });
  });
});

describe('running the definition locally', () => {
  it('runs the happy path: every file validated, the workflow and the crawl polled to completion', async () => {
    const { result, calls, path } = await run({
      [loadLoop.poll]: (_i, call) => ({
        Run:
          call === 1
            ? { Status: 'RUNNING', Statistics: {} }
            : { Status: 'COMPLETED', Statistics: completed() },
      }),
      [catalogLoop.poll]: (_i, call) => ({
        crawler: 'lakehouse-crawler',
        state: call === 1 ? 'RUNNING' : 'SUCCEEDED',
        requestedAt: REQUESTED_AT,
      }),
    });
    expect(failure(result)).toBeUndefined();
    expect(path).toEqual([
      'claim',
      'validate',
      'load',
      ...[1, 2].flatMap(() => [loadLoop.wait, loadLoop.poll, loadLoop.count, loadLoop.check]),
      'settle',
      'catalog',
      ...[1, 2].flatMap(() => [catalogLoop.wait, catalogLoop.poll, catalogLoop.count, catalogLoop.check]),
      'verify',
      'quality',
      'notify',
      'outcome',
      'succeeded',
    ]);
    expect(calls['validate-orders']).toHaveLength(2);
    expect((calls.settle[0] as { validated: unknown }).validated).toEqual([
      { dataset: 'products', files: [expect.objectContaining({ fileId: fileId(1) })] },
      {
        dataset: 'orders',
        files: [fileId(2), fileId(3)].map((id) => expect.objectContaining({ fileId: id })),
      },
      { dataset: 'order_items', files: [] },
    ]);
    expect(calls['validate-order_items']).toBeUndefined();
    const output = RunState.parse(result.status === 'SUCCEEDED' && result.output);
    expect(output.load).toEqual({
      workflowRunId: 'wr_1',
      polls: 2,
      run: { status: 'COMPLETED', statistics: completed() },
    });
    expect(output.catalog).toMatchObject({
      crawler: 'lakehouse-crawler',
      state: 'SUCCEEDED',
      requestedAt: REQUESTED_AT,
      polls: 2,
    });
    expect(calls.verify).toEqual([{ runId: RUN, tables: ['products', 'orders', 'daily_sales'] }]);
    expect(calls.notify).toEqual([{ runId: RUN, pipeline: 'lakehouse', status: 'SUCCEEDED' }]);
    expect(calls.fail).toBeUndefined();
  });

  it('validates the files of each dataset in its own Map and passes every verdict to settle', async () => {
    const claimed = {
      products: [file(1, 'products')],
      orders: [file(2, 'orders')],
      order_items: [file(3, 'order_items')],
    };
    const verdicts = { products: 'VALIDATED', orders: 'EMPTY', order_items: 'QUARANTINED' } as const;
    const { result, calls } = await run({
      claim: () => ({
        runId: RUN,
        manifestUri: `s3://reports-bucket/runs/${RUN}/manifest.json`,
        lease,
        files: claimed,
      }),
      ...Object.fromEntries(
        datasets.names.map((d) => [
          STATES.validateFile(d),
          (i: unknown) => {
            const { file: f } = LAMBDA_TASKS.validate.input.parse(i);
            return {
              fileId: f.fileId,
              dataset: f.dataset,
              status: verdicts[d as keyof typeof verdicts],
              rowsIn: 4,
              rejectedRows: 4,
            };
          },
        ]),
      ),
      settle: (i) => {
        expect(LAMBDA_TASKS.settle.input.parse(i).validated).toEqual(
          datasets.names.map((d, n) => ({
            dataset: d,
            files: [
              {
                fileId: fileId(n + 1),
                dataset: d,
                status: verdicts[d as keyof typeof verdicts],
                rowsIn: 4,
                rejectedRows: 4,
              },
            ],
          })),
        );
        return { tables: [], files: { processed: 0, quarantined: 1, rejected: 0, empty: 1, returned: 0 } };
      },
    });
    expect(failure(result)).toBeUndefined();
    for (const d of datasets.names) expect(calls[STATES.validateFile(d)]).toHaveLength(1);
  });

  it('ends failed after notifying when the quality gate failed the run', async () => {
    const { result, calls, path } = await run({
      quality: () => ({
        status: 'FAILED',
        warnings: 1,
        summaryUri: 's3://r/x.json',
        qualityReportUri: 's3://r/q.json',
      }),
    });
    expect(failure(result)?.Error).toBe(DEFINITION_ERRORS.qualityGateBlocked);
    expect(path.slice(-3)).toEqual(['notify', 'outcome', 'blocked']);
    expect(calls.notify).toEqual([{ runId: RUN, pipeline: 'lakehouse', status: 'FAILED' }]);
    expect(calls.fail).toBeUndefined();
  });

  it.each([
    ['a job of the workflow failed', { Status: 'COMPLETED', Statistics: completed(1) }],
    ['the workflow run stopped', { Status: 'STOPPED', Statistics: completed() }],
    ['the workflow run errored', { Status: 'ERROR', Statistics: completed() }],
  ])('fails the run when %s', async (_case, glueRun) => {
    const { result, calls, path } = await run({ [loadLoop.poll]: () => ({ Run: glueRun }) });
    expect(failure(result)).toEqual({
      Error: DEFINITION_ERRORS.loadFailed,
      Cause: `Glue workflow run wr_1 ended ${glueRun.Status}: a job failed, timed out or was stopped`,
    });
    expect(path.slice(-5)).toEqual([loadLoop.check, loadLoop.failed, 'fail', 'notify-failure', 'failed']);
    expect(calls.fail).toEqual([
      { runId: RUN, pipeline: 'lakehouse', fileIds: input.fileIds, error: failure(result) },
    ]);
    expect(calls['notify-failure']).toEqual([
      { runId: RUN, pipeline: 'lakehouse', status: 'FAILED', error: failure(result) },
    ]);
    expect(calls.settle).toBeUndefined();
  });

  it('stops polling the workflow after the configured number of polls', async () => {
    const { result, calls } = await run({
      [loadLoop.poll]: () => ({ Run: { Status: 'RUNNING', Statistics: {} } }),
    });
    expect(calls[loadLoop.poll]).toHaveLength(3);
    expect(failure(result)).toEqual({
      Error: DEFINITION_ERRORS.loadTimedOut,
      Cause: 'Glue workflow run wr_1 still RUNNING after 3 polls',
    });
  });

  it('fails the run when the crawl fails or outlasts its polls', async () => {
    const crawlFailed = await run({
      [catalogLoop.poll]: () => ({
        crawler: 'lakehouse-crawler',
        state: 'FAILED',
        requestedAt: REQUESTED_AT,
      }),
    });
    expect(failure(crawlFailed.result)).toEqual({
      Error: DEFINITION_ERRORS.catalogFailed,
      Cause: 'crawler lakehouse-crawler ended FAILED',
    });
    const crawlSlow = await run({
      [catalogLoop.poll]: () => ({
        crawler: 'lakehouse-crawler',
        state: 'RUNNING',
        requestedAt: REQUESTED_AT,
      }),
    });
    expect(failure(crawlSlow.result)?.Error).toBe(DEFINITION_ERRORS.catalogTimedOut);
    expect(crawlSlow.calls[catalogLoop.poll]).toHaveLength(2);
  });

  const catchers = allStates(definition.States)
    .filter(([name, s]) => 'Catch' in s && s.Catch && name !== STATES.fail && name !== STATES.notifyFailure)
    .map(([name]) => name);

  it.each(catchers)('catches an error of %s into fail → notify-failure → failed', async (state) => {
    // A Parallel or Map state fails through the task it runs.
    const target = state === STATES.validate ? STATES.validateFile('orders') : state;
    const thrower = () => {
      throw named('BrokenStepError', `${target} broke`);
    };
    const { result, calls, path } = await run({ [target]: thrower });
    expect(failure(result)).toEqual({ Error: 'BrokenStepError', Cause: `${target} broke` });
    expect(path.slice(-3)).toEqual(['fail', 'notify-failure', 'failed']);
    const inputs = calls[target].map((i) => JSON.stringify(i));
    expect(new Set(inputs).size).toBe(inputs.length); // not a transient error: no retry
    expect(calls.fail).toEqual([
      expect.objectContaining({ error: { Error: 'BrokenStepError', Cause: `${target} broke` } }),
    ]);
  });

  it('still announces the cause when marking the run failed fails, and fails with the cause', async () => {
    const { result, calls } = await run({
      claim: () => {
        throw named('LeaseHeldError', 'pipeline lakehouse is leased by run-other');
      },
      fail: () => {
        throw named('ResourceNotFoundException', 'no table');
      },
    });
    expect(calls['notify-failure']).toEqual([
      expect.objectContaining({
        error: { Error: 'LeaseHeldError', Cause: 'pipeline lakehouse is leased by run-other' },
      }),
    ]);
    expect(failure(result)).toEqual({
      Error: 'LeaseHeldError',
      Cause: 'pipeline lakehouse is leased by run-other',
    });
  });

  it('ends failed with the original cause when the failure notification fails too', async () => {
    const { result, path } = await run({
      verify: () => {
        throw named('EmptyTableError', 'table orders is empty');
      },
      'notify-failure': () => {
        throw named('Lambda.ServiceException', 'SNS down');
      },
    });
    expect(path.slice(-3)).toEqual(['fail', 'notify-failure', 'failed']);
    expect(failure(result)).toEqual({ Error: 'EmptyTableError', Cause: 'table orders is empty' });
  });

  it.each([
    ['a Lambda throttle', STATES.settle, 'Lambda.TooManyRequestsException'],
    ['a concurrent update of the state store', STATES.claim, ConcurrentUpdateError.name],
    ['a transient error inside the Map', STATES.validateFile('products'), 'Lambda.ServiceException'],
    ['a busy Glue workflow', STATES.load, 'Glue.ConcurrentRunsExceededException'],
    ['a Glue service error while polling', loadLoop.poll, 'Glue.InternalServiceException'],
  ])('retries %s and goes on', async (_case, state, error) => {
    const { handlers: h } = scriptedHandlers(datasets);
    const { result, calls } = await run({
      [state]: (raw, call) => {
        if (call === 1) throw named(error);
        return (h[state] as (i: unknown) => unknown)(raw);
      },
    });
    expect(failure(result)).toBeUndefined();
    expect(calls[state]).toHaveLength(2);
  });

  it('gives up on a transient error after the retrier’s attempts and fails the run', async () => {
    const { result, calls } = await run({
      quality: () => {
        throw named('Lambda.TooManyRequestsException');
      },
    });
    expect(failure(result)?.Error).toBe('Lambda.TooManyRequestsException');
    expect(calls.quality).toHaveLength(1 + 6);
  });

  it('reached every state, every Choice branch and every Catch', () => {
    const states = allStates(definition.States);
    expect(states.map(([name]) => name).filter((n) => !entered.has(n))).toEqual([]);
    const branches = states
      .filter(([, s]) => s.Type === 'Choice')
      .flatMap(([name, s]) =>
        [...(s as ChoiceState).Choices.map((c) => c.Next!), (s as ChoiceState).Default].map(
          (to) => `${name} → ${to}`,
        ),
      );
    expect(branches.filter((b) => !transitions.has(b))).toEqual([]);
    const withCatch = states.filter(([, s]) => 'Catch' in s && s.Catch).map(([name]) => name);
    expect(withCatch.filter((n) => !caught.has(n))).toEqual([]);
  });
});
