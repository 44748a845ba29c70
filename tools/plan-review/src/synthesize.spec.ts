import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocksOf } from './stack';
import { synthesizeAtRef, synthesizeWorkspace } from './synthesize';

/**
 * A small Nx workspace in a git repository whose environment projects synthesize a stack each from
 * settings.json, the way the real environment projects do from their config.
 */
function workspaceWithEnvironments(): string {
  const root = mkdtempSync(join(tmpdir(), 'plan-review-ws-'));
  const write = (path: string, content: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  write('package.json', { name: 'probe', private: true });
  write('nx.json', {});
  write('.gitignore', 'node_modules\ncdktf.out\n.nx\n');
  write('settings.json', { dev: 30, staging: 30 });
  write(
    'synth.js',
    `const fs = require('fs'); const env = process.argv[2];
     const days = JSON.parse(fs.readFileSync('settings.json', 'utf8'))[env];
     fs.mkdirSync('cdktf.out/stacks/' + env, { recursive: true });
     fs.writeFileSync('cdktf.out/stacks/' + env + '/cdk.tf.json', JSON.stringify({
       resource: { aws_cloudwatch_log_group: { logs: { name: env, retention_in_days: days } } } }));`,
  );
  for (const env of ['dev', 'staging'])
    write(`environments/${env}/project.json`, {
      name: env,
      targets: {
        synth: {
          executor: 'nx:run-commands',
          options: { command: `node synth.js ${env}` },
          outputs: [`{workspaceRoot}/cdktf.out/stacks/${env}`],
        },
      },
    });
  symlinkSync(join(__dirname, '..', '..', '..', 'node_modules'), join(root, 'node_modules'), 'dir');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=probe', '-c', 'user.email=probe@example.com', ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  return root;
}

const retention = (stacks: ReturnType<typeof synthesizeWorkspace>, env: string) =>
  blocksOf(stacks.get(env)).get('aws_cloudwatch_log_group.logs')?.body['retention_in_days'];

describe('synthesizing at a git ref and at the working tree', () => {
  let root: string;
  beforeAll(() => {
    root = workspaceWithEnvironments();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('synthesizes every environment at the base in a worktree it removes, and the working tree as it is', () => {
    writeFileSync(join(root, 'settings.json'), JSON.stringify({ dev: 30, staging: 90 }));
    const base = synthesizeAtRef(root, 'main');
    const head = synthesizeWorkspace(root);
    expect([...base.keys()]).toEqual(['dev', 'staging']);
    expect([retention(base, 'dev'), retention(base, 'staging')]).toEqual([30, 30]);
    expect([retention(head, 'dev'), retention(head, 'staging')]).toEqual([30, 90]);
    const worktrees = execFileSync('git', ['worktree', 'list'], { cwd: root, encoding: 'utf8' });
    expect(worktrees.trim().split('\n')).toHaveLength(1);
  }, 180_000);

  it('names the ref it cannot find', () => {
    expect(() => synthesizeAtRef(root, 'no-such-ref')).toThrow(/no-such-ref/);
  });
});
