import type { Context } from 'aws-lambda';
import { ClaimOutput } from '@lakehouse/orchestration';
import { arriveFiles, openS3Objects, openTestState, registry } from '@lakehouse/pipeline/testing';
import { computeRunId } from '@lakehouse/state';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-claim', awsRequestId: 'req-1' } as Context;

describe('the claim handler', () => {
  it('claims the run the execution was started for and writes its manifest to S3', async () => {
    const db = await openTestState('claim-app');
    const s3 = await openS3Objects('claim-app');
    try {
      const ports = { state: db.state, objects: s3.objects, registry };
      const fileIds = await arriveFiles(ports, { 'raw/orders/o.csv': 'order_num\n' }, { bucket: s3.buckets.raw });
      const runId = computeRunId(fileIds);
      // The execution input, as the trigger starts it and the claim state's Parameters pass it on.
      const event = { runId, pipeline: 'lakehouse', runStart: '2024-06-02T00:00:00.000Z', fileIds };
      const output = ClaimOutput.parse(await createHandler(() => ports)(event, context));
      expect(output.manifestUri).toBe(`s3://${s3.buckets.reports}/${runId}.manifest.json`);
      expect(output.files.orders.map((f) => f.key)).toEqual(['raw/orders/o.csv']);
      expect(await db.state.leases.current('lakehouse')).toMatchObject({ holder: runId });
    } finally {
      await Promise.all([db.close(), s3.close()]);
    }
  });
});
