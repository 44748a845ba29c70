import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_FILES, render, WORKSPACE } from './generated-files';

describe('the generated files are current', () => {
  it.each(GENERATED_FILES.map((f) => [f.path, f] as const))(
    '%s',
    async (path, file) => {
      const onDisk = await readFile(join(WORKSPACE, path), 'utf8').catch(() => '(missing)');
      const expected = await render(file);
      if (onDisk !== expected) {
        throw new Error(`${path} is stale: run \`npx nx run parity:generate\` and commit the result`);
      }
      // The corpus runs the engine on DuckDB: seconds on a busy machine.
    },
    120_000,
  );
});
