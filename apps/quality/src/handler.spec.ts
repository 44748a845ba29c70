import type { Context } from 'aws-lambda';
import { stdoutLines } from '@lakehouse/lambda/testing';
import {
  claimedRun,
  gluedDatasetReport,
  openS3Objects,
  openTestState,
  registry,
} from '@lakehouse/pipeline/testing';
import { datasetReport } from '@lakehouse/storage';
import { createHandler } from './handler';

const context = { functionName: 'lakehouse-test-quality', awsRequestId: 'req-1' } as Context;

describe('the quality handler', () => {
  it('finishes the run from the jobs’ reports and publishes rows, rejects by code and the score per dataset', async () => {
    const db = await openTestState('quality-app');
    const s3 = await openS3Objects('quality-app');
    try {
      const ports = { state: db.state, objects: s3.objects, registry };
      const { runId, claim } = await claimedRun(
        ports,
        { 'raw/orders/o.csv': 'order_num\n' },
        { bucket: s3.buckets.raw },
      );
      const report = gluedDatasetReport(runId, 'orders', claim.files.orders[0].key, 4, { nulls: 1 });
      await s3.objects.put(datasetReport(runId, 'orders'), JSON.stringify(report));

      // The task input as the quality state's Parameters build it.
      const event = { runId, pipeline: 'lakehouse', lease: claim.lease };
      let output: unknown;
      const lines = await stdoutLines(async () => {
        output = await createHandler(() => ports)(event, context);
      });
      expect(output).toMatchObject({
        status: expect.stringMatching(/^SUCCEEDED/),
        summaryUri: expect.any(String),
      });
      expect((await db.state.runs.get(runId))?.status).toBe((output as { status: string }).status);

      const metric = (name: string) => lines.find((l) => name in l) as Record<string, unknown> | undefined;
      expect(metric('RowsIn')).toMatchObject({ dataset: 'orders', RowsIn: 4 });
      expect(metric('RowsAccepted')).toMatchObject({ dataset: 'orders', RowsAccepted: 3 });
      expect(metric('RowsRejected')).toMatchObject({ dataset: 'orders', code: 'NOT_NULL', RowsRejected: 1 });
      expect(metric('QualityScore')).toMatchObject({ dataset: 'orders', QualityScore: expect.any(Number) });
      expect(metric('QualityScore')!.QualityScore).toBeLessThan(100);
      // 1 NOT_NULL of 4 rows: completeness under orders' threshold, so the gate failed.
      expect(metric('QualityGateBreached')).toMatchObject({ dataset: 'orders', QualityGateBreached: 1 });
    } finally {
      await Promise.all([db.close(), s3.close()]);
    }
  });
});
