import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { Naming } from '../src/core/naming';

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
