import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ifMissing, type RunSummary } from '@lakehouse/contracts';
import { PipelineInputError, runLocalPipeline, type LocalRunResult } from '@lakehouse/pipeline';
import { EXIT, parseRunStart, UsageError, type CliIO } from '../io';
import { terminalLogger } from '../logger';
import { formatTable } from '../table';

export interface RunCommandOptions {
  readonly raw: string;
  readonly home: string;
  readonly json?: boolean;
  readonly runStart?: string;
}

/** Exit 0 for SUCCEEDED, SUCCEEDED_WITH_WARNINGS and NOTHING_TO_DO; 1 for FAILED. */
export const exitCodeOf = (summary: RunSummary): number =>
  summary.status === 'FAILED' ? EXIT.FAILED : EXIT.OK;

/** `lakehouse run --raw <dir> --home <dir>`: the local pipeline, run directly. */
export async function runCommand(options: RunCommandOptions, io: CliIO): Promise<number> {
  const runStart = parseRunStart(options.runStart);
  if (!(await stat(options.raw).catch(ifMissing(() => undefined)))?.isDirectory())
    throw new UsageError(`--raw: folder not found: ${options.raw}`);
  let result: LocalRunResult;
  try {
    result = await runLocalPipeline({
      raw: resolve(options.raw),
      home: resolve(options.home),
      runStart,
      logger: terminalLogger(io),
    });
  } catch (error) {
    if (error instanceof PipelineInputError) throw new UsageError(error.message);
    throw error;
  }
  io.out(options.json ? JSON.stringify(result.summary, null, 2) + '\n' : describeRun(result));
  return exitCodeOf(result.summary);
}

const pct = (n: number) => (n * 100).toFixed(1);

/** The human summary: one line per dataset, one per file, and where the outputs are. */
export function describeRun({ summary, reportPath, qualityReport, home }: LocalRunResult): string {
  const names = Object.keys(summary.datasets);
  let text = `run ${summary.runId}: ${summary.status}\n`;
  if (names.length === 0) return text + 'no files offered\n';
  text +=
    '\n' +
    formatTable(
      ['dataset', 'rows in', 'accepted', 'rejected', 'score', 'quality', 'reasons'],
      names.map((name) => {
        const d = summary.datasets[name];
        const reasons = Object.entries(d.reasons)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ');
        const quality = d.quality.passed ? 'passed' : d.published === false ? 'BLOCKED' : 'warning';
        return [name, d.rowsIn, d.accepted, d.rejected, d.quality.score.toFixed(1), quality, reasons || '-'];
      }),
    );
  const breaches = names.filter((n) => !summary.datasets[n].quality.passed);
  for (const name of breaches) {
    const q = summary.datasets[name].quality;
    text += `${name}: completeness ${pct(q.completeness)}%, validity ${pct(q.validity)}%, accuracy ${pct(q.accuracy)}%, consistency ${pct(q.consistency)}%, uniqueness ${pct(q.uniqueness)}%\n`;
  }
  const files = names.flatMap((name) => summary.datasets[name].files);
  text +=
    '\n' +
    formatTable(
      ['file', 'status', 'rows in', 'accepted', 'rejected'],
      files.map((f) => [f.key, f.status, f.rowsIn, f.accepted, f.rejected]),
    );
  for (const f of files) if (f.error) text += `  ${f.error.message}\n`;
  if (summary.warnings?.length)
    text += `\nwarnings:\n${summary.warnings.map((w) => `  - ${w}`).join('\n')}\n`;
  text += `\ntables:   ${home.lakehouse}\nrejected: ${home.rejected}\narchived: ${home.archived}\nreport:   ${reportPath}\n`;
  if (qualityReport)
    text += `quality:  ${qualityReport.html} (or \`lakehouse report ${summary.runId} --home ${home.root}\`)\n`;
  return text;
}
