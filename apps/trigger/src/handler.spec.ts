import type { Context } from 'aws-lambda';
import { datasets } from '@lakehouse/contracts';
import { MalformedEventError } from '@lakehouse/lambda';
import { buildStateMachine, STATES, taskStates } from '@lakehouse/orchestration';
import { InterpreterExecutionStarter, type TaskHandler } from '@lakehouse/orchestration/local';
import { openTestState } from '@lakehouse/pipeline/testing';
import { computeRunId, fileIdOf, type StateStore } from '@lakehouse/state';
import { S3_TEST_EVENT, s3NotificationBody, sqsThrough, type CreatedObject } from '../test/s3-sqs-events';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-trigger', awsRequestId: 'req-1' } as Context;
const PIPELINE = 'lakehouse';
const arn = (step: string) => `arn:aws:lambda:eu-west-1:123456789012:function:lakehouse-test-${step}`;
const definition = buildStateMachine({
  registry: datasets,
  glueWorkflowName: 'lakehouse-test-load',
  functions: {
    claim: arn('claim'),
    validate: arn('validate'),
    settle: arn('settle'),
    catalog: arn('catalog'),
    verify: arn('verify'),
    quality: arn('quality'),
    notify: arn('notify'),
    fail: arn('fail'),
  },
});

class StopAfterClaimError extends Error {
  override readonly name = 'StopAfterClaimError';
}

const object = (key: string, eTag: string, sequencer = '0055AED6DCD90281E5'): CreatedObject => ({
  bucket: 'lakehouse-test-raw',
  key,
  eTag,
  size: 120,
  sequencer,
});

describe('the trigger handler', () => {
  let state: StateStore;
  let close: () => Promise<unknown>;
  let sqs: Awaited<ReturnType<typeof sqsThrough>>;
  let starter: InterpreterExecutionStarter;
  let claimed: unknown[];

  beforeEach(async () => {
    const db = await openTestState('trigger');
    sqs = await sqsThrough();
    state = db.state;
    close = () => Promise.all([db.close(), sqs.close()]);
    claimed = [];
    // The executions run the real definition in the local interpreter; this suite only needs to
    // know what was started, so the run stops at claim (and its failure path answers).
    const handlers: Record<string, TaskHandler> = Object.fromEntries(
      taskStates(definition).map(({ state: name }) => [
        name,
        () => {
          throw new Error(`${name} is not part of this test`);
        },
      ]),
    );
    handlers[STATES.claim] = (input: never) => {
      claimed.push(input);
      throw new StopAfterClaimError('stopped after the start');
    };
    handlers[STATES.fail] = () => ({ runMarkedFailed: false, releasedFiles: 0, leaseReleased: false });
    handlers[STATES.notifyFailure] = () => ({ messageId: 'm' });
    starter = new InterpreterExecutionStarter(definition, { handlers });
  });
  afterEach(() => close());

  const handler = () =>
    createHandler(() => ({ state, registry: datasets, starter, run: { pipeline: PIPELINE } }));

  const files = [
    object('raw/products/products 2024-06-01.csv', '"a1"'),
    object('raw/orders/2024/06/01/orders.csv', 'b2'),
    object('raw/order_items/items.csv', 'c3'),
  ];
  const idOf = (o: CreatedObject) => fileIdOf({ bucket: o.bucket, key: o.key, eTag: o.eTag });

  it('registers each file once and starts one run when the same events arrive 3× concurrently', async () => {
    const events = await Promise.all(
      [1, 2, 3].map(() => sqs.deliver(files.map((f) => s3NotificationBody(f)))),
    );
    const responses = await Promise.all(events.map((event) => handler()(event, context)));
    expect(responses).toEqual([1, 2, 3].map(() => ({ batchItemFailures: [] })));

    const registered = (await Promise.all(datasets.names.map((d) => state.files.listPending(d)))).flat();
    expect(registered.map((f) => f.key).sort()).toEqual(files.map((f) => f.key).sort());
    expect(registered.find((f) => f.dataset === 'products')).toMatchObject({
      key: 'raw/products/products 2024-06-01.csv', // decoded from S3's `products+2024-06-01.csv`
      eTag: '"a1"',
      sequencer: '0055AED6DCD90281E5',
    });

    const runId = computeRunId(files.map(idOf));
    expect([...starter.executions.keys()]).toEqual([runId]);
    await starter.executions.get(runId);
    expect(claimed).toEqual([
      {
        runId,
        pipeline: PIPELINE,
        runStart: expect.any(String),
        fileIds: expect.arrayContaining(files.map(idOf)),
      },
    ]);
  });

  it('takes duplicate and out-of-order notifications as the same file; a new upload is a new file', async () => {
    const first = object('raw/orders/o.csv', 'e1', '0002');
    await handler()(
      await sqs.deliver([s3NotificationBody(first), s3NotificationBody({ ...first, sequencer: '0001' })]),
      context,
    );
    await handler()(await sqs.deliver([s3NotificationBody(first)]), context);
    expect((await state.files.listPending('orders')).map((f) => f.fileId)).toEqual([idOf(first)]);
    await handler()(
      await sqs.deliver([s3NotificationBody({ ...first, eTag: 'e2', sequencer: '0003' })]),
      context,
    );
    expect(await state.files.listPending('orders')).toHaveLength(2);
    expect(starter.executions.size).toBe(0); // products and order_items have nothing pending
  });

  it('acknowledges and registers nothing for keys the policy refuses: path traversal, unknown dataset, not CSV', async () => {
    const refused = [
      object('raw/orders/../../config/secrets.csv', 'x1'),
      object('raw/returns/r.csv', 'x3'),
      object('raw/orders/o.json', 'x4'),
      object('exports/orders/o.csv', 'x5'),
    ];
    const event = await sqs.deliver(refused.map((o) => s3NotificationBody(o)));
    expect(await handler()(event, context)).toEqual({ batchItemFailures: [] });
    for (const d of datasets.names) expect(await state.files.listPending(d)).toEqual([]);
    for (const o of refused) expect(await state.files.get(idOf(o))).toBeUndefined();
  });

  it('reports a poison message as a batch item failure and still registers the rest of the batch', async () => {
    const good = object('raw/orders/o.csv', 'g1');
    const event = await sqs.deliver([
      s3NotificationBody(good),
      'this is not JSON',
      JSON.stringify({ Records: [{ eventSource: 'aws:s3', s3: {} }] }),
      S3_TEST_EVENT,
      s3NotificationBody(object('raw/orders/gone.csv', 'd1'), 'ObjectRemoved:Delete'),
    ]);
    const poison = event.Records.filter((r) => r.body === 'this is not JSON' || r.body.includes('"s3":{}'));
    const response = await handler()(event, context);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      poison.map((r) => r.messageId).sort(),
    );
    expect((await state.files.listPending('orders')).map((f) => f.key)).toEqual(['raw/orders/o.csv']);
  });

  it('refuses an event that is not an SQS batch, clearly', async () => {
    await expect(
      handler()({ Records: [{ s3: { object: { key: 'raw/orders/a.csv' } } }] }, context),
    ).rejects.toThrow(MalformedEventError);
    await expect(handler()({ hello: 'world' }, context)).rejects.toThrow(/^malformed SQS event: Records: /);
  });
});
