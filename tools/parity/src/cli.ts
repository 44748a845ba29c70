// Writes every generated file (see generated-files.ts): `npx nx run parity:generate`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GENERATED_FILES, render, WORKSPACE } from './generated-files';

async function main(): Promise<void> {
  for (const file of GENERATED_FILES) {
    const path = join(WORKSPACE, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await render(file));
    process.stdout.write(`wrote ${file.path}: ${file.purpose}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `parity: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
