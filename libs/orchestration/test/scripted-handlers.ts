import type { DatasetRegistry } from '@lakehouse/contracts';
import { LAMBDA_TASKS, STATES, type LambdaTask } from '../src';
import type { TaskHandler } from '../src/local-execution';
import { WORKFLOW } from './fixtures';

/**
 * Scripted task handlers for running a definition in the local interpreter: each parses its input
 * with the state document's schema and returns a valid output, unless a test overrides it.
 */
export const REQUESTED_AT = '2024-06-01T10:30:00.000Z';
export const RUN = 'run-0123456789abcdef0123456789abcdef01234567';
export const fileId = (n: number) => `f-${n.toString(16).padStart(32, '0')}`;
export const input = {
  runId: RUN,
  pipeline: 'lakehouse',
  runStart: '2024-06-01T10:00:00Z',
  fileIds: [1, 2, 3].map(fileId),
};
export const lease = { pipeline: 'lakehouse', holder: RUN, token: 7, acquiredAt: 1, expiresAt: 2 };
export const file = (n: number, dataset: string) => ({
  fileId: fileId(n),
  dataset,
  bucket: 'raw-bucket',
  key: `raw/${dataset}/${n}.csv`,
  eTag: `etag-${n}`,
});

/** A typed error as the libraries throw it: Step Functions matches on its name. */
export const named = (name: string, message = `${name} raised by the test`) =>
  Object.assign(new Error(message), { name });

export type Behaviour = (input: unknown, call: number) => unknown;

/** Every task's handler: parses its input with the state document's schema, returns a valid output. */
export function scriptedHandlers(registry: DatasetRegistry, overrides: Record<string, Behaviour> = {}) {
  const calls: Record<string, unknown[]> = {};
  const lambda = (task: LambdaTask, result: Behaviour) => (raw: unknown) => {
    const parsed = LAMBDA_TASKS[task].input.parse(raw);
    return LAMBDA_TASKS[task].output.parse(result(parsed, 0));
  };
  const defaults: Record<string, TaskHandler> = {
    [STATES.claim]: lambda('claim', () => ({
      runId: RUN,
      manifestUri: `s3://reports-bucket/runs/${RUN}/manifest.json`,
      lease,
      files: {
        products: [file(1, 'products')],
        orders: [file(2, 'orders'), file(3, 'orders')],
        order_items: [],
      },
    })),
    ...Object.fromEntries(
      registry.names.map((d) => [
        STATES.validateFile(d),
        lambda('validate', (i) => {
          const { file: f } = i as { file: { fileId: string; dataset: string } };
          return { fileId: f.fileId, dataset: f.dataset, status: 'VALIDATED', rowsIn: 10, rejectedRows: 0 };
        }),
      ]),
    ),
    [STATES.load]: (raw: { Name: string; RunProperties: Record<string, string> }) => {
      expect(raw).toEqual({
        Name: WORKFLOW,
        RunProperties: { 'manifest-s3-uri': `s3://reports-bucket/runs/${RUN}/manifest.json` },
      });
      return { RunId: 'wr_1' };
    },
    [STATES.loop('load').poll]: (raw: { Name: string; RunId: string }) => {
      expect(raw).toEqual({ Name: WORKFLOW, RunId: 'wr_1', IncludeGraph: false });
      return { Run: { Status: 'COMPLETED', Statistics: completed() } };
    },
    [STATES.settle]: lambda('settle', () => {
      return {
        tables: ['products', 'orders', 'daily_sales'],
        files: { processed: 3, quarantined: 0, rejected: 0, empty: 0, returned: 0 },
      };
    }),
    [STATES.catalog]: lambda('catalog', () => ({
      crawler: 'lakehouse-crawler',
      state: 'RUNNING',
      requestedAt: REQUESTED_AT,
    })),
    [STATES.loop('catalog').poll]: lambda('catalog-poll', () => ({
      crawler: 'lakehouse-crawler',
      state: 'SUCCEEDED',
      requestedAt: REQUESTED_AT,
    })),
    [STATES.verify]: lambda('verify', (i) => ({
      tables: (i as { tables: string[] }).tables.map((table) => ({ table, rows: 5 })),
    })),
    [STATES.quality]: lambda('quality', () => ({
      status: 'SUCCEEDED',
      warnings: 0,
      summaryUri: `s3://reports-bucket/${RUN}.json`,
      qualityReportUri: `s3://reports-bucket/${RUN}.quality.json`,
    })),
    [STATES.notify]: lambda('notify', () => ({ messageId: 'm-1' })),
    [STATES.notifyFailure]: lambda('notify', () => ({ messageId: 'm-2' })),
    [STATES.fail]: lambda('fail', () => ({ runMarkedFailed: true, releasedFiles: 3, leaseReleased: true })),
  };
  const wrapped = Object.fromEntries(
    Object.entries(defaults).map(([state, fallback]) => [
      state,
      (raw: never) => {
        const seen = (calls[state] ??= []);
        seen.push(raw);
        const override = overrides[state];
        return override ? override(raw, seen.length) : (fallback as (i: unknown) => unknown)(raw);
      },
    ]),
  );
  return { handlers: wrapped, calls };
}

export const completed = (failed = 0) => ({
  TotalActions: 4,
  SucceededActions: 4 - failed,
  FailedActions: failed,
  TimeoutActions: 0,
  StoppedActions: 0,
  ErroredActions: 0,
  RunningActions: 0,
  WaitingActions: 0,
});
