import { parseDocument } from '@lakehouse/contracts';
import type { ClaimOutput } from '@lakehouse/orchestration';
import { LeaseLostError, type StateStore } from '@lakehouse/state';
import { datasetReport, qualityReport, runSummary, type ObjectStore } from '@lakehouse/storage';
import { csv, ORDERS, PRODUCTS } from '../../test/fixtures';
import { claimedRun, gluedDatasetReport as report, openCloudPorts, registry } from '../../test/step-context';
import { assessRunQuality, readJson } from './index';

const PIPELINE = 'lakehouse';
const NOW = new Date('2024-06-02T01:00:00Z');

describe('assessing a run’s quality in S3', () => {
  let state: StateStore;
  let objects: ObjectStore;
  let close: () => Promise<unknown>;
  let claim: ClaimOutput;
  let runId: string;

  beforeEach(async () => {
    ({ state, objects, close } = await openCloudPorts('quality'));
    ({ runId, claim } = await claimedRun(
      { state, objects },
      {
        'raw/products/a.csv': csv(PRODUCTS, '1,7,produce,Banana'),
        'raw/orders/a.csv': csv(ORDERS, '1,10,100,2024-06-01T10:00:00Z,12.5,2024-06-01'),
      },
      { pipeline: PIPELINE },
    ));
  });
  afterEach(() => close());

  async function writeReports(orders: Parameters<typeof report>[4] = {}) {
    for (const [dataset, options] of [
      ['products', {}],
      ['orders', orders],
    ] as const) {
      const key = claim.files[dataset][0].key;
      await objects.put(
        datasetReport(runId, dataset),
        JSON.stringify(report(runId, dataset, key, 10, options)),
      );
    }
  }
  const ports = () => ({ state, objects, registry, now: () => NOW });
  const input = () => ({ runId, pipeline: PIPELINE, lease: claim.lease });

  it('writes the quality report and the run summary, finishes the run and gives the lease back', async () => {
    await writeReports();
    const { output, summary } = await assessRunQuality(ports(), input());
    expect(output).toEqual({
      status: 'SUCCEEDED',
      warnings: 0,
      summaryUri: objects.locationOf(runSummary(runId)),
      qualityReportUri: objects.locationOf(qualityReport(runId, 'json')),
    });
    const written = parseDocument('run-summary', await readJson(objects, runSummary(runId)), 'summary');
    expect(written).toEqual(summary);
    expect(written.datasets.orders).toMatchObject({
      rowsIn: 10,
      accepted: 10,
      published: true,
      quality: { score: 100, passed: true },
    });
    const quality = parseDocument(
      'quality-report',
      await readJson(objects, qualityReport(runId, 'json')),
      'quality',
    );
    expect(quality).toMatchObject({ runId, runStatus: 'SUCCEEDED', generatedAt: NOW.toISOString() });
    expect(await objects.exists(qualityReport(runId, 'html'))).toBe(true);

    const run = await state.runs.get(runId);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      datasets: { orders: { rowsIn: 10, nullRates: { name: 0 } } },
    });
    expect((await state.breaker.status(PIPELINE)).consecutiveFailures).toBe(0);
    expect(await state.leases.current(PIPELINE)).toBeUndefined();

    // A retry after the run was finished (the answer was lost) writes nothing and says the same.
    expect((await assessRunQuality(ports(), input())).output).toEqual(output);
  });

  it('fails the run a quality gate blocked, naming the dataset, and counts it in the breaker', async () => {
    await writeReports({ nulls: 9, published: false });
    const { output, summary } = await assessRunQuality(ports(), input());
    expect(output).toMatchObject({ status: 'FAILED' });
    expect(output.warnings).toBeGreaterThan(0);
    expect(summary.datasets.orders).toMatchObject({ published: false, reasons: { NOT_NULL: 9 } });
    expect(await state.runs.get(runId)).toMatchObject({ status: 'FAILED' });
    const breaker = await state.breaker.status(PIPELINE);
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it('reports the cross-dataset checks the dataset jobs ran, read from their reports', async () => {
    const check = {
      name: 'orders_have_items',
      description: 'every accepted order of the run has at least one accepted item in the run',
      checked: 10,
      violations: 2,
      examples: [{ order_id: 10 }, { order_id: 11 }],
    };
    await writeReports({ crossChecks: [check] });
    const { output, quality } = await assessRunQuality(ports(), input());
    expect(quality.crossChecks).toEqual([check]);
    expect(quality.warnings).toEqual([expect.stringContaining('cross-check orders_have_items')]);
    expect(output.status).toBe('SUCCEEDED_WITH_WARNINGS');
  });

  it('refuses cross-dataset checks not in the document shape, naming the field', async () => {
    await writeReports({
      crossChecks: [
        { name: 'orders_have_items', description: 'd', checked: 1, violations: -1, examples: [] },
      ],
    });
    await expect(assessRunQuality(ports(), input())).rejects.toThrow(
      /orders\.json: not a valid dataset-report: crossChecks\[0\]\.violations: /,
    );
  });

  it('refuses a malformed dataset report naming the object and the field, and a run that lost its lease', async () => {
    await writeReports();
    await objects.put(
      datasetReport(runId, 'orders'),
      JSON.stringify({ ...report(runId, 'orders', 'k', 1), rowsIn: -1 }),
    );
    await expect(assessRunQuality(ports(), input())).rejects.toThrow(
      /orders\.json: not a valid dataset-report: rowsIn/,
    );
    await state.leases.release(claim.lease);
    await expect(assessRunQuality(ports(), input())).rejects.toThrow(LeaseLostError);
  });
});
