import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import { systemClock, type Clock } from './clock';

/** What every store of the state library is built on. */
export interface TableStoreProps {
  readonly client: DynamoDBClient;
  /** The table the store writes (files, runs or control: stateTableNames). */
  readonly tableName: string;
  /** @default Date.now */
  readonly clock?: Clock;
}

/** A store over one table: its document client, the table's name and the clock its writes read. */
export abstract class TableStore {
  protected readonly db: DynamoDBDocumentClient;
  protected readonly table: string;
  protected readonly clock: Clock;

  constructor(props: TableStoreProps) {
    this.db = documentClient(props.client);
    this.table = props.tableName;
    this.clock = props.clock ?? systemClock;
  }
}
