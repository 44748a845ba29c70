import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planOfCreation } from '../test/plan-of-creation';
import { renderReview } from './markdown';
import { parsePlan, type TerraformPlan } from './plan-document';
import { diffPlan } from './plan-diff';
import { readSynthFolder } from './stack';

const fixtures = join(__dirname, '..', 'test', 'fixtures');
const planOf = (env: string) =>
  parsePlan(readFileSync(join(fixtures, 'plans', `${env}.json`), 'utf8'), `${env}.json`);
const addresses = (changes: readonly { block: { address: string } }[]) => changes.map((c) => c.block.address);

const planWith = (...resourceChanges: object[]): TerraformPlan =>
  parsePlan(
    JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: resourceChanges }),
    'plan.json',
  );
const resource = (address: string, change: object, extra: object = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  change: { before_sensitive: false, after_sensitive: {}, after_unknown: {}, ...change },
  ...extra,
});

describe('diffPlan on a terraform show -json plan', () => {
  const prod = diffPlan('prod', planOf('prod'), 'prod.json');

  it('groups the resources by action, leaving out no-ops and reads', () => {
    expect(addresses(prod.added)).toEqual(['aws_s3_bucket_policy.storage_raw-policy_A5EC48C8']);
    expect(addresses(prod.changed)).toEqual([
      'aws_cloudwatch_log_group.trigger-logs',
      'aws_lambda_function.trigger',
    ]);
    expect(addresses(prod.replaced)).toEqual(['aws_s3_bucket.storage_raw_B2A7A515']);
    expect(addresses(prod.removed)).toEqual(['aws_cloudwatch_log_group.legacy-logs']);
    for (const env of ['dev', 'staging']) {
      const unchanged = diffPlan(env, planOf(env), `${env}.json`);
      expect([
        unchanged.added,
        unchanged.changed,
        unchanged.replaced,
        unchanged.removed,
        unchanged.settings,
      ]).toEqual([[], [], [], [], []]);
    }
  });

  it('shows only the attributes that change, a changed secret as changed but masked', () => {
    const markdown = renderReview([{ diff: prod }]);
    const [logs, trigger] = prod.changed;
    expect(logs.attributes).toEqual([{ path: 'retention_in_days', before: 365, after: 731 }]);
    expect(trigger.attributes.map((a) => a.path)).toEqual([
      'environment[0].variables.PARTNER_API_TOKEN',
      'reserved_concurrent_executions',
    ]);
    expect(markdown).toContain(
      '| `environment[0].variables.PARTNER_API_TOKEN` | `(sensitive)` | `(sensitive)` |',
    );
    expect(markdown).toContain('| `output.partner_token` | `(sensitive)` | `(sensitive)` |');
    expect(markdown).not.toMatch(/tok-3f9a7c1e|tok-77b0d2aa/);
  });

  it('says why a resource is replaced or removed, and what is only known after apply', () => {
    const markdown = renderReview([{ diff: prod }]);
    expect(prod.replaced[0].reason).toBe('replace_because_cannot_update; forced by bucket');
    expect(markdown).toContain(
      '| `bucket` | `"lakehouse-prod-raw-111111111111"` | `"lakehouse-prod-raw-111111111111-eu-west-1"` |',
    );
    expect(markdown).toContain(
      '| `arn` | `"arn:aws:s3:::lakehouse-prod-raw-111111111111"` | `(known after apply)` |',
    );
    expect(markdown).toContain('`aws_cloudwatch_log_group.legacy-logs` — delete_because_no_resource_config');
    expect(markdown).toContain('| `policy` | `(known after apply)` |');
  });

  it('flags the security-relevant changes the plan makes', () => {
    const flagged = Object.fromEntries(
      [...prod.added, ...prod.changed, ...prod.replaced, ...prod.removed].map((c) => [
        c.block.address,
        c.security.map((f) => f.category),
      ]),
    );
    expect(flagged).toMatchObject({
      'aws_s3_bucket_policy.storage_raw-policy_A5EC48C8': ['IAM statements', 'bucket policy'],
      'aws_cloudwatch_log_group.trigger-logs': ['retention'],
      'aws_lambda_function.trigger': [],
    });
  });

  it('puts an unknown list element and a value that becomes unknown in place', () => {
    const diff = diffPlan(
      'dev',
      planWith(
        resource('aws_security_group.glue', {
          actions: ['update'],
          before: { ingress: [{ cidr_blocks: ['10.0.0.0/16'], from_port: 443 }], name: 'glue' },
          after: { ingress: [{ cidr_blocks: ['10.0.0.0/16', null], from_port: 443 }], name: 'glue' },
          after_unknown: { ingress: [{ cidr_blocks: [false, true] }] },
        }),
      ),
      'plan.json',
    );
    expect(renderReview([{ diff }])).toContain(
      '| `ingress[0].cidr_blocks` | `["10.0.0.0/16"]` | `["10.0.0.0/16","(known after apply)"]` |',
    );
    expect(diff.changed[0].security.map((f) => f.category)).toEqual(['security group']);
  });

  it('names deposed objects, moves and forgotten resources', () => {
    const diff = diffPlan(
      'dev',
      planWith(
        resource(
          'aws_sqs_queue.dlq',
          { actions: ['delete'], before: { name: 'dlq' }, after: null },
          { deposed: '6a1f' },
        ),
        resource(
          'aws_sns_topic.alarms',
          {
            actions: ['update'],
            before: { name: 'a', display_name: 'x' },
            after: { name: 'a', display_name: 'y' },
          },
          { previous_address: 'aws_sns_topic.alerts' },
        ),
        resource('aws_glue_crawler.raw', { actions: ['forget'], before: { name: 'raw' }, after: null }),
      ),
      'plan.json',
    );
    expect(addresses(diff.removed)).toEqual(['aws_glue_crawler.raw', 'aws_sqs_queue.dlq (deposed 6a1f)']);
    expect(diff.removed[0].reason).toBe('forgotten: removed from the state, left in AWS');
    expect(diff.changed[0].reason).toBe('moved from aws_sns_topic.alerts');
  });

  it('refuses an action it does not know, naming the file and the resource', () => {
    const plan = planWith(
      resource('aws_s3_bucket.raw', { actions: ['create', 'forget'], before: null, after: {} }),
    );
    expect(() => diffPlan('dev', plan, 'dev.json')).toThrow(
      'dev.json: aws_s3_bucket.raw: actions ["create","forget"] are not ones this review knows',
    );
  });
});

describe('the plan of a first deploy of a synthesized stack', () => {
  const stack = readSynthFolder(join(fixtures, 'storage-hardening')).get('prod');
  if (!stack) throw new Error('fixture stack prod is missing');
  const plan = parsePlan(JSON.stringify(planOfCreation(stack)), 'prod.json');
  const diff = diffPlan('prod', plan, 'prod.json');

  it('adds every resource, and leaves the data source read during apply out', () => {
    const resources = Object.values(stack.config['resource'] as Record<string, object>).flatMap(Object.keys);
    expect(diff.added).toHaveLength(resources.length);
    expect(addresses(diff.added)).not.toContain('data.aws_iam_policy_document.storage_raw-tls-only_10DD4995');
    expect([diff.changed, diff.replaced, diff.removed]).toEqual([[], [], []]);
  });

  it('shows references and assigned attributes as known after apply, never a configuration expression', () => {
    const markdown = renderReview([{ diff }]);
    expect(markdown).toContain('| `kms_key_id` | `(known after apply)` |');
    expect(markdown).not.toContain('${');
    expect(markdown).not.toContain('tok-3f9a7c1e');
  });
});
