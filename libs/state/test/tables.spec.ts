import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { describeEachBackend, uniquePrefix } from '@lakehouse/testing';
import {
  createDynamoClient,
  ensureTables,
  FILES_BY_RUN_INDEX,
  FILES_PENDING_INDEX,
  RUNS_RECENT_INDEX,
  stateTableDefinitions,
  stateTableNames,
  TableSchemaMismatchError,
  TTL_ATTRIBUTE,
} from '../src';
import { STATE_BACKENDS } from './support';

describe('stateTableDefinitions', () => {
  const definitions = stateTableDefinitions(stateTableNames('dev-'));

  it('names the three tables with the prefix', () => {
    expect(definitions.map((d) => d.createTable.TableName)).toEqual(['dev-files', 'dev-runs', 'dev-control']);
    expect(stateTableNames()).toEqual({
      files: 'lakehouse-files',
      runs: 'lakehouse-runs',
      control: 'lakehouse-control',
    });
  });

  it('bills on demand, enables TTL on one attribute, and defines exactly the key attributes', () => {
    for (const { createTable, ttlAttribute } of definitions) {
      expect(createTable.BillingMode).toBe('PAY_PER_REQUEST');
      expect(ttlAttribute).toBe(TTL_ATTRIBUTE);
      const keyAttributes = new Set(
        [createTable.KeySchema, ...(createTable.GlobalSecondaryIndexes ?? []).map((g) => g.KeySchema)]
          .flat()
          .map((k) => k?.AttributeName),
      );
      // CreateTable refuses attribute definitions that no key uses, and keys without a definition.
      expect(new Set(createTable.AttributeDefinitions?.map((a) => a.AttributeName))).toEqual(keyAttributes);
    }
  });

  it('declares the indexes the stores query', () => {
    const indexes = definitions.flatMap((d) =>
      (d.createTable.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName),
    );
    expect(indexes.sort()).toEqual([FILES_BY_RUN_INDEX, FILES_PENDING_INDEX, RUNS_RECENT_INDEX].sort());
  });
});

describeEachBackend(
  'ensureTables',
  (ctx) => {
    const client = () => createDynamoClient({ endpoint: ctx.endpoint });

    it('creates the missing tables with their indexes, then finds them existing', async () => {
      const names = stateTableNames(uniquePrefix('ensure'));
      const dynamo = client();
      const first = await ensureTables(dynamo, names);
      expect(first.created.sort()).toEqual(Object.values(names).sort());
      expect(first.existing).toEqual([]);

      const files = await dynamo.send(new DescribeTableCommand({ TableName: names.files }));
      expect(files.Table?.TableStatus).toBe('ACTIVE');
      expect(files.Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
      expect(files.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
        [FILES_BY_RUN_INDEX, FILES_PENDING_INDEX].sort(),
      );

      const second = await ensureTables(dynamo, names);
      expect(second.created).toEqual([]);
      expect(second.existing.sort()).toEqual(Object.values(names).sort());
      dynamo.destroy();
    });

    it('survives concurrent callers', async () => {
      const names = stateTableNames(uniquePrefix('race'));
      const dynamo = client();
      const results = await Promise.all([ensureTables(dynamo, names), ensureTables(dynamo, names)]);
      // Every table was created exactly once between the two callers.
      expect(results.flatMap((r) => r.created).sort()).toEqual(Object.values(names).sort());
      dynamo.destroy();
    });

    it('enables TTL where the server has it and reports UNSUPPORTED where it does not', async () => {
      const names = stateTableNames(uniquePrefix('ttl'));
      const dynamo = client();
      const messages: string[] = [];
      const result = await ensureTables(dynamo, names, { log: (m) => messages.push(m) });
      if (ctx.backend === 'dynamodb-local') {
        for (const table of Object.values(names))
          expect(['ENABLED', 'ENABLING']).toContain(result.ttl[table]);
        const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: names.runs }));
        expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TTL_ATTRIBUTE);
        expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
        // Already enabled: the second call does not try again (real DynamoDB refuses repeated changes).
        const again = await ensureTables(dynamo, names);
        for (const table of Object.values(names)) expect(again.ttl[table]).toBe('ENABLED');
      } else {
        for (const table of Object.values(names)) expect(result.ttl[table]).toBe('UNSUPPORTED');
        expect(messages.filter((m) => m.includes('does not support TTL'))).toHaveLength(3);
      }
      dynamo.destroy();
    });

    it('refuses an existing table whose keys differ from the definition', async () => {
      const names = stateTableNames(uniquePrefix('mismatch'));
      const dynamo = client();
      await dynamo.send(
        new CreateTableCommand({
          TableName: names.control,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        }),
      );
      const error = await ensureTables(dynamo, names).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TableSchemaMismatchError);
      expect((error as Error).message).toContain(names.control);
      expect((error as Error).message).toContain('id:HASH');
      dynamo.destroy();
    });
  },
  STATE_BACKENDS,
);
