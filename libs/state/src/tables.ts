import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { isResourceInUse, isResourceNotFound, isUnsupportedOperation } from './dynamo-errors';
import { TableSchemaMismatchError } from './errors';

// The one source of truth for the state tables: the stores below read and write exactly these
// attributes, ensureTables creates them locally, and infra turns the same definitions into
// aws_dynamodb_table resources (adding what only AWS has: the CMK, PITR, deletion protection).

/** Physical names of the three state tables. */
export interface StateTableNames {
  /** One item per arrived file (the idempotency memory of the ingestion). */
  readonly files: string;
  /** One header item per run plus one summary item per dataset of the run. */
  readonly runs: string;
  /** Small control items: job bookmarks, pipeline leases, circuit breakers. */
  readonly control: string;
}

/** `<prefix>files`, `<prefix>runs`, `<prefix>control`. @param prefix @default 'lakehouse-' */
export function stateTableNames(prefix = 'lakehouse-'): StateTableNames {
  return { files: `${prefix}files`, runs: `${prefix}runs`, control: `${prefix}control` };
}

/** Epoch-seconds attribute DynamoDB TTL deletes by; only items given a retention carry it. */
export const TTL_ATTRIBUTE = 'ttl';

/** files: unclaimed files of a dataset, oldest arrival first (sparse: only pending files carry the keys). */
export const FILES_PENDING_INDEX = 'pending';
/** files: the files claimed by a run, in object-key order. */
export const FILES_BY_RUN_INDEX = 'byRun';
/** runs: runs of a pipeline and per-dataset run summaries, by start time (query newest first). */
export const RUNS_RECENT_INDEX = 'recent';

export type StateTableRole = keyof StateTableNames;

export interface StateTableDefinition {
  readonly role: StateTableRole;
  /** A complete CreateTable request (on-demand billing, keys, GSIs projecting all attributes). */
  readonly createTable: CreateTableCommandInput & { TableName: string };
  /** The TTL attribute to enable after creation. */
  readonly ttlAttribute: string;
}

const hash = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'HASH' });
const range = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'RANGE' });
const str = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });

/** A GSI projecting every attribute, as each index of the state tables does. */
const index = (IndexName: string, partition: string, sort: string) => ({
  IndexName,
  KeySchema: [hash(partition), range(sort)],
  Projection: { ProjectionType: 'ALL' as const },
});

/** A state table: on demand, with TTL on TTL_ATTRIBUTE. */
const definition = (
  role: StateTableRole,
  TableName: string,
  keys: Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes'>,
): StateTableDefinition => ({
  role,
  ttlAttribute: TTL_ATTRIBUTE,
  createTable: { TableName, BillingMode: 'PAY_PER_REQUEST', ...keys },
});

/** The CreateTable inputs of the state tables, in a stable order (files, runs, control). */
export function stateTableDefinitions(names: StateTableNames): StateTableDefinition[] {
  return [
    definition('files', names.files, {
      KeySchema: [hash('fileId')],
      AttributeDefinitions: [str('fileId'), str('pendingDataset'), str('arrival'), str('runId'), str('key')],
      GlobalSecondaryIndexes: [
        index(FILES_PENDING_INDEX, 'pendingDataset', 'arrival'),
        index(FILES_BY_RUN_INDEX, 'runId', 'key'),
      ],
    }),
    definition('runs', names.runs, {
      KeySchema: [hash('runId'), range('sk')],
      AttributeDefinitions: [str('runId'), str('sk'), str('recentPk'), str('recentSk')],
      GlobalSecondaryIndexes: [index(RUNS_RECENT_INDEX, 'recentPk', 'recentSk')],
    }),
    definition('control', names.control, {
      KeySchema: [hash('pk')],
      AttributeDefinitions: [str('pk')],
    }),
  ];
}

export interface EnsureTablesOptions {
  /** Where to report what was done or skipped. @default no output */
  readonly log?: (message: string) => void;
  /** How long to wait for a new table to become ACTIVE. @default 60_000 */
  readonly activeTimeoutMs?: number;
}

/** TTL outcome per table: UNSUPPORTED on servers without UpdateTimeToLive (dynalite). */
export type TtlOutcome = 'ENABLED' | 'ENABLING' | 'UNSUPPORTED';

export interface EnsureTablesResult {
  readonly created: string[];
  readonly existing: string[];
  readonly ttl: Record<string, TtlOutcome>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function describe(client: DynamoDBClient, table: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

const keyText = (schema: readonly KeySchemaElement[] | undefined) =>
  (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');

function checkSchema(definition: StateTableDefinition, actual: TableDescription): void {
  const expected = definition.createTable;
  const table = expected.TableName;
  if (keyText(actual.KeySchema) !== keyText(expected.KeySchema)) {
    throw new TableSchemaMismatchError(
      table,
      `key schema is ${keyText(actual.KeySchema)}, expected ${keyText(expected.KeySchema)}`,
    );
  }
  const indexes = new Map(
    (actual.GlobalSecondaryIndexes ?? []).map((gsi) => [gsi.IndexName, keyText(gsi.KeySchema)]),
  );
  for (const gsi of expected.GlobalSecondaryIndexes ?? []) {
    const found = indexes.get(gsi.IndexName);
    if (found !== keyText(gsi.KeySchema)) {
      throw new TableSchemaMismatchError(
        table,
        found === undefined
          ? `global secondary index ${gsi.IndexName} is missing`
          : `index ${gsi.IndexName} has keys ${found}, expected ${keyText(gsi.KeySchema)}`,
      );
    }
  }
}

async function waitActive(client: DynamoDBClient, table: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const description = await describe(client, table);
    const indexesActive = (description?.GlobalSecondaryIndexes ?? []).every(
      (gsi) => gsi.IndexStatus === 'ACTIVE',
    );
    if (description?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${table} is not ACTIVE after ${timeoutMs} ms`);
    await sleep(delay);
  }
}

async function ttlStatus(
  client: DynamoDBClient,
  table: string,
  attribute: string,
): Promise<TtlOutcome | undefined> {
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: table })))
    .TimeToLiveDescription;
  const status = current?.TimeToLiveStatus;
  return (status === 'ENABLED' || status === 'ENABLING') && current?.AttributeName === attribute
    ? status
    : undefined;
}

async function ensureTtl(
  client: DynamoDBClient,
  table: string,
  attribute: string,
  log: (message: string) => void,
): Promise<TtlOutcome> {
  try {
    const before = await ttlStatus(client, table, attribute);
    if (before) return before;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
    return (await ttlStatus(client, table, attribute)) ?? 'ENABLING';
  } catch (error) {
    // The embedded server (dynalite) has no TTL. Nothing here depends on TTL for correctness:
    // it only garbage-collects items whose retention ended, so running without it is safe.
    if (isUnsupportedOperation(error)) {
      log(
        `table ${table}: this server does not support TTL (${(error as Error).name}); continuing without it`,
      );
      return 'UNSUPPORTED';
    }
    // A concurrent caller enabled it between our describe and update ("already enabled").
    if (error instanceof Error && error.name === 'ValidationException') {
      const after = await ttlStatus(client, table, attribute);
      if (after) return after;
    }
    throw error;
  }
}

async function ensureTable(
  client: DynamoDBClient,
  definition: StateTableDefinition,
  options: EnsureTablesOptions,
): Promise<{ created: boolean; ttl: TtlOutcome }> {
  const log = options.log ?? (() => undefined);
  const table = definition.createTable.TableName;
  const existing = await describe(client, table);
  let created = false;
  if (existing) {
    checkSchema(definition, existing);
  } else {
    try {
      await client.send(new CreateTableCommand(definition.createTable));
      created = true;
      log(`table ${table}: created`);
    } catch (error) {
      if (!isResourceInUse(error)) throw error; // lost a creation race: the other creator's table will do
    }
  }
  await waitActive(client, table, options.activeTimeoutMs ?? 60_000);
  return { created, ttl: await ensureTtl(client, table, definition.ttlAttribute, log) };
}

/**
 * Creates the state tables that do not exist yet (and waits until they are ACTIVE), checks the
 * keys and indexes of those that do, and enables TTL where the server supports it. Idempotent
 * and safe to run concurrently.
 */
export async function ensureTables(
  client: DynamoDBClient,
  names: StateTableNames,
  options: EnsureTablesOptions = {},
): Promise<EnsureTablesResult> {
  const definitions = stateTableDefinitions(names);
  const outcomes = await Promise.all(
    definitions.map((definition) => ensureTable(client, definition, options)),
  );
  const result: EnsureTablesResult = { created: [], existing: [], ttl: {} };
  definitions.forEach((definition, i) => {
    const table = definition.createTable.TableName;
    (outcomes[i].created ? result.created : result.existing).push(table);
    result.ttl[table] = outcomes[i].ttl;
  });
  return result;
}
