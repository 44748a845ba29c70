import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REJECT_CODES } from '@lakehouse/contracts';

const root = join(__dirname, '..', '..', '..');

/** Where a reject code may be written as a literal: the vocabulary itself, and tests. */
const ALLOWED = [/^libs\/contracts\/src\/vocabulary\.ts$/, /\.spec\.ts$/, /(^|\/)(test|tests|testing)\//];

const CODES = REJECT_CODES.map((c) => c.code).join('|');
/** A string literal that is a reject code, or starts with one and its colon: `'TYPE'`, `"FK:…`. */
const CODE_LITERAL = {
  ts: new RegExp(`(['"\`])(${CODES})(\\1|:)`),
  py: new RegExp(`(['"])(${CODES})(\\1|:)`),
};
/** Comment lines: codes are named in prose there. */
const COMMENT = { ts: /^\s*(\/\/|\/\*|\*)/, py: /^\s*#/ };

describe('reject codes are named through the vocabulary', () => {
  it('no TypeScript or Python source outside the vocabulary and the tests spells a code as a literal', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.(ts|py)$/.test(f) && !ALLOWED.some((a) => a.test(f)));
    const found = files.flatMap((file) => {
      const language = file.endsWith('.py') ? 'py' : 'ts';
      return readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          !COMMENT[language].test(line) && CODE_LITERAL[language].test(line)
            ? [`${file}:${i + 1}: ${line.trim()}`]
            : [],
        );
    });
    expect(found).toEqual([]);
  });
});
