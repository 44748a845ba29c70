import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli';

const fixture = (name: string) => join(__dirname, '..', 'test', 'fixtures', name);

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('plan-review command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-review-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the review of two synth folders and writes it with --out', () => {
    const file = join(dir, 'review.md');
    const { code, out } = run('--base', fixture('base'), '--head', fixture('prod-retention'), '--out', file);
    expect(code).toBe(0);
    expect(out).toMatch(/^## Plan review\n/);
    expect(out).toContain('### prod: 0 to add, 2 to change, 0 to remove');
    expect(readFileSync(file, 'utf8')).toBe(out);
  });

  it('reviews the environments in promotion order, with the workspace policy suite', () => {
    const { out } = run('--base', fixture('base'), '--head', fixture('prod-retention'));
    expect(out.match(/^### \w+/gm)).toEqual(['### dev', '### staging', '### prod']);
    expect(out).toContain('| prod | 0 | 2 | 0 | 0 | 1 | 0 introduced, 0 fixed, 9 failing |');
    expect(out).toContain(
      '| remaining | `CKV_AWS_21` | `aws_s3_bucket.storage_raw_B2A7A515` | versioning is not enabled |',
    );
  });

  it('says so when the policy suite cannot read a stack, and still prints the review', () => {
    // The hardened fixture writes its bucket policy as a reference to a policy document data
    // source, which the suite refuses to read rather than pass.
    const { code, out } = run('--base', fixture('base'), '--head', fixture('storage-hardening'));
    expect(code).toBe(0);
    expect(out).toContain('| prod | 3 | 4 | 0 | 1 | 7 | **could not check** |');
    expect(out).toContain('**The policy suite could not check this environment** at the head: ');
  });

  it.each([
    [['--base', 'a'], /--base and --head/],
    [['--base-ref', 'main', '--head', 'b'], /either --base-ref or --base and --head/],
    [['--no-such-option'], /unknown option/],
    [['--plan', 'dev.json'], /--plan dev\.json: give <environment>=<file of terraform show -json>/],
    [['--plan', 'dev=a.json', '--plan', 'dev=b.json'], /--plan: dev is given twice/],
    [['--plan', 'dev=a.json', '--base-ref', 'main'], /either --plan, or --base and --head, or --base-ref/],
  ])('refuses %j (exit 2)', (argv, message) => {
    const { code, err } = run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('reviews saved Terraform plans, one per environment, in promotion order', () => {
    const plan = (env: string) => `${env}=${fixture(join('plans', `${env}.json`))}`;
    const { code, out } = run('--plan', plan('prod'), '--plan', plan('dev'), '--plan', plan('staging'));
    expect(code).toBe(0);
    expect(out.match(/^### .+$/gm)).toEqual([
      '### dev: no changes',
      '### staging: no changes',
      '### prod: 1 to add, 2 to change, 1 to replace, 1 to remove, 2 setting(s) changed',
    ]);
  });

  it('fails naming the file when a plan is not terraform show -json output (exit 1)', () => {
    const state = join(dir, 'state.json');
    writeFileSync(state, JSON.stringify({ format_version: '1.0', values: {} }));
    const { code, err } = run('--plan', `dev=${state}`);
    expect(code).toBe(1);
    expect(err).toBe(
      `plan-review: ${state}: planned_values: not a plan: no planned_values (a state file?)\n`,
    );
  });

  it('fails naming the file when a stack is not Terraform JSON (exit 1)', () => {
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'stacks', 'dev'), { recursive: true });
    writeFileSync(join(broken, 'stacks', 'dev', 'cdk.tf.json'), '[]');
    const { code, err } = run('--base', fixture('base'), '--head', broken);
    expect(code).toBe(1);
    expect(err).toMatch(/stacks\/dev\/cdk\.tf\.json: not a Terraform JSON object/);
  });
});

describe('the review target', () => {
  it('runs the command line its project declares (path aliases resolved)', () => {
    const root = join(__dirname, '..', '..', '..');
    const project = JSON.parse(readFileSync(join(__dirname, '..', 'project.json'), 'utf8'));
    const [tsx, ...args] = (project.targets.review.options.command as string).split(' ');
    const out = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', '.bin', tsx),
        ...args,
        '--base',
        fixture('base'),
        '--head',
        fixture('prod-retention'),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toContain('### prod: 0 to add, 2 to change, 0 to remove');
  });
});
