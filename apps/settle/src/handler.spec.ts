import type { Context } from 'aws-lambda';
import { claimedRun, openS3Objects, openTestState, registry } from '@lakehouse/pipeline/testing';
import { archivedFile, datasetReport, rawFile } from '@lakehouse/storage';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-settle', awsRequestId: 'req-1' } as Context;

describe('the settle handler', () => {
  it('settles the run from the dataset reports the Glue jobs wrote, completing a partial move, retry-safe', async () => {
    const db = await openTestState('settle-app');
    const s3 = await openS3Objects('settle-app');
    try {
      const ports = { state: db.state, objects: s3.objects, registry };
      const { runId, claim, fileIds } = await claimedRun(
        ports,
        { 'raw/orders/o.csv': 'order_num\n' },
        { bucket: s3.buckets.raw },
      );
      const key = `s3://${s3.buckets.raw}/raw/orders/o.csv`;
      await s3.objects.put(
        datasetReport(runId, 'orders'),
        JSON.stringify({
          runId,
          dataset: 'orders',
          status: 'PUBLISHED',
          published: true,
          files: [{ key, status: 'EMPTY', rowsIn: 0, accepted: 0, rejected: 0 }],
        }),
      );
      // The task input as the settle state's Parameters build it.
      const event = {
        runId,
        pipeline: 'lakehouse',
        manifestUri: claim.manifestUri,
        lease: claim.lease,
        validated: [],
      };
      // An earlier attempt stopped after a partial move: the copy is in the archive, the raw file
      // is still there and the registry has not been told.
      await s3.objects.copy(rawFile('orders', 'o.csv'), archivedFile('orders', runId, 'o.csv'));
      const settle = createHandler(() => ports);
      const expected = {
        tables: ['orders'],
        files: { processed: 0, quarantined: 0, rejected: 0, empty: 1, returned: 0 },
      };
      expect(await settle(event, context)).toEqual(expected);
      expect((await db.state.files.get(fileIds[0]))?.status).toBe('ARCHIVED');
      expect(await s3.objects.exists(archivedFile('orders', runId, 'o.csv'))).toBe(true);
      expect(await s3.objects.exists(rawFile('orders', 'o.csv'))).toBe(false);
      // Step Functions retries the task (the answer was lost): the same result, nothing moved twice.
      expect(await settle(event, context)).toEqual(expected);
    } finally {
      await Promise.all([db.close(), s3.close()]);
    }
  });
});
