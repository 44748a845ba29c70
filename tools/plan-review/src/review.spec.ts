import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReview } from './markdown';
import type { PolicySuite } from './policy';
import { reviewStacks } from './review';
import { readSynthFolder } from './stack';

const fixture = (name: string) => join(__dirname, '..', 'test', 'fixtures', name);
const ORDER = ['dev', 'staging', 'prod'];

const review = (base: string, head: string, policySuite?: PolicySuite) =>
  reviewStacks({
    base: readSynthFolder(fixture(base)),
    head: readSynthFolder(fixture(head)),
    environmentOrder: ORDER,
    policySuite,
  });

const addresses = (changes: readonly { block: { address: string } }[]) => changes.map((c) => c.block.address);

describe('a change only prod sees (its retention and concurrency settings)', () => {
  const reviews = review('base', 'prod-retention');

  it('reviews every environment, in promotion order', () => {
    expect(reviews.map((r) => r.diff.environment)).toEqual(ORDER);
  });

  it('leaves dev and staging unchanged and shows prod’s two arguments', () => {
    const [dev, staging, prod] = reviews.map((r) => r.diff);
    for (const unchanged of [dev, staging])
      expect([unchanged.added, unchanged.changed, unchanged.removed, unchanged.settings]).toEqual([
        [],
        [],
        [],
        [],
      ]);
    expect(prod.changed.map((c) => [c.block.address, c.attributes])).toEqual([
      ['aws_cloudwatch_log_group.trigger-logs', [{ path: 'retention_in_days', before: 365, after: 731 }]],
      ['aws_lambda_function.trigger', [{ path: 'reserved_concurrent_executions', before: 50, after: 100 }]],
    ]);
  });

  it('prints the review a pull request gets', () => {
    expect(renderReview(reviews)).toBe(PROD_RETENTION_REVIEW);
  });
});

describe('a construct change every environment sees (storage hardening)', () => {
  const reviews = review('base', 'storage-hardening');
  const markdown = renderReview(reviews);

  it('lists added, changed and removed blocks by type and address in each environment', () => {
    for (const { diff } of reviews) {
      expect(addresses(diff.added)).toEqual([
        'data.aws_iam_policy_document.storage_raw-tls-only_10DD4995',
        'aws_s3_bucket_policy.storage_raw-policy_A5EC48C8',
        'aws_sqs_queue.trigger-dlq',
      ]);
      expect(addresses(diff.changed)).toEqual([
        'aws_iam_role_policy.trigger-policy',
        'aws_lambda_function.trigger',
        'aws_s3_bucket_public_access_block.storage_raw-public-access_7FCC8CC1',
        'aws_s3_bucket_server_side_encryption_configuration.storage_raw-sse_653E74EC',
      ]);
      expect(addresses(diff.removed)).toEqual(['aws_cloudwatch_log_group.legacy-logs']);
    }
  });

  it('flags the statement, bucket policy, public access, encryption and retention changes', () => {
    const flagged = Object.fromEntries(
      [...reviews[0].diff.added, ...reviews[0].diff.changed, ...reviews[0].diff.removed].map((c) => [
        c.block.address,
        c.security.map((f) => f.category),
      ]),
    );
    expect(flagged).toEqual({
      'data.aws_iam_policy_document.storage_raw-tls-only_10DD4995': ['IAM statements'],
      'aws_s3_bucket_policy.storage_raw-policy_A5EC48C8': ['IAM statements', 'bucket policy'],
      'aws_sqs_queue.trigger-dlq': ['encryption', 'retention'],
      'aws_iam_role_policy.trigger-policy': ['IAM statements'],
      'aws_lambda_function.trigger': [],
      'aws_s3_bucket_public_access_block.storage_raw-public-access_7FCC8CC1': ['public access'],
      'aws_s3_bucket_server_side_encryption_configuration.storage_raw-sse_653E74EC': ['encryption'],
      'aws_cloudwatch_log_group.legacy-logs': ['retention'],
    });
  });

  it('shows the widened statement and the new encryption, masks the secret and the unknown key ARN', () => {
    expect(markdown).toContain(
      '| `policy.Statement[0].Action` | `["s3:GetObject"]` | `["s3:GetObject","s3:DeleteObject"]` |',
    );
    expect(markdown).toContain('| `environment.variables.PARTNER_API_TOKEN` | `—` | `(sensitive)` |');
    expect(markdown).toContain(
      '| `rule[0].apply_server_side_encryption_by_default.kms_master_key_id` | `—` | `(known after apply: aws_kms_key.data-key.arn)` |',
    );
    expect(markdown).not.toContain('tok-3f9a7c1e');
    expect(markdown).not.toContain('${');
  });

  it('reports the policy suite’s failures and new suppressions against the base', () => {
    // A stand-in for the policy suite: a bucket without a bucket policy fails "CKV_TLS"; the
    // hardened stacks accept the missing access logging of their raw bucket.
    const bucket = 'aws_s3_bucket.storage_raw_B2A7A515';
    const tlsOnly: PolicySuite = (stack) => {
      const hardened = JSON.stringify(stack.config).includes('aws_s3_bucket_policy');
      return {
        failures: hardened ? [] : [{ check: 'CKV_TLS', address: bucket, message: 'no TLS-only policy' }],
        suppressed: hardened
          ? [
              {
                check: 'CKV_AWS_18',
                address: bucket,
                message: 'no access logging',
                reason: 'raw files are logged by CloudTrail',
              },
            ]
          : [],
      };
    };
    const [dev] = review('base', 'storage-hardening', tlsOnly);
    expect(dev.policy).toMatchObject({ fixed: [{ check: 'CKV_TLS' }] });
    const markdown = renderReview([dev]);
    expect(markdown).toContain(
      '0 introduced by this change, 0 already failing, 1 fixed, 1 newly suppressed.',
    );
    expect(markdown).toContain(`| fixed | \`CKV_TLS\` | \`${bucket}\` | no TLS-only policy |`);
    expect(markdown).toContain(
      `| suppressed | \`CKV_AWS_18\` | \`${bucket}\` | no access logging | raw files are logged by CloudTrail |`,
    );
  });
});

describe('determinism', () => {
  const shuffled = mkdtempSync(join(tmpdir(), 'plan-review-'));
  afterAll(() => rmSync(shuffled, { recursive: true, force: true }));

  it('prints the same review whatever the key order of the synthesized JSON', () => {
    cpSync(fixture('storage-hardening'), shuffled, { recursive: true });
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    for (const env of ORDER) {
      const file = join(shuffled, 'stacks', env, 'cdk.tf.json');
      writeFileSync(file, JSON.stringify(reverseKeys(JSON.parse(readFileSync(file, 'utf8')))));
    }
    const original = renderReview(review('base', 'storage-hardening'));
    const reordered = renderReview(
      reviewStacks({
        base: readSynthFolder(fixture('base')),
        head: readSynthFolder(shuffled),
        environmentOrder: ORDER,
      }),
    );
    expect(reordered).toBe(original);
  });
});

describe('an environment on one side only', () => {
  it('adds every block of a new environment and removes every block of a dropped one', () => {
    const base = readSynthFolder(fixture('base'));
    const onlyDev = new Map([...base].filter(([name]) => name === 'dev'));
    const [dev, staging] = reviewStacks({ base: onlyDev, head: base, environmentOrder: ORDER }).map(
      (r) => r.diff,
    );
    expect(dev.added).toEqual([]);
    expect(staging.added.length).toBeGreaterThan(5);
    expect(staging.removed).toEqual([]);
    const [, dropped] = reviewStacks({ base, head: onlyDev, environmentOrder: ORDER }).map((r) => r.diff);
    expect(dropped.removed).toHaveLength(staging.added.length);
  });

  it('reads no stacks from a folder that has none (the base before any infrastructure)', () => {
    expect(readSynthFolder(join(tmpdir(), 'no-such-synth-folder')).size).toBe(0);
  });
});

const PROD_RETENTION_REVIEW = `## Plan review

| environment | add | change | replace | remove | security-relevant | policy failures |
| --- | --- | --- | --- | --- | --- | --- |
| dev | 0 | 0 | 0 | 0 | 0 | not run |
| staging | 0 | 0 | 0 | 0 | 0 | not run |
| prod | 0 | 2 | 0 | 0 | 1 | not run |

### dev: no changes

#### Policy checks

_Not run: the policy suite checks synthesized stacks (a review of \`--base\` and \`--head\`, or \`--base-ref\`)._

### staging: no changes

#### Policy checks

_Not run: the policy suite checks synthesized stacks (a review of \`--base\` and \`--head\`, or \`--base-ref\`)._

### prod: 0 to add, 2 to change, 0 to remove

#### ⚠️ Security-relevant (1)

| action | address | because of |
| --- | --- | --- |
| change | \`aws_cloudwatch_log_group.trigger-logs\` | retention: \`retention_in_days\` |

#### Changed (2)

\`aws_cloudwatch_log_group.trigger-logs\` (\`prod/trigger-logs\`)

| argument | before | after |
| --- | --- | --- |
| \`retention_in_days\` | \`365\` | \`731\` |

\`aws_lambda_function.trigger\` (\`prod/trigger\`)

| argument | before | after |
| --- | --- | --- |
| \`reserved_concurrent_executions\` | \`50\` | \`100\` |

#### Policy checks

_Not run: the policy suite checks synthesized stacks (a review of \`--base\` and \`--head\`, or \`--base-ref\`)._
`;
