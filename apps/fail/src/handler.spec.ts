import type { Context } from 'aws-lambda';
import { claimedRun, openLocalObjects, openTestState } from '@lakehouse/pipeline/testing';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-fail', awsRequestId: 'req-1' } as Context;

describe('the fail handler', () => {
  it('marks the run FAILED with the cause a Catch recorded from a Lambda error, and gives everything back', async () => {
    const db = await openTestState('fail-app');
    const { objects } = await openLocalObjects('fail-app');
    try {
      const { state } = db;
      const { runId, fileIds } = await claimedRun(
        { state, objects },
        { 'raw/orders/o.csv': 'order_num\n' },
        { bucket: 'local' },
      );
      // `$.error` as Step Functions writes it for a Lambda function that threw.
      const error = {
        Error: 'ObjectStoreUnavailableError',
        Cause: JSON.stringify({
          errorType: 'ObjectStoreUnavailableError',
          errorMessage: 's3://lakehouse-raw/raw/orders/o.csv: still unavailable after retries',
          trace: ['ObjectStoreUnavailableError: …', '    at S3ObjectStore.get'],
        }),
      };
      const event = { runId, pipeline: 'lakehouse', fileIds, error };
      expect(await createHandler(() => ({ state }))(event, context)).toEqual({
        runMarkedFailed: true,
        releasedFiles: 1,
        leaseReleased: true,
      });
      expect(await state.runs.get(runId)).toMatchObject({
        status: 'FAILED',
        error: {
          name: 'ObjectStoreUnavailableError',
          message: 's3://lakehouse-raw/raw/orders/o.csv: still unavailable after retries',
        },
      });
      expect((await state.files.listPending('orders')).map((f) => f.fileId)).toEqual(fileIds);
    } finally {
      await db.close();
    }
  });
});
