import type { Context } from 'aws-lambda';
import { MalformedEventError } from '@lakehouse/lambda';
import { claimedRun, openS3Objects, openTestState, registry } from '@lakehouse/pipeline/testing';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-validate', awsRequestId: 'req-1' } as Context;

describe('the validate handler', () => {
  let ports: Awaited<ReturnType<typeof setUp>>;
  async function setUp() {
    const { state, close } = await openTestState('validate-app');
    const s3 = await openS3Objects('validate-app');
    return { state, objects: s3.objects, registry, close: () => Promise.all([close(), s3.close()]) };
  }
  beforeAll(async () => {
    ports = await setUp();
  });
  afterAll(() => ports.close());

  it('validates the Map item it is given and returns its verdict', async () => {
    const runStart = '2024-06-02T00:00:00Z';
    const { runId, claim, fileIds } = await claimedRun(
      ports,
      { 'raw/products/p.csv': 'product_id,department_id,department,product_name\n1,7,produce,Banana\n' },
      { runStart },
    );
    // The task input exactly as the definition's ItemSelector and Parameters shape it.
    const event = { runId, runStart, file: claim.files.products[0] };
    const verdict = await createHandler(() => ports)(event, context);
    expect(verdict).toEqual({
      fileId: fileIds[0],
      dataset: 'products',
      status: 'VALIDATED',
      rowsIn: 1,
      rejectedRows: 0,
    });
    expect((await ports.state.files.get(fileIds[0]))?.status).toBe('VALIDATED');
  });

  it('refuses a malformed event naming each field', async () => {
    const handler = createHandler(() => ports);
    const attempt = handler({ runId: 'run-1', file: { key: 42 } }, context);
    await expect(attempt).rejects.toThrow(MalformedEventError);
    await expect(handler({ runId: 'run-1', file: { key: 42 } }, context)).rejects.toThrow(
      /^malformed validate task input: runStart: .*; file\.fileId: .*; file\.dataset: .*; file\.bucket: .*; file\.key: Invalid input: expected string, received number/,
    );
  });
});
