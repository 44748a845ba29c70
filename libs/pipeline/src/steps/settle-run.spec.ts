import type { ClaimOutput } from '@lakehouse/orchestration';
import type { StateStore } from '@lakehouse/state';
import { archivedFile, datasetReport, rawFile, type ObjectStore } from '@lakehouse/storage';
import { csv, ORDERS, PRODUCTS } from '../../test/fixtures';
import { claimedRun, openCloudPorts } from '../../test/step-context';
import { FileOutcomeMissingError, settleRun } from './index';

const PIPELINE = 'lakehouse';

/** A dataset job's report (the Glue runner's shape) with one entry per file of the manifest. */
function report(
  runId: string,
  dataset: string,
  status: string,
  files: { key: string; status: string; rowsIn: number; accepted: number }[],
) {
  return {
    runId,
    dataset,
    job: dataset,
    status,
    published: status === 'PUBLISHED' || status === 'REBUILT',
    rowsIn: files.reduce((n, f) => n + f.rowsIn, 0),
    files: files.map((f) => ({
      ...f,
      rejected: f.rowsIn - f.accepted,
      ...(f.status === 'QUARANTINED'
        ? { error: { code: 'FILE_QUARANTINED', message: `${f.key}: too many rows rejected` } }
        : {}),
    })),
  };
}

describe('settling a run in S3', () => {
  let state: StateStore;
  let objects: ObjectStore;
  let close: () => Promise<unknown>;
  let claim: ClaimOutput;
  let runId: string;

  beforeEach(async () => {
    ({ state, objects, close } = await openCloudPorts('settle'));
    ({ runId, claim } = await claimedRun(
      { state, objects },
      {
        'raw/products/p.csv': csv(PRODUCTS, '1,7,produce,Banana'),
        'raw/orders/2024/06/a.csv': csv(ORDERS, '1,10,100,2024-06-01T10:00:00Z,12.5,2024-06-01'),
        'raw/orders/b.csv': csv(ORDERS, '1,x,100,2024-06-01T10:00:00Z,12.5,2024-06-01'),
      },
      { pipeline: PIPELINE },
    ));
  });
  afterEach(() => close());

  const uri = (file: { key: string }) =>
    objects.locationOf(rawFile(file.key.split('/')[1], file.key.split('/').slice(2).join('/')));

  async function writeReports(productsStatus = 'PUBLISHED') {
    const [a, b] = claim.files.orders;
    const [p] = claim.files.products;
    await objects.put(
      datasetReport(runId, 'products'),
      JSON.stringify(
        report(runId, 'products', productsStatus, [
          { key: uri(p), status: 'PROCESSED', rowsIn: 1, accepted: 1 },
        ]),
      ),
    );
    await objects.put(
      datasetReport(runId, 'orders'),
      JSON.stringify(
        report(runId, 'orders', 'PUBLISHED', [
          { key: uri(a), status: 'PROCESSED', rowsIn: 1, accepted: 1 },
          { key: uri(b), status: 'QUARANTINED', rowsIn: 1, accepted: 0 },
        ]),
      ),
    );
    await objects.put(
      datasetReport(runId, 'order_items'),
      JSON.stringify(report(runId, 'order_items', 'NOTHING_TO_DO', [])),
    );
    await objects.put(
      datasetReport(runId, 'daily_sales'),
      JSON.stringify(report(runId, 'daily_sales', 'REBUILT', [])),
    );
  }

  const statuses = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.values(claim.files)
          .flat()
          .map(async (f) => [f.key, (await state.files.get(f.fileId))!.status]),
      ),
    );

  it('records each outcome, archives every file, and names the tables that changed', async () => {
    await writeReports();
    const out = await settleRun(
      { state, objects },
      { runId, pipeline: PIPELINE, manifestUri: claim.manifestUri, lease: claim.lease, validated: [] },
    );
    expect(out).toEqual({
      tables: ['products', 'orders', 'daily_sales'],
      files: { processed: 2, quarantined: 1, rejected: 0, empty: 0, returned: 0 },
    });
    expect(await statuses()).toEqual({
      'raw/products/p.csv': 'ARCHIVED',
      'raw/orders/2024/06/a.csv': 'ARCHIVED',
      'raw/orders/b.csv': 'ARCHIVED',
    });
    const quarantined = await state.files.get(claim.files.orders[1].fileId);
    expect(quarantined?.history.map((h) => h.event)).toEqual([
      'RECEIVED',
      'CLAIMED',
      'QUARANTINED',
      'ARCHIVED',
    ]);
    expect(quarantined?.reason).toBe(`${uri(claim.files.orders[1])}: too many rows rejected`);
    expect(await objects.exists(archivedFile('orders', runId, '2024/06/a.csv'))).toBe(true);
    expect(await objects.exists(rawFile('orders', '2024/06/a.csv'))).toBe(false);
  });

  it('gives the files of a blocked dataset back, still in the raw zone', async () => {
    await writeReports('BLOCKED');
    const out = await settleRun(
      { state, objects },
      { runId, pipeline: PIPELINE, manifestUri: claim.manifestUri, lease: claim.lease, validated: [] },
    );
    expect(out.files.returned).toBe(1);
    expect(out.tables).not.toContain('products');
    const product = await state.files.get(claim.files.products[0].fileId);
    expect(product).toMatchObject({ status: 'VALIDATED' });
    expect(product?.runId).toBeUndefined();
    expect(await objects.exists(rawFile('products', 'p.csv'))).toBe(true);
    expect((await state.files.listPending('products')).map((f) => f.fileId)).toEqual([
      claim.files.products[0].fileId,
    ]);
  });

  it('completes an archive interrupted after a partial move', async () => {
    await writeReports();
    const [a, b] = claim.files.orders;
    // A first attempt copied a and deleted it from raw/, copied b, and died before marking either.
    await objects.copy(rawFile('orders', '2024/06/a.csv'), archivedFile('orders', runId, '2024/06/a.csv'));
    await objects.delete(rawFile('orders', '2024/06/a.csv'));
    await objects.copy(rawFile('orders', 'b.csv'), archivedFile('orders', runId, 'b.csv'));
    await state.files.transition(a.fileId, 'VALIDATED', { runId });
    await state.files.transition(a.fileId, 'PROCESSED', { runId });

    await settleRun(
      { state, objects },
      { runId, pipeline: PIPELINE, manifestUri: claim.manifestUri, lease: claim.lease, validated: [] },
    );
    expect(await statuses()).toEqual({
      'raw/products/p.csv': 'ARCHIVED',
      'raw/orders/2024/06/a.csv': 'ARCHIVED',
      'raw/orders/b.csv': 'ARCHIVED',
    });
    for (const name of ['2024/06/a.csv', 'b.csv']) {
      expect(await objects.exists(rawFile('orders', name))).toBe(false);
      expect(await objects.exists(archivedFile('orders', runId, name))).toBe(true);
    }
    expect((await objects.head(archivedFile('orders', runId, 'b.csv'))).eTag).toBe(b.eTag);
    // And once more: nothing left to do, nothing fails.
    await expect(
      settleRun(
        { state, objects },
        { runId, pipeline: PIPELINE, manifestUri: claim.manifestUri, lease: claim.lease, validated: [] },
      ),
    ).resolves.toMatchObject({ files: { processed: 2, quarantined: 1 } });
  });

  it('fails naming a file the dataset report does not account for, and settles nothing of it', async () => {
    await writeReports();
    await objects.put(
      datasetReport(runId, 'orders'),
      JSON.stringify(report(runId, 'orders', 'PUBLISHED', [])),
    );
    const attempt = settleRun(
      { state, objects },
      { runId, pipeline: PIPELINE, manifestUri: claim.manifestUri, lease: claim.lease, validated: [] },
    );
    await expect(attempt).rejects.toThrow(
      new FileOutcomeMissingError(runId, 'orders', uri(claim.files.orders[0])),
    );
    expect((await state.files.get(claim.files.orders[0].fileId))?.status).toBe('RECEIVED');
  });
});
