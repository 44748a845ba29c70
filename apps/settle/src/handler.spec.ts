import type { Context } from 'aws-lambda';
import { claimRun, registerArrival } from '@lakehouse/pipeline/steps';
import { openS3Objects, openTestState, registry } from '@lakehouse/pipeline/testing';
import { computeRunId } from '@lakehouse/state';
import { archivedFile, datasetReport, rawFile } from '@lakehouse/storage';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-settle', awsRequestId: 'req-1' } as Context;

describe('the settle handler', () => {
  it('settles the run from the dataset reports the Glue jobs wrote, completing a partial move, retry-safe', async () => {
    const db = await openTestState('settle-app');
    const s3 = await openS3Objects('settle-app');
    try {
      const ports = { state: db.state, objects: s3.objects, registry };
      const { eTag } = await s3.objects.put(rawFile('orders', 'o.csv'), 'order_num\n');
      const arrival = await registerArrival(ports, { bucket: s3.buckets.raw, key: 'raw/orders/o.csv', eTag });
      if (arrival.outcome === 'refused') throw new Error(arrival.reason);
      const runId = computeRunId([arrival.fileId]);
      const claim = await claimRun(ports, {
        runId,
        pipeline: 'lakehouse',
        runStart: '2024-06-02T00:00:00Z',
        fileIds: [arrival.fileId],
      });
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
      expect((await db.state.files.get(arrival.fileId))?.status).toBe('ARCHIVED');
      expect(await s3.objects.exists(archivedFile('orders', runId, 'o.csv'))).toBe(true);
      expect(await s3.objects.exists(rawFile('orders', 'o.csv'))).toBe(false);
      // Step Functions retries the task (the answer was lost): the same result, nothing moved twice.
      expect(await settle(event, context)).toEqual(expected);
    } finally {
      await Promise.all([db.close(), s3.close()]);
    }
  });
});
