import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A `lakehouse run` in a child process that SIGKILLs itself at one point of the execution (crash-child.ts). */
export function crashingRun(
  raw: string,
  home: string,
  runStart: Date,
  mode: 'between' | 'inside',
  state: string,
) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(require.resolve('tsx')).href,
      join(__dirname, 'crash-child.ts'),
      raw,
      home,
      runStart.toISOString(),
      mode,
      state,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, '..', '..', '..', 'tsconfig.base.json') },
    },
  );
}
