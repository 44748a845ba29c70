import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { stateTableDefinitions, stateTableNames } from '@lakehouse/state';
import { ServiceRole } from '../src/core/service-role';
import { Kms } from '../src/kms/kms';
import { State } from '../src/state/state';
import { StateTable } from '../src/state/state-table';
import { naming, resources, synth, synthJson, testStack } from './support';

function stateStack(deletionProtection?: boolean) {
  const stack = testStack();
  const kms = new Kms(stack, 'Kms', { naming });
  const state = new State(stack, 'State', {
    naming,
    key: kms.state,
    deletionProtection,
    idempotency: { partitionKey: 'id', ttlAttribute: 'expiration' },
  });
  return { stack, kms, state };
}

describe('State', () => {
  const { stack, state } = stateStack();
  const json = synthJson(stack);
  const tables = Object.values(resources(json, 'aws_dynamodb_table'));
  const byName = (name: string) => tables.find((t) => t.name === name)!;

  it('renders every table of @lakehouse/state with its keys, attributes, GSIs and TTL', () => {
    const definitions = stateTableDefinitions(stateTableNames('lakehouse-test-'));
    expect(state.names).toEqual(stateTableNames('lakehouse-test-'));
    for (const { createTable: d, ttlAttribute } of definitions) {
      const table = byName(d.TableName);
      expect(table).toBeDefined();
      expect(table.hash_key).toBe(d.KeySchema!.find((k) => k.KeyType === 'HASH')!.AttributeName);
      expect(table.range_key).toBe(d.KeySchema!.find((k) => k.KeyType === 'RANGE')?.AttributeName);
      expect(table.attribute).toEqual(
        d.AttributeDefinitions!.map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
      );
      expect((table.global_secondary_index as unknown[] | undefined) ?? []).toEqual(
        (d.GlobalSecondaryIndexes ?? []).map((g) => {
          const range = g.KeySchema!.find((k) => k.KeyType === 'RANGE')?.AttributeName;
          return {
            name: g.IndexName,
            hash_key: g.KeySchema!.find((k) => k.KeyType === 'HASH')!.AttributeName,
            ...(range ? { range_key: range } : {}),
            projection_type: 'ALL',
          };
        }),
      );
      expect(table.ttl).toEqual({ attribute_name: ttlAttribute, enabled: true });
      expect(table.billing_mode).toBe('PAY_PER_REQUEST');
    }
  });

  it('encrypts with the state key, keeps 35 days of PITR and protects every table by default', () => {
    for (const table of tables) {
      expect(table.server_side_encryption).toEqual({
        enabled: true,
        kms_key_arn: expect.stringContaining('aws_kms_key.Kms_State'),
      });
      expect(table.point_in_time_recovery).toEqual({ enabled: true, recovery_period_in_days: 35 });
      expect(table.deletion_protection_enabled).toBe(true);
    }
  });

  it('adds the Powertools idempotency table when asked', () => {
    expect(synth(stack)).toHaveResourceWithProperties(DynamodbTable, {
      name: 'lakehouse-test-idempotency',
      hash_key: 'id',
      ttl: { attribute_name: 'expiration', enabled: true },
    });
    expect(tables).toHaveLength(4);
  });

  it('leaves deletion unprotected when told (dev)', () => {
    const dev = stateStack(false);
    for (const table of Object.values(resources(synthJson(dev.stack), 'aws_dynamodb_table'))) {
      expect(table.deletion_protection_enabled).toBe(false);
    }
  });

  it('grants data access on the table and its indexes, with the key', () => {
    const { stack: s, state: st } = stateStack();
    const role = new ServiceRole(s, 'Role', {
      roleName: 'r',
      service: 'lambda.amazonaws.com',
      description: 'test',
    });
    st.tables.files.grantReadWriteData(role);
    const [read, decrypt, write, encrypt] = role.statements;
    expect(read.Action).toContain('dynamodb:Query');
    expect(read.Action).not.toContain('dynamodb:Scan');
    expect(read.Resource).toEqual([st.tables.files.arn, `${st.tables.files.arn}/index/*`]);
    expect(write.Action).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]);
    expect(decrypt.Resource).toEqual([expect.any(String)]);
    expect(encrypt.Action).toContain('kms:GenerateDataKey*');
  });

  it('refuses a provisioned table and a PITR window beyond 35 days', () => {
    const { stack: s, kms } = stateStack();
    expect(
      () =>
        new StateTable(s, 'Provisioned', {
          definition: { TableName: 't', BillingMode: 'PROVISIONED', KeySchema: [], AttributeDefinitions: [] },
          ttlAttribute: 'ttl',
          key: kms.state,
          deletionProtection: true,
          pointInTimeRecoveryDays: 35,
        }),
    ).toThrow('StateTable (test/Provisioned): table t must be on-demand (PAY_PER_REQUEST), got PROVISIONED');
    expect(() => new State(s, 'Long', { naming, key: kms.state, pointInTimeRecoveryDays: 90 })).toThrow(
      'State (test/Long): pointInTimeRecoveryDays must be an integer from 1 to 35 (got 90)',
    );
  });
});
