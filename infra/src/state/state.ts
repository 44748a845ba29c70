import {
  stateTableDefinitions,
  stateTableNames,
  type StateTableNames,
  type StateTableRole,
} from '@lakehouse/state';
import { Construct } from 'constructs';
import { PropsValidator } from '../core/validation';
import type { StateProps } from './state-props';
import { StateTable } from './state-table';

/**
 * The pipeline's state tables exactly as `@lakehouse/state` defines them (`lakehouse-<env>-files`,
 * `-runs`, `-control`), on-demand, with the state key, PITR, TTL and deletion protection; and the
 * Powertools idempotency table when the apps use one.
 */
export class State extends Construct {
  readonly names: StateTableNames;
  readonly tables: Readonly<Record<StateTableRole, StateTable>>;
  readonly idempotency?: StateTable;

  constructor(scope: Construct, id: string, props: StateProps) {
    super(scope, id);
    const pitrDays = props.pointInTimeRecoveryDays ?? 35;
    new PropsValidator('State', scope, id)
      .integer(pitrDays, 'pointInTimeRecoveryDays', 1, 35)
      .throwIfInvalid();
    const common = {
      key: props.key,
      deletionProtection: props.deletionProtection ?? true,
      pointInTimeRecoveryDays: pitrDays,
    };
    this.names = stateTableNames(props.naming.tablePrefix);
    const tables = {} as Record<StateTableRole, StateTable>;
    for (const definition of stateTableDefinitions(this.names)) {
      tables[definition.role] = new StateTable(this, definition.role, {
        ...common,
        definition: definition.createTable,
        ttlAttribute: definition.ttlAttribute,
      });
    }
    this.tables = tables;
    if (props.idempotency) {
      const { partitionKey, ttlAttribute } = props.idempotency;
      this.idempotency = new StateTable(this, 'idempotency', {
        ...common,
        ttlAttribute,
        definition: {
          TableName: props.naming.name('idempotency'),
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
        },
      });
    }
  }

  /** The idempotency table, for a function that uses Powertools idempotency. */
  requireIdempotency(): StateTable {
    if (!this.idempotency) {
      throw new Error(
        `State (${this.node.path}): no idempotency table (set props.idempotency for the apps that use one)`,
      );
    }
    return this.idempotency;
  }
}
