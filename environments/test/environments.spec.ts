import { datasets, PIPELINE_STEP_NAMES } from '@lakehouse/contracts';
import {
  lakehouseApps,
  loadPollingFor,
  MAX_LOAD_POLLS,
  parseEnvironmentConfig,
  synthEnvironment,
  type EnvironmentConfig,
  type SynthResult,
} from '@lakehouse/infra';
import { buildStateMachine, STATES, type HandlerStep } from '@lakehouse/orchestration';
import { readStack, runPolicySuite, type Stack } from '@lakehouse/policy';
import validateAsl from 'asl-validator';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../src';

const WORKSPACE = join(__dirname, '..', '..');
const outdir = mkdtempSync(join(tmpdir(), 'environments-synth-'));

interface Synthesized {
  readonly config: EnvironmentConfig;
  readonly result: SynthResult;
  readonly stack: Stack;
  readonly json: { resource: Record<string, Record<string, Record<string, unknown>>> };
}

// The real synth of each environment, as `nx run <env>:synth` does it (into a temporary folder).
const synthesized: Record<string, Synthesized> = Object.fromEntries(
  ENVIRONMENTS.map((input) => {
    const result = synthEnvironment(input, { workspaceRoot: WORKSPACE, outdir });
    const json = JSON.parse(readFileSync(join(result.stackDir, 'cdk.tf.json'), 'utf8'));
    return [
      input.name,
      { config: parseEnvironmentConfig(input), result, stack: readStack(result.stackDir), json },
    ];
  }),
);
const env = (name: string) => synthesized[name];
const all = (name: string, type: string) => Object.values(env(name).json.resource[type] ?? {});

/**
 * The longest a synthesized Glue workflow run may take, read from its jobs and triggers: the jobs
 * of its longest chain, each running out its timeout on every attempt.
 */
function glueWorkflowMinutes(name: string): number {
  const jobs = all(name, 'aws_glue_job') as { name: string; timeout: number; max_retries: number }[];
  const triggers = all(name, 'aws_glue_trigger') as {
    actions: { job_name: string }[];
    predicate?: { conditions: { job_name: string }[] };
  }[];
  const after = (job: string) =>
    triggers
      .filter((t) => t.actions.some((a) => a.job_name === job))
      .flatMap((t) => t.predicate?.conditions.map((c) => c.job_name) ?? []);
  const chain = (job: string): number => 1 + Math.max(0, ...after(job).map(chain));
  return Math.max(...jobs.map((j) => chain(j.name) * j.timeout * (j.max_retries + 1)));
}

afterAll(() => {
  const rows = Object.values(synthesized).map(
    (s) =>
      `${s.config.name}: ${s.result.resourceCount} resources, synthesized in ${s.result.milliseconds} ms`,
  );
  console.log(`synth of the three environments\n${rows.join('\n')}`);
});

describe.each(['dev', 'staging', 'prod'])('the %s stack', (name) => {
  it('passes the policy suite; the suppressions carry their reasons', () => {
    const result = runPolicySuite(env(name).stack);
    expect(result.failures).toEqual([]);
    expect(result.suppressed.map((s) => [s.check, s.reason.length > 20])).toEqual([
      ['CKV_AWS_18', true],
      ['CKV_AWS_145', true],
    ]);
    expect(result.unused).toEqual([]);
  });

  it('deploys to its own account and region, with its state encrypted and locked', () => {
    const { json, config } = env(name);
    const provider = (json as unknown as { provider: { aws: Record<string, unknown>[] } }).provider.aws[0];
    expect(provider).toMatchObject({ region: config.region, allowed_account_ids: [config.accountId] });
    const backend = (json as unknown as { terraform: { backend: { s3: Record<string, unknown> } } }).terraform
      .backend.s3;
    expect(backend).toEqual({
      bucket: config.remoteState.bucket,
      key: `lakehouse/${name}/terraform.tfstate`,
      region: config.region,
      encrypt: true,
      use_lockfile: true,
    });
  });

  it('deploys every Lambda app from its bundle, and runs the state machine the builder defines on them', () => {
    const { json, config } = env(name);
    const functionIds = Object.fromEntries(
      Object.entries(json.resource.aws_lambda_function).map(([id, fn]) => [fn.function_name, id]),
    );
    const apps = lakehouseApps(WORKSPACE);
    expect(Object.keys(functionIds).sort()).toEqual(apps.map((a) => `lakehouse-${name}-${a.name}`).sort());
    const arnOf = (step: HandlerStep) => {
      const app = apps.find((a) => a.steps.includes(step))!;
      return `\${aws_lambda_function.${functionIds[`lakehouse-${name}-${app.name}`]}.arn}`;
    };
    const steps = PIPELINE_STEP_NAMES.filter((s): s is HandlerStep => s !== 'register' && s !== 'load');
    const expected = buildStateMachine({
      registry: datasets,
      functions: Object.fromEntries(steps.map((s) => [s, arnOf(s)])) as Record<HandlerStep, string>,
      glueWorkflowName: `lakehouse-${name}-load`,
      loadPolling: loadPollingFor(glueWorkflowMinutes(name)),
      executionTimeoutSeconds: config.orchestration.runTimeoutMinutes * 60,
    });
    const [machine] = all(name, 'aws_sfn_state_machine');
    const deployed = String(machine.definition);
    expect(JSON.parse(deployed)).toEqual(JSON.parse(JSON.stringify(expected)));

    const withArns = deployed.replace(
      /\$\{aws_lambda_function\.(\w+)\.arn\}/g,
      `arn:aws:lambda:${config.region}:${config.accountId}:function:$1`,
    );
    const { isValid, errorsText } = validateAsl(JSON.parse(withArns));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('polls the Glue workflow run as long as its jobs may run with their retries, within the run timeout', () => {
    const definition = JSON.parse(String(all(name, 'aws_sfn_state_machine')[0].definition));
    const load = STATES.loop('load');
    const interval: number = definition.States[load.wait].Seconds;
    const maxPolls: number = definition.States[load.check].Choices[1].And[1].NumericLessThan;
    expect(definition.States[load.check].Choices[1].And[1].Variable).toBe('$.load.polls');
    const glueSeconds = glueWorkflowMinutes(name) * 60;
    expect(interval * maxPolls).toBeGreaterThanOrEqual(glueSeconds);
    expect(interval * maxPolls).toBeLessThan(glueSeconds + interval);
    expect(maxPolls).toBeLessThanOrEqual(MAX_LOAD_POLLS);
    expect(definition.TimeoutSeconds).toBeGreaterThan(glueSeconds);
  });

  it("alarms on each dataset's failed quality gate from the quality app, and draws runs, rows, rejects, quality and durations", () => {
    const breaches = all(name, 'aws_cloudwatch_metric_alarm').filter(
      (a) => a.metric_name === 'QualityGateBreached',
    );
    expect(breaches.map((a) => a.dimensions)).toEqual(
      [...datasets.names].sort().map((dataset) => ({ service: 'quality', dataset })),
    );
    const [dashboard] = all(name, 'aws_cloudwatch_dashboard');
    const titles = JSON.parse(String(dashboard.dashboard_body)).widgets.map(
      (w: { properties: { title: string } }) => w.properties.title,
    );
    // Runs, rows, rejects by code, quality and durations (the construct's test has the whole layout).
    const panels = ['Runs', 'Rows in and accepted', 'Rejects by code', 'Quality score', 'Run duration (ms)'];
    expect(titles).toEqual(expect.arrayContaining(panels));
  });

  it('matches its inventory snapshot (every resource address)', () => {
    const addresses = Object.entries(env(name).json.resource).flatMap(([type, byName]) =>
      Object.keys(byName).map((n) => `${type}.${n}`),
    );
    expect(addresses.sort()).toMatchSnapshot();
  });
});

describe('differences between the environments', () => {
  const retention = (name: string) => [
    ...new Set(all(name, 'aws_cloudwatch_log_group').map((g) => g.retention_in_days)),
  ];

  it('keeps logs a year and more in prod only', () => {
    expect(retention('dev')).toEqual([30]);
    expect(retention('staging')).toEqual([90]);
    expect(retention('prod')).toEqual([400]);
  });

  it('protects staging and prod: no force destroy, deletion protection, the longest key deletion window', () => {
    for (const name of ['staging', 'prod']) {
      expect(all(name, 'aws_s3_bucket').every((b) => b.force_destroy === false)).toBe(true);
      expect(all(name, 'aws_dynamodb_table').every((t) => t.deletion_protection_enabled === true)).toBe(true);
      expect(all(name, 'aws_kms_key').every((k) => k.deletion_window_in_days === 30)).toBe(true);
      expect(all(name, 'aws_athena_workgroup').every((w) => w.force_destroy === false)).toBe(true);
    }
    expect(all('dev', 'aws_s3_bucket').every((b) => b.force_destroy === true)).toBe(true);
    expect(all('dev', 'aws_dynamodb_table').every((t) => t.deletion_protection_enabled === false)).toBe(true);
    expect(all('dev', 'aws_kms_key').every((k) => k.deletion_window_in_days === 7)).toBe(true);
  });

  it('sizes the Glue jobs and the network per environment', () => {
    const sizes = (name: string) => [
      ...new Set(all(name, 'aws_glue_job').map((j) => `${j.worker_type}×${j.number_of_workers}`)),
    ];
    expect(sizes('dev')).toEqual(['G.1X×4']);
    expect(sizes('staging')).toEqual(['G.1X×10']);
    expect(sizes('prod')).toEqual(['G.2X×20']);
    expect(all('dev', 'aws_subnet')).toHaveLength(2);
    expect(all('prod', 'aws_subnet')).toHaveLength(3);
    const cidrs = ['dev', 'staging', 'prod'].map((name) => all(name, 'aws_vpc')[0].cidr_block);
    expect(new Set(cidrs).size).toBe(3);
  });

  it('gives each environment its own account, names and state key', () => {
    const accounts = ENVIRONMENTS.map((e) => e.accountId);
    expect(new Set(accounts).size).toBe(3);
    for (const name of ['dev', 'staging', 'prod']) {
      const buckets = all(name, 'aws_s3_bucket').map((b) => String(b.bucket));
      expect(buckets.every((b) => b.startsWith(`lakehouse-${name}-${env(name).config.accountId}-`))).toBe(
        true,
      );
    }
  });
});

describe('the Lambda apps', () => {
  const appsWithHandler = readdirSync(join(WORKSPACE, 'apps')).filter((app) =>
    existsSync(join(WORKSPACE, 'apps', app, 'src', 'handler.ts')),
  );
  const projectJson = (path: string) =>
    JSON.parse(readFileSync(join(WORKSPACE, path, 'project.json'), 'utf8'));

  it('are every app the bundler builds, each tagged so that every environment depends on its build', () => {
    expect(
      lakehouseApps(WORKSPACE)
        .map((a) => a.name)
        .sort(),
    ).toEqual(appsWithHandler.sort());
    for (const app of appsWithHandler) expect(projectJson(`apps/${app}`).tags).toContain('scope:lambda');
    for (const name of ['dev', 'staging', 'prod'])
      expect(projectJson(`environments/${name}`).implicitDependencies).toContain('tag:scope:lambda');
  });
});

describe('configuration errors', () => {
  const [, , prod] = ENVIRONMENTS;

  it('name the environment and the field', () => {
    expect(() => parseEnvironmentConfig({ ...prod, logs: { retentionDays: 30 } })).toThrow(
      'environment prod: invalid configuration: logs.retentionDays: must be at least 365 in prod (got 30)',
    );
    expect(() =>
      parseEnvironmentConfig({ ...prod, protections: { deletionProtection: false, forceDestroy: true } }),
    ).toThrow(
      'environment prod: invalid configuration: protections.deletionProtection: must be true in prod; protections.forceDestroy: must be false in prod',
    );
    expect(() =>
      parseEnvironmentConfig({
        ...ENVIRONMENTS[0],
        accountId: '12345',
        glue: { ...ENVIRONMENTS[0].glue, maxWorkers: 500 },
      }),
    ).toThrow(
      /^environment dev: invalid configuration: accountId: must be a 12-digit AWS account id; glue.maxWorkers: Too big/,
    );
  });

  it('refuse a run shorter than the Glue workflow may take', () => {
    expect(() =>
      synthEnvironment(
        { ...prod, orchestration: { runTimeoutMinutes: 1440 } },
        { workspaceRoot: WORKSPACE, outdir },
      ),
    ).toThrow(
      'LakehouseStack prod: orchestration.runTimeoutMinutes (1440) must be longer than the Glue workflow may run: 1440 min (3 jobs in a row × glue.timeoutMinutes 240 × 2 attempts)',
    );
  });

  it('stop the synth before anything is written', () => {
    expect(() =>
      synthEnvironment(
        { ...prod, network: { cidr: '10.0.0.0/8', azCount: 3 } },
        { workspaceRoot: WORKSPACE, outdir },
      ),
    ).toThrow(
      'environment prod: invalid configuration: network.cidr: must have a prefix from /16 to /22 (eight subnets of at least /25)',
    );
  });
});
