import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Bookmarks } from './bookmarks';
import { CircuitBreaker, type CircuitBreakerProps } from './circuit-breaker';
import type { Clock } from './clock';
import { FileRegistry } from './file-registry';
import { LeaseManager } from './lease';
import { RunStore } from './run-store';
import { stateTableNames, type StateTableNames } from './tables';

export interface StateStoreProps {
  readonly client: DynamoDBClient;
  /** Table names, or a prefix for `stateTableNames`. @default stateTableNames('lakehouse-') */
  readonly tables?: StateTableNames | string;
  /** @default Date.now */
  readonly clock?: Clock;
  /** @default 900_000 (15 min) */
  readonly leaseTtlMs?: number;
  /** @default { failureThreshold: 3, coolDownMs: 600_000 } */
  readonly breaker?: Pick<CircuitBreakerProps, 'failureThreshold' | 'coolDownMs' | 'trialTimeoutMs'>;
  /** TTL retention of finished runs. @default forever */
  readonly runRetentionDays?: number;
  /** TTL retention of ARCHIVED file records. @default forever */
  readonly archivedFileRetentionDays?: number;
}

/** All state components over one client, one set of tables and one clock. */
export interface StateStore {
  readonly tables: StateTableNames;
  readonly files: FileRegistry;
  readonly runs: RunStore;
  readonly bookmarks: Bookmarks;
  readonly leases: LeaseManager;
  readonly breaker: CircuitBreaker;
}

export function createStateStore(props: StateStoreProps): StateStore {
  const tables = typeof props.tables === 'object' ? props.tables : stateTableNames(props.tables);
  const { client, clock } = props;
  return {
    tables,
    files: new FileRegistry({
      client,
      clock,
      tableName: tables.files,
      archivedRetentionDays: props.archivedFileRetentionDays,
    }),
    runs: new RunStore({ client, clock, tableName: tables.runs, retentionDays: props.runRetentionDays }),
    bookmarks: new Bookmarks({ client, clock, tableName: tables.control }),
    leases: new LeaseManager({ client, clock, tableName: tables.control, ttlMs: props.leaseTtlMs }),
    breaker: new CircuitBreaker({ client, clock, tableName: tables.control, ...props.breaker }),
  };
}
