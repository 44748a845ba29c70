import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * The repository stands on its own: its docs and code cite only what it holds. A design note kept
 * outside the repository, or a folder of one machine, means nothing to a reader of a clone.
 * The names are assembled so that this file does not cite them itself.
 */
const OUTSIDE = [
  ['CONTRACTS', 'md'],
  ['ARCHITECTURE', 'md'],
  ['REFERENCE', 'md'],
].map(([name, ext]) => `${name}.${ext}`);
const MACHINE_PATHS = [['', 'work', ''].join('/'), ['..', 'shared', ''].join('/')];

describe('the repository is self-contained', () => {
  it('no tracked file cites a document outside the repository or a path of one machine', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && !/\.(png|parquet|zip|jar|gz)$/.test(f) && existsSync(join(root, f)));
    const needles = [...OUTSIDE, ...MACHINE_PATHS];
    const found = files.flatMap((file) => {
      return readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          needles.some((n) => line.includes(n)) ? [`${file}:${i + 1}: ${line.trim()}`] : [],
        );
    });
    expect(found).toEqual([]);
  });
});
