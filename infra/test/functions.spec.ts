import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { join } from 'node:path';
import type { FunctionSpec } from '../src/functions/functions-props';
import type { Storage } from '../src/storage/storage';
import {
  FUNCTION_BUNDLE as BUNDLE,
  foundation,
  functionsFor,
  policyOf,
  resources,
  synth,
  testStack,
} from './support';

function functionsStack(specs: (storage: Storage) => FunctionSpec[], overrides?: Record<string, number>) {
  const stack = testStack();
  const f = foundation(stack);
  const functions = functionsFor(stack, f, specs(f.storage), {
    reservedConcurrency: 5,
    reservedConcurrencyByFunction: overrides,
  });
  const text = synth(stack);
  return { stack, functions, text, json: JSON.parse(text) };
}

describe('Functions', () => {
  const { text, json, functions } = functionsStack(
    (storage) => [
      {
        name: 'reader',
        bundleDir: BUNDLE,
        handler: 'index.handler',
        description: 'reads raw files',
        environment: { RAW_BUCKET: storage.buckets.raw.bucketName },
        grant: (fn) => storage.buckets.raw.grantRead(fn, 'raw/*'),
      },
      {
        name: 'idle',
        bundleDir: BUNDLE,
        handler: 'index.handler',
        description: 'nothing',
        timeoutSeconds: 10,
      },
    ],
    { idle: 1 },
  );
  const roles = Object.values(resources(json, 'aws_iam_role_policy'));
  const policyOfRole = (name: string) =>
    policyOf(roles.find((r) => r.name === `lakehouse-test-${name}-policy`)!);

  it('deploys each bundle on Node.js 22, arm64, in the private subnets, traced, with a DLQ and an encrypted environment', () => {
    expect(text).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'lakehouse-test-reader',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      reserved_concurrent_executions: 5,
      tracing_config: { mode: 'Active' },
      kms_key_arn: expect.stringContaining('Kms_Data'),
      dead_letter_config: { target_arn: expect.stringContaining('aws_sqs_queue.Functions_DeadLetters') },
      vpc_config: {
        subnet_ids: [
          expect.stringContaining('aws_subnet.Network_Private0'),
          expect.stringContaining('aws_subnet.Network_Private1'),
        ],
        security_group_ids: [expect.stringContaining('FunctionSecurityGroup')],
      },
      logging_config: expect.objectContaining({
        log_format: 'JSON',
        log_group: '/lakehouse/test/lambda/reader',
      }),
      environment: { variables: { RAW_BUCKET: 'lakehouse-test-123456789012-raw' } },
      filename: expect.stringMatching(/^assets\/.+\.zip$/),
      source_code_hash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
    expect(text).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'lakehouse-test-idle',
      reserved_concurrent_executions: 1,
      timeout: 10,
    });
  });

  it('gives each function its own encrypted log group with retention', () => {
    const groups = Object.values(resources(json, 'aws_cloudwatch_log_group')).filter((g) =>
      String(g.name).includes('/lambda/'),
    );
    expect(groups.map((g) => [g.name, g.retention_in_days]).sort()).toEqual([
      ['/lakehouse/test/lambda/idle', 14],
      ['/lakehouse/test/lambda/reader', 14],
    ]);
    expect(groups.every((g) => String(g.kms_key_id).includes('Kms_Logs'))).toBe(true);
  });

  it('gives each function a role with its own resources only, plus what it was granted', () => {
    const reader = policyOfRole('reader');
    const idle = policyOfRole('idle');
    const resourcesOf = (p: { Statement: Record<string, unknown>[] }) =>
      p.Statement.flatMap((s) => s.Resource as string[]);
    expect(resourcesOf(reader).some((r) => r.includes('aws_s3_bucket.Storage_raw'))).toBe(true);
    expect(resourcesOf(idle).some((r) => r.includes('aws_s3_bucket'))).toBe(false);
    expect(resourcesOf(idle).some((r) => r.includes('reader'))).toBe(false);
    const wildcard = idle.Statement.filter((s) => (s.Resource as string[]).includes('*'));
    expect(wildcard.map((s) => s.Sid).sort()).toEqual([
      'Ec2DescribeHasNoResourceLevelPermissions',
      'XRayHasNoResourceLevelPermissions',
    ]);
    const eni = idle.Statement.find((s) => s.Sid === 'ManageInterfacesOfThisVpc')!;
    expect(eni.Condition).toEqual({
      ArnEquals: { 'ec2:Vpc': expect.stringContaining('aws_vpc.Network_Vpc') },
    });
  });

  it('creates the function after its role policy and log group', () => {
    const fn = Object.values(resources(json, 'aws_lambda_function'))[0];
    expect(fn.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\./),
      expect.stringMatching(/^aws_cloudwatch_log_group\./),
    ]);
  });

  it('looks functions up by app name', () => {
    expect(functions.function('reader').functionName).toBe('lakehouse-test-reader');
    expect(() => functions.function('nope')).toThrow(
      'Functions: no function "nope" (deployed: reader, idle)',
    );
  });

  it('refuses duplicate names, unknown overrides, reserved variables and a missing bundle', () => {
    const spec = { name: 'a', bundleDir: BUNDLE, handler: 'index.handler', description: 'a' };
    expect(() => functionsStack(() => [spec, spec])).toThrow(
      'Functions (test/Functions): two functions share a name: a, a',
    );
    expect(() => functionsStack(() => [spec], { b: 2 })).toThrow(
      'reservedConcurrencyByFunction names an unknown function: b',
    );
    expect(() => functionsStack(() => [{ ...spec, environment: { AWS_REGION: 'x' } }])).toThrow(
      'LakehouseFunction (test/Functions/a): environment uses a name Lambda reserves: AWS_REGION',
    );
    expect(() => functionsStack(() => [{ ...spec, bundleDir: join(BUNDLE, 'missing') }])).toThrow(
      /does not exist; build it first/,
    );
  });
});
