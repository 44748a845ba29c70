import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('the test suite and the temp folder', () => {
  it('a Jest run leaves nothing behind in the temp folder, even when its tests forget to clean up', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'outer-temp-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: temp };
      delete env.LAKEHOUSE_TEST_TMPDIR; // as when `npm test` starts it
      const jest = require.resolve('jest/bin/jest');
      const config = join(__dirname, 'fixtures', 'temp-folder', 'jest.config.js');
      const { stderr } = await promisify(execFile)(process.execPath, [jest, '--config', config, '--ci'], {
        env,
      });
      expect(stderr).toContain('1 passed');
      expect(await readdir(temp)).toEqual([]);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
