import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { datasets, ifMissing, RUN_ID_PATTERN, RUN_STATUS } from '@lakehouse/contracts';
import {
  failRun,
  homeStatus,
  replayArchived,
  resetBreaker,
  type HomeStatus,
  type RunStatusView,
} from '@lakehouse/pipeline';
import { ZONES } from '@lakehouse/storage';
import { EXIT, UsageError, type CliIO } from '../io';
import { lambdaHandlers } from '../lambda-handlers';
import { terminalLogger } from '../logger';
import { formatTable } from '../table';
import { describeRun, exitCodeOf } from './run';

/** The home an operator command works on: it must hold a state store (a home some run has used). */
async function existingHome(path: string): Promise<string> {
  const home = resolve(path);
  if (!(await stat(join(home, ZONES.state.localFolder)).catch(ifMissing(() => undefined)))?.isDirectory())
    throw new UsageError(
      `--home: no lakehouse home at ${home} (no state/ folder: run \`lakehouse run\` first)`,
    );
  return home;
}

/** A run id as runs are named (letters, digits, `-`, `_`): never a path. */
function runIdOption(name: string, runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new UsageError(`${name}: not a run id: "${runId}"`);
  return runId;
}

/** `lakehouse status --home <dir> [--json]`: runs with their steps and files, pending files, lease, breaker. */
export async function statusCommand(
  options: { readonly home: string; readonly json?: boolean; readonly limit: string },
  io: CliIO,
): Promise<number> {
  const limit = /^[1-9][0-9]{0,3}$/.test(options.limit) ? Number(options.limit) : NaN;
  if (Number.isNaN(limit))
    throw new UsageError(`--limit must be a whole number from 1 to 9999, got "${options.limit}"`);
  const status = await homeStatus(await existingHome(options.home), { limit });
  io.out(options.json ? JSON.stringify(status, null, 2) + '\n' : describeStatus(status));
  return EXIT.OK;
}

/**
 * Each step once, with its last status: `claim ✓  load ✗ …`. A run's record takes no step after the
 * run has ended, so the step that ended it (quality, or fail) stays STARTED there: it is shown as
 * having ended the run; in a RUNNING run a STARTED step is in progress (`…`).
 */
const stepsLine = (run: RunStatusView) => {
  const last = new Map<string, string>();
  for (const s of run.steps) last.set(s.name, s.status);
  const mark: Record<string, string> = { SUCCEEDED: '✓', FAILED: '✗', SKIPPED: '-' };
  const started = run.status === RUN_STATUS.RUNNING ? '…' : '(ended the run)';
  return [...last]
    .map(([name, status]) => `${name} ${status === 'STARTED' ? started : (mark[status] ?? status)}`)
    .join('  ');
};

function describeStatus(status: HomeStatus): string {
  let text = `home ${status.home} (pipeline ${status.pipeline})\n`;
  if (status.inUse) {
    const { pid, host, since, runId } = status.inUse;
    text += `in use by process ${pid} on ${host} since ${since}${runId ? ` (run ${runId})` : ''}: its state store is open there; the executions below are read from the home\n`;
  } else {
    const lease = status.lease;
    text += `lease:   ${lease ? `held by ${lease.holder} until ${lease.expiresAt}` : 'free'}\n`;
    const b = status.breaker!;
    text += `breaker: ${b.state}, ${b.consecutiveFailures} consecutive failure(s)`;
    if (b.openedAt) text += `, open since ${b.openedAt}`;
    if (b.halfOpensAt) text += `, half-opens at ${b.halfOpensAt}`;
    if (b.lastFailure)
      text += `; last: ${b.lastFailure.runId} at ${b.lastFailure.at}: ${b.lastFailure.reason ?? ''}`;
    text += '\n';
  }
  text += `\nruns (newest first): ${status.runs.length === 0 ? 'none' : ''}\n`;
  for (const run of status.runs) {
    const runStart = run.runStart && run.runStart !== run.startedAt ? `  run start ${run.runStart}` : '';
    text += `\n${run.runId}  ${run.status}${runStart}  started ${run.startedAt}${run.endedAt ? `  ended ${run.endedAt}` : ''}\n`;
    if (run.error) text += `  error:     ${run.error}\n`;
    if (run.steps.length > 0) text += `  steps:     ${stepsLine(run)}\n`;
    if (run.execution) {
      const e = run.execution;
      text += `  execution: ${e.status}${e.state ? `, last state ${e.state}` : ''}${e.resumes ? `, resumed ${e.resumes}×` : ''}${e.error ? ` (${e.error})` : ''}\n`;
    }
    if (run.files.length > 0)
      text += formatTable(
        ['  file', 'status', 'rows in', 'accepted', 'rejected'],
        run.files.map((f) => [`  ${f.key}`, f.status, f.rowsIn ?? '-', f.accepted ?? '-', f.rejected ?? '-']),
      );
  }
  if (!status.inUse)
    text +=
      `\npending files (waiting for a run): ${status.pending.length === 0 ? 'none\n' : '\n'}` +
      (status.pending.length > 0
        ? formatTable(
            ['file', 'status'],
            status.pending.map((f) => [f.key, f.status]),
          )
        : '');
  return text;
}

/** `lakehouse runs fail <runId> --reason <text> [--force]`. */
export async function failRunCommand(
  runId: string,
  options: { readonly home: string; readonly reason: string; readonly force?: boolean },
  io: CliIO,
): Promise<number> {
  if (!options.reason.trim()) throw new UsageError('--reason must say why the run is failed');
  const out = await failRun(await existingHome(options.home), runIdOption('<runId>', runId), {
    reason: options.reason,
    force: options.force,
  });
  io.out(
    `run ${out.runId} FAILED: ${options.reason}\n` +
      `${out.releasedFiles} file(s) given back (pending: the next \`lakehouse run\` takes them in a new attempt)` +
      `${out.leaseReleased ? '; its lease released' : ''}\n`,
  );
  return EXIT.OK;
}

/** `lakehouse breaker reset`. */
export async function resetBreakerCommand(options: { readonly home: string }, io: CliIO): Promise<number> {
  const status = await resetBreaker(await existingHome(options.home));
  io.out(`breaker of pipeline ${status.pipeline} reset: ${status.state}\n`);
  return EXIT.OK;
}

/** `lakehouse replay --dataset <d> [--run <runId>]`. */
export async function replayCommand(
  options: {
    readonly home: string;
    readonly dataset: string;
    readonly run?: string;
    readonly json?: boolean;
  },
  io: CliIO,
): Promise<number> {
  if (!datasets.names.includes(options.dataset))
    throw new UsageError(
      `--dataset: unknown dataset "${options.dataset}" (known: ${datasets.names.join(', ')})`,
    );
  const result = await replayArchived(await existingHome(options.home), {
    dataset: options.dataset,
    runId: options.run === undefined ? undefined : runIdOption('--run', options.run),
    logger: terminalLogger(io),
    handlers: lambdaHandlers,
  });
  io.out(options.json ? JSON.stringify(result.summary, null, 2) + '\n' : describeRun(result));
  return exitCodeOf(result.summary);
}
