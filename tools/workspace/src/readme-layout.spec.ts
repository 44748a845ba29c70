import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * The paths the README's layout table names: its first column, where `apps/claim, validate` names
 * `apps/claim` and `apps/validate`.
 */
function layoutPaths(readme: string): string[] {
  const section = readme.split(/^## Layout$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => {
      const [first, ...more] = line.split('|')[1].trim().replace(/`/g, '').split(/,\s*/);
      const parent = dirname(first);
      return [first, ...more.map((m) => (parent === '.' ? m : `${parent}/${m}`))];
    });
}

describe('the README layout', () => {
  it('names every project of the workspace', () => {
    const roots = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('/project.json') && !f.includes('node_modules'))
      .map((f) => dirname(f));
    const listed = layoutPaths(readFileSync(join(root, 'README.md'), 'utf8'));
    const missing = roots.filter((r) => !listed.some((p) => r === p || r.startsWith(`${p}/`)));
    expect(missing).toEqual([]);
    expect(roots.length).toBeGreaterThan(20);
  });
});
