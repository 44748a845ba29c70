import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Validates Spark SQL statements with dt-sql-parser's `SparkSQL().validate` in a child Node
 * process. The ANTLR parser runs 4–5× slower inside Jest's VM context (global lookups are
 * intercepted there) than in plain Node, which would cost most of the suite's time budget;
 * tsx loads dt-sql-parser's extension-less ESM in the child. Returns the error messages of each
 * statement (an empty list = parses).
 */
export function validateSparkSql(statements: readonly string[]): string[][] {
  const child = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(require.resolve('tsx')).href, join(__dirname, 'spark-validate-child.ts')],
    {
      input: JSON.stringify(statements),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`dt-sql-parser child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}
