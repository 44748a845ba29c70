import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Kms } from '../src/kms/kms';
import { LakehouseKey } from '../src/kms/lakehouse-key';
import { ServiceRole } from '../src/core/service-role';
import { ACCOUNT, REGION, naming, policyOf, resources, synth, synthJson, testStack } from './support';

describe('Kms', () => {
  const stack = testStack();
  const kms = new Kms(stack, 'Kms', { naming });
  const json = synthJson(stack);
  const keys = Object.values(resources(json, 'aws_kms_key'));
  const policyBySid = (alias: string) => {
    const key = keys.find((k) => String(k.description).includes(alias))!;
    return Object.fromEntries(policyOf(key).Statement.map((s) => [s.Sid as string, s]));
  };

  it('creates three rotating customer keys with aliases', () => {
    expect(keys).toHaveLength(3);
    const text = synth(stack);
    expect(text).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
    });
    for (const alias of ['data', 'logs', 'state']) {
      expect(text).toHaveResourceWithProperties(KmsAlias, { name: `alias/lakehouse-test-${alias}` });
    }
  });

  it('lets the account administer but not use the keys directly', () => {
    for (const key of keys) {
      const [admin] = policyOf(key).Statement;
      expect(admin).toMatchObject({
        Sid: 'AccountAdministersTheKey',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      });
      expect(admin.Action).not.toContain('kms:Decrypt');
      expect(admin.Action).not.toContain('kms:*');
    }
  });

  it('admits use of the data key only through the data services', () => {
    const use = policyBySid('lakehouse data').UseThroughListedServices as {
      Condition: Record<string, Record<string, string[]>>;
    };
    expect(use.Condition.StringEquals['kms:ViaService']).toEqual(
      ['s3', 'sqs', 'sns', 'glue', 'lambda', 'states', 'scheduler', 'athena'].map(
        (s) => `${s}.${REGION}.amazonaws.com`,
      ),
    );
    expect(use.Condition.StringEquals['kms:CallerAccount']).toBe(ACCOUNT);
  });

  it('gives the state key to DynamoDB only', () => {
    const policy = policyBySid('state tables');
    expect(
      (policy.UseThroughListedServices as { Condition: Record<string, Record<string, string[]>> }).Condition
        .StringEquals['kms:ViaService'],
    ).toEqual([`dynamodb.${REGION}.amazonaws.com`]);
    expect(Object.values(policy).some((s) => s.Principal && 'Service' in (s.Principal as object))).toBe(
      false,
    );
  });

  it("lets CloudWatch Logs use the logs key for this environment's log groups only", () => {
    const policy = policyBySid('log groups');
    const logs = policy.CloudWatchLogsEncryptsThisEnvironmentsGroups as {
      Principal: unknown;
      Condition: { ArnLike: Record<string, string[]> };
    };
    expect(logs.Principal).toEqual({ Service: `logs.${REGION}.amazonaws.com` });
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toEqual([
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/lakehouse/test/*`,
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/*/lakehouse-test-*`,
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws-glue/*`,
    ]);
    expect(policy.UseThroughListedServices).toBeUndefined();
  });

  it('never names a wildcard principal', () => {
    for (const key of keys) {
      for (const s of policyOf(key).Statement) expect(JSON.stringify(s.Principal)).not.toContain('"*"');
    }
  });

  it('grants a role the key it needs, by ARN', () => {
    const role = new ServiceRole(stack, 'Reader', {
      roleName: 'reader',
      service: 'lambda.amazonaws.com',
      description: 'test',
    });
    kms.data.grantDecrypt(role);
    kms.data.grantEncryptDecrypt(role);
    expect(role.statements.map((s) => s.Action)).toEqual([
      ['kms:Decrypt'],
      ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
    ]);
    expect(role.statements.every((s) => s.Resource?.length === 1 && s.Resource[0] === kms.data.arn)).toBe(
      true,
    );
  });
});

describe('LakehouseKey validation', () => {
  const base = { alias: 'a', description: 'd', accountId: ACCOUNT, region: REGION, viaServices: ['s3'] };

  it('names the construct and the field', () => {
    expect(() => new LakehouseKey(testStack(), 'Bad', { ...base, deletionWindowDays: 3 })).toThrow(
      'LakehouseKey (test/Bad): deletionWindowDays must be an integer from 7 to 30 (got 3)',
    );
  });

  it('refuses a key nobody may use and an AWS alias', () => {
    expect(() => new LakehouseKey(testStack(), 'Unused', { ...base, viaServices: [] })).toThrow(
      /at least one service/,
    );
    expect(() => new LakehouseKey(testStack(), 'Aws', { ...base, alias: 'aws/s3' })).toThrow(
      /not a valid customer alias/,
    );
  });
});
