import { FUNCTION_ENVIRONMENT, IDEMPOTENCY_TABLE } from '@lakehouse/lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineEnvironment } from '../src/config/define-environment';
import { lakehouseApps, type LakehouseApp } from '../src/stack/lambda-apps';
import { FUNCTION_BUNDLE, lakehouseStack, policyOf } from './support';

const ROOT = join(__dirname, '..', '..');

const INPUT = defineEnvironment('dev', {
  accountId: '123456789012',
  network: { cidr: '10.30.0.0/16', azCount: 2 },
  glue: { workerType: 'G.1X', maxWorkers: 4, timeoutMinutes: 60, maxRetries: 0 },
  lambda: { reservedConcurrency: 2 },
  orchestration: { runTimeoutMinutes: 300 },
  logs: { retentionDays: 30 },
  alarms: {},
  protections: { deletionProtection: false, forceDestroy: true },
});

/** Variables an app may read that infra leaves at the app's documented default. */
const LEFT_AT_DEFAULT = new Set<string>([FUNCTION_ENVIRONMENT.requiredDatasets]);

/** The variables the `- Environment:` item of an app's README lists. */
function documentedVariables(app: string): string[] {
  const readme = readFileSync(join(ROOT, 'apps', app, 'README.md'), 'utf8');
  const item = /^- Environment:([\s\S]*?)(?=^- |^#|(?![\s\S]))/m.exec(readme);
  if (!item) throw new Error(`apps/${app}/README.md has no "- Environment:" item`);
  return [...item[1].matchAll(/\b(?:LAKEHOUSE|POWERTOOLS)_[A-Z_]+\b/g)].map((m) => m[0]);
}

// Every real app, from the fixture bundle.
const APPS: LakehouseApp[] = lakehouseApps(ROOT).map((app) => ({ ...app, bundleDir: FUNCTION_BUNDLE }));

describe('the environment of each Lambda app', () => {
  const { stack, json } = lakehouseStack(INPUT, APPS);
  const functions = Object.values(
    json.resource.aws_lambda_function as Record<
      string,
      { function_name: string; environment?: { variables: Record<string, string> } }
    >,
  );
  const variablesOf = (app: string) =>
    functions.find((f) => f.function_name === `lakehouse-dev-${app}`)!.environment!.variables;

  it.each(lakehouseApps(ROOT).map((app) => app.name))(
    'sets every variable apps/%s documents, and no other of the project',
    (app) => {
      const documented = documentedVariables(app);
      expect(documented.length).toBeGreaterThan(0);
      const set = variablesOf(app);
      for (const name of documented.filter((n) => !LEFT_AT_DEFAULT.has(n))) {
        expect({ [name]: set[name] }).toEqual({ [name]: expect.stringMatching(/\S/) });
      }
      const ours = Object.keys(set).filter((n) => n.startsWith('LAKEHOUSE_'));
      expect(ours.filter((n) => !documented.includes(n))).toEqual([]);
    },
  );

  it('takes each value from the construct that creates the resource', () => {
    expect(variablesOf('catalog')[FUNCTION_ENVIRONMENT.crawler]).toBe(stack.catalog.crawlerName);
    expect(variablesOf('verify')).toMatchObject({
      [FUNCTION_ENVIRONMENT.database]: 'lakehouse_dev',
      [FUNCTION_ENVIRONMENT.athenaWorkGroup]: stack.query.workgroupName,
    });
    expect(variablesOf('notify')[FUNCTION_ENVIRONMENT.topicArn]).toBe(
      `\${aws_sns_topic.${stack.getLogicalId(stack.notifications.topic)}.arn}`,
    );
    expect(variablesOf('notify')[FUNCTION_ENVIRONMENT.idempotencyTable]).toBe('lakehouse-dev-idempotency');
  });

  it('gives the lease as long as the state machine lets an execution run', () => {
    const machine = Object.values(
      json.resource.aws_sfn_state_machine as Record<string, { definition: string }>,
    )[0];
    expect(JSON.parse(machine.definition).TimeoutSeconds).toBe(300 * 60);
    expect(variablesOf('claim')[FUNCTION_ENVIRONMENT.leaseTtlSeconds]).toBe(String(300 * 60));
  });

  it('creates the Powertools idempotency table and lets only notify use it', () => {
    const table = Object.values(
      json.resource.aws_dynamodb_table as Record<string, Record<string, unknown>>,
    ).find((t) => t.name === 'lakehouse-dev-idempotency')!;
    expect(table).toMatchObject({
      hash_key: IDEMPOTENCY_TABLE.partitionKey,
      ttl: { attribute_name: IDEMPOTENCY_TABLE.ttlAttribute, enabled: true },
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
    });
    const policies = Object.values(
      json.resource.aws_iam_role_policy as Record<string, Record<string, unknown>>,
    );
    const users = policies
      .filter((p) =>
        policyOf(p).Statement.some((s) =>
          JSON.stringify(s.Resource).includes('aws_dynamodb_table.State_idempotency'),
        ),
      )
      .map((p) => p.name);
    expect(users).toEqual(['lakehouse-dev-notify-policy']);
  });
});
