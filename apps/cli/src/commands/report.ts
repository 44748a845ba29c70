import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ifMissing, parseDocumentJson, RUN_ID_PATTERN, type QualityReport } from '@lakehouse/contracts';
import { localHome } from '@lakehouse/pipeline';
import { renderQualityHtml, renderQualityTable } from '@lakehouse/quality';
import { EXIT, UsageError, type CliIO } from '../io';
import { checkOutputFile } from '../paths';

export interface ReportCommandOptions {
  readonly home: string;
  readonly json?: boolean;
  readonly html?: string;
}

const SUFFIX = '.quality.json';

/** A quality report file, checked against its schema (a damaged file is an error naming the field). */
export async function readQualityReport(path: string): Promise<QualityReport> {
  return parseDocumentJson('quality-report', await readFile(path, 'utf8'), path);
}

/** The newest quality report of a home: the last one written (each run writes its report once). */
async function latestReportPath(reports: string): Promise<string> {
  const names = (await readdir(reports).catch(ifMissing((): string[] => []))).filter((n) =>
    n.endsWith(SUFFIX),
  );
  if (names.length === 0)
    throw new UsageError(
      `no quality report in ${reports}: run \`lakehouse run\` or \`lakehouse demo\` first`,
    );
  const written = await Promise.all(
    names.map(async (n) => ({ n, at: (await stat(join(reports, n))).mtimeMs })),
  );
  return join(reports, written.reduce((a, b) => (b.at > a.at ? b : a)).n);
}

async function reportPath(reports: string, runId: string | undefined): Promise<string> {
  if (runId === undefined) return latestReportPath(reports);
  if (!RUN_ID_PATTERN.test(runId)) throw new UsageError(`not a run id: "${runId}"`);
  const path = join(reports, `${runId}${SUFFIX}`);
  if (!(await stat(path).catch(ifMissing(() => undefined)))?.isFile())
    throw new UsageError(`no quality report for run "${runId}" in ${reports}`);
  return path;
}

/** `lakehouse report [<runId>]`: a run's quality report as a terminal table, JSON or an HTML page. */
export async function reportCommand(
  runId: string | undefined,
  options: ReportCommandOptions,
  io: CliIO,
): Promise<number> {
  const { reports } = localHome(resolve(options.home));
  const path = await reportPath(reports, runId);
  if (options.html) await checkOutputFile('--html', options.html, [path]);
  const report = await readQualityReport(path);
  if (options.html) await writeFile(options.html, renderQualityHtml(report));
  io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : renderQualityTable(report));
  if (options.html && !options.json) io.out(`\nHTML report written to ${options.html}\n`);
  return EXIT.OK;
}
