import type { DatasetRegistry } from '@lakehouse/contracts';
import type { Catalog } from '../catalog/catalog';
import type { Naming } from '../core/naming';
import type { LakehouseKey } from '../kms/lakehouse-key';
import type { VpcPlacement } from '../network/network-interfaces';
import type { StateTable } from '../state/state-table';
import type { LakehouseBucket } from '../storage/lakehouse-bucket';

/** How big and how patient each job run is. */
export interface GlueJobSizing {
  /**
   * @default 'G.1X'
   */
  readonly workerType?: 'G.1X' | 'G.2X' | 'G.4X' | 'G.8X';
  /**
   * Workers of a run; with auto scaling, the most Glue may use.
   * @default 10
   */
  readonly maxWorkers?: number;
  /**
   * Let Glue add and remove workers as the stage needs (`--enable-auto-scaling`).
   * @default true
   */
  readonly autoScaling?: boolean;
  /**
   * A run still going after this many minutes is stopped (TIMEOUT).
   * @default 120
   */
  readonly timeoutMinutes?: number;
  /**
   * Glue's own retries of a failed run (the jobs are idempotent per run id).
   * @default 1
   */
  readonly maxRetries?: number;
}

export interface GlueBuckets {
  readonly assets: LakehouseBucket;
  readonly raw: LakehouseBucket;
  readonly lakehouse: LakehouseBucket;
  readonly rejected: LakehouseBucket;
  readonly reports: LakehouseBucket;
}

export interface GlueProps {
  readonly naming: Naming;
  /**
   * The datasets: one job each, in their foreign-key order.
   * @default the platform's registry (`datasets` of @lakehouse/contracts)
   */
  readonly registry?: DatasetRegistry;
  /** The Glue runner's bundle folder (`nx run glue-jobs:bundle` writes dist/apps/glue-jobs). */
  readonly runnerDir: string;
  readonly buckets: GlueBuckets;
  readonly catalog: Catalog;
  /** The state table holding the jobs' bookmarks. */
  readonly bookmarks: StateTable;
  /** The Glue NETWORK connections of the private subnets. */
  readonly connectionNames: readonly string[];
  readonly placement: VpcPlacement;
  readonly logsKey: LakehouseKey;
  readonly logRetentionDays: number;
  /**
   * Sizing of every job.
   * @default the defaults of each field
   */
  readonly sizing?: GlueJobSizing;
}
