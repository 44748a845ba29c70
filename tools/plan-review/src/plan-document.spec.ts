import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from './plan-document';

const planFixture = (env: string) =>
  readFileSync(join(__dirname, '..', 'test', 'fixtures', 'plans', `${env}.json`), 'utf8');

describe('parsePlan', () => {
  it('reads a plan of the JSON format 1.2, keeping what the review needs', () => {
    const plan = parsePlan(planFixture('prod'), 'prod.json');
    expect(plan.format_version).toBe('1.2');
    expect(plan.resource_changes.map((r) => [r.address, r.change.actions.join('+')])).toContainEqual([
      'aws_s3_bucket.storage_raw_B2A7A515',
      'delete+create',
    ]);
    expect(Object.keys(plan.output_changes).sort()).toEqual(['partner_token', 'raw_bucket']);
  });

  it('reads a later minor version and ignores keys it does not know', () => {
    const plan = parsePlan(
      JSON.stringify({
        format_version: '1.9',
        planned_values: {},
        deferred_changes: [],
        resource_changes: [],
      }),
      'next.json',
    );
    expect(plan.resource_changes).toEqual([]);
    expect(plan.output_changes).toEqual({});
  });

  it.each([
    ['not json', /^binary\.tfplan: not JSON \(.*\); give the output of terraform show -json <planfile>$/],
    [
      JSON.stringify({ format_version: '2.0', planned_values: {} }),
      /^p\.json: format_version: unsupported format version: this review reads the 1\.x JSON plan format$/,
    ],
    [
      JSON.stringify({ format_version: '1.0', values: { root_module: {} } }),
      /^p\.json: planned_values: not a plan: no planned_values \(a state file\?\)$/,
    ],
    [
      JSON.stringify({
        format_version: '1.2',
        planned_values: {},
        resource_changes: [
          {
            address: 'aws_s3_bucket.raw',
            mode: 'managed',
            type: 'aws_s3_bucket',
            change: { actions: 'create' },
          },
        ],
      }),
      /^p\.json: resource_changes\[0\]\.change\.actions: /,
    ],
    [
      JSON.stringify({ format_version: '1.2', planned_values: {}, errored: true }),
      /^p\.json: the plan errored; Terraform will not apply it/,
    ],
  ])('refuses %s, naming the file and the place', (text, message) => {
    const source = text === 'not json' ? 'binary.tfplan' : 'p.json';
    expect(() => parsePlan(text, source)).toThrow(message);
  });
});
