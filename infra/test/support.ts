import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { datasets } from '@lakehouse/contracts';
import { DAILY_SALES } from '@lakehouse/engine';
import { join } from 'node:path';
import { Catalog } from '../src/catalog/catalog';
import { Functions } from '../src/functions/functions';
import type { FunctionSpec, FunctionsProps } from '../src/functions/functions-props';
import { Glue } from '../src/glue/glue';
import type { GlueJobSizing } from '../src/glue/glue-props';
import { Naming } from '../src/core/naming';
import { Kms } from '../src/kms/kms';
import { Network } from '../src/network/network';
import { State } from '../src/state/state';
import { Storage } from '../src/storage/storage';
import { parseEnvironmentConfig, type EnvironmentInput } from '../src/config/environment-config';
import type { LakehouseApp } from '../src/stack/lambda-apps';
import { LakehouseStack } from '../src/stack/lakehouse-stack';
import { runnerBundle } from './glue-fixture';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const naming = new Naming('test', ACCOUNT, REGION);

/** An empty stack with the AWS provider, for one construct under test. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: REGION, allowedAccountIds: [ACCOUNT] });
  return stack;
}

/** The stack's Terraform JSON, prepared as `app.synth()` prepares it. */
export function synth(stack: TerraformStack): string {
  stack.prepareStack();
  return Testing.synth(stack);
}

export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(synth(stack)) as TerraformJson;
}

/** The resources of one type, by logical id. */
export function resources(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** Parses an IAM/KMS/S3 policy attribute. */
export function policyOf(
  resource: Record<string, unknown>,
  attribute = 'policy',
): { Statement: Record<string, unknown>[] } {
  return JSON.parse(resource[attribute] as string);
}

export const FUNCTION_BUNDLE = join(__dirname, 'fixtures', 'function-bundle');

export type Foundation = ReturnType<typeof foundation>;

/** The constructs most others build on, with test sizes. */
export function foundation(stack: TerraformStack) {
  const kms = new Kms(stack, 'Kms', { naming });
  const network = new Network(stack, 'Network', {
    naming,
    cidr: '10.1.0.0/16',
    logsKey: kms.logs,
    logRetentionDays: 30,
  });
  const storage = new Storage(stack, 'Storage', { naming, dataKey: kms.data });
  const state = new State(stack, 'State', { naming, key: kms.state });
  const catalog = new Catalog(stack, 'Catalog', {
    naming,
    tablesBucket: storage.buckets.lakehouse,
    tables: [...datasets.names, DAILY_SALES],
    dataKey: kms.data,
    logsKey: kms.logs,
  });
  return { kms, network, storage, state, catalog };
}

/** A function of the fixture bundle. */
export function fixtureFunction(name: string, extra: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    name,
    bundleDir: FUNCTION_BUNDLE,
    handler: 'index.handler',
    description: `the ${name} function`,
    ...extra,
  };
}

/** A test stack with the foundation and functions of the fixture bundle (given by name or spec). */
export function stackWithFunctions(functions: readonly (string | FunctionSpec)[]) {
  const stack = testStack();
  const f = foundation(stack);
  const specs = functions.map((fn) => (typeof fn === 'string' ? fixtureFunction(fn) : fn));
  return { stack, f, functions: functionsFor(stack, f, specs) };
}

/**
 * A whole LakehouseStack of an environment, prepared as `app.synth()` prepares it: its Terraform
 * JSON (`full` keeps the `//` blocks the policy suite reads) and the synthesized text.
 */
export function lakehouseStack(input: EnvironmentInput, apps?: readonly LakehouseApp[]) {
  const stack = new LakehouseStack(Testing.app(), {
    config: parseEnvironmentConfig(input),
    glueRunnerDir: runnerBundle(),
    apps,
  });
  stack.prepareStack();
  const text = Testing.synth(stack);
  return {
    stack,
    text,
    json: JSON.parse(text) as TerraformJson,
    full: stack.toTerraform() as Record<string, unknown>,
  };
}

/** Functions from the fixture bundle, in the foundation's network. */
export function functionsFor(
  stack: TerraformStack,
  f: Foundation,
  functions: FunctionSpec[],
  props: Partial<FunctionsProps> = {},
): Functions {
  return new Functions(stack, 'Functions', {
    naming,
    functions,
    network: f.network.functionNetwork,
    dataKey: f.kms.data,
    logsKey: f.kms.logs,
    logRetentionDays: 14,
    reservedConcurrency: 2,
    ...props,
  });
}

/** The Glue construct on the real runner bundle. */
export function glueFor(stack: TerraformStack, f: Foundation, sizing?: GlueJobSizing): Glue {
  return new Glue(stack, 'Glue', {
    naming,
    runnerDir: runnerBundle(),
    buckets: f.storage.buckets,
    catalog: f.catalog,
    bookmarks: f.state.tables.control,
    connectionNames: f.network.glueConnectionNames,
    placement: f.network.gluePlacement,
    logsKey: f.kms.logs,
    logRetentionDays: 30,
    sizing,
  });
}
