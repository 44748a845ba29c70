import type { PipelineStep } from '@lakehouse/contracts';
import type { FUNCTION_ENVIRONMENT } from '@lakehouse/lambda';
import { archivedFile, datasetReport, rawFile, runManifest } from '@lakehouse/storage';
import type { Catalog } from '../catalog/catalog';
import type { IGrantable } from '../core/grants';
import type { LakehouseTopic } from '../messaging/lakehouse-topic';
import type { Orchestration } from '../orchestration/orchestration';
import type { Query } from '../query/query';
import type { State } from '../state/state';
import type { BucketZone, Storage } from '../storage/storage';

/** What the functions' steps act on. */
export interface StepResources {
  readonly storage: Storage;
  readonly state: State;
  readonly catalog: Catalog;
  readonly query: Query;
  /** The run announcements (success or failure of each run). */
  readonly notifications: LakehouseTopic;
  readonly orchestration: Orchestration;
}

/** The variables of `FUNCTION_ENVIRONMENT` infra sets (`requiredDatasets` keeps its default: every dataset). */
export type StepVariable = Exclude<keyof typeof FUNCTION_ENVIRONMENT, 'requiredDatasets'>;

export interface StepAccess {
  /** The zones whose bucket the step's handler is told about (an environment variable each). */
  readonly zones: readonly BucketZone[];
  /** The other variables of `FUNCTION_ENVIRONMENT` (@lakehouse/lambda) the handler reads. */
  readonly variables: readonly StepVariable[];
  readonly grant: (fn: IGrantable, r: StepResources) => void;
}

const anyKey = '*';
const readWriteState = (fn: IGrantable, r: StepResources, ...tables: ('files' | 'runs' | 'control')[]) =>
  tables.forEach((t) => r.state.tables[t].grantReadWriteData(fn));

/**
 * What each step's handler may touch: the smallest set of zones, tables and services its work
 * needs (see libs/pipeline's steps and libs/state's access patterns). A function running several
 * steps gets the union.
 */
export const STEP_ACCESS: Readonly<Record<Exclude<PipelineStep, 'load'>, StepAccess>> = {
  register: {
    // apps/trigger: registers arrivals (the files table and its pending index), reads the lease
    // and the breaker, starts executions.
    zones: [],
    variables: ['pipeline', 'stateTablePrefix', 'stateMachineArn'],
    grant: (fn, r) => {
      r.state.tables.files.grant(
        fn,
        'dynamodb:PutItem',
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
      );
      r.state.tables.runs.grant(fn, 'dynamodb:GetItem');
      r.state.tables.control.grant(fn, 'dynamodb:GetItem');
      r.orchestration.grantStartExecution(fn);
    },
  },
  claim: {
    zones: ['reports'],
    variables: ['stateTablePrefix', 'leaseTtlSeconds'],
    grant: (fn, r) => {
      r.storage.buckets.reports.grantWrite(fn, runManifest(anyKey).key);
      readWriteState(fn, r, 'files', 'runs', 'control');
    },
  },
  validate: {
    // apps/validate: reads the file, moves it to VALIDATED; rejected rows are the engine's to write.
    zones: ['raw'],
    variables: ['stateTablePrefix'],
    grant: (fn, r) => {
      r.storage.buckets.raw.grantRead(fn, rawFile(anyKey, anyKey).key);
      r.state.tables.files.grant(fn, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    },
  },
  settle: {
    zones: ['raw', 'archive', 'reports'],
    variables: ['stateTablePrefix'],
    grant: (fn, r) => {
      r.storage.buckets.raw.grantRead(fn, rawFile(anyKey, anyKey).key);
      r.storage.buckets.raw.grantDelete(fn, rawFile(anyKey, anyKey).key);
      r.storage.buckets.archive.grantWrite(fn, archivedFile(anyKey, anyKey, anyKey).key);
      r.storage.buckets.reports.grantRead(fn);
      // The file registry's lookups and transitions; the lease check (a fenced update of the lease).
      r.state.tables.files.grant(fn, 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem');
      r.state.tables.control.grant(fn, 'dynamodb:UpdateItem');
    },
  },
  catalog: {
    zones: [],
    variables: ['crawler'],
    grant: (fn, r) => r.catalog.grantStartCrawler(fn),
  },
  verify: {
    // The workgroup's enforced configuration holds the results location. The reports bucket: the
    // run's dataset reports say which tables the run published no row to (they may stay empty).
    zones: ['reports'],
    variables: ['database', 'athenaWorkGroup'],
    grant: (fn, r) => {
      r.storage.buckets.reports.grantRead(fn, datasetReport(anyKey, anyKey).key);
      r.query.grantQuery(fn);
      r.catalog.grantReadTables(fn);
      r.storage.buckets.lakehouse.grantRead(fn);
    },
  },
  quality: {
    zones: ['reports'],
    variables: ['stateTablePrefix'],
    grant: (fn, r) => {
      r.storage.buckets.reports.grantReadWrite(fn);
      readWriteState(fn, r, 'runs', 'control');
    },
  },
  notify: {
    zones: ['reports'],
    variables: ['topicArn', 'idempotencyTable'],
    grant: (fn, r) => {
      // The run summary; the run's state comes in the task input, not from the tables.
      r.storage.buckets.reports.grantRead(fn);
      r.notifications.grantPublish(fn);
      // Powertools idempotency: the record is read, written, updated on completion, deleted on failure.
      r.state
        .requireIdempotency()
        .grant(fn, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
    },
  },
  fail: {
    zones: [],
    variables: ['stateTablePrefix'],
    grant: (fn, r) => readWriteState(fn, r, 'files', 'runs', 'control'),
  },
};
