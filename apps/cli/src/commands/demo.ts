import { access, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ifMissing, parseDate, type RunSummary } from '@lakehouse/contracts';
import {
  assertHomeFree,
  createFolder,
  HomeNotUsableError,
  runLocalPipeline,
  type LocalRunResult,
} from '@lakehouse/pipeline';
import { WEEK_DAYS, writeSampleWeek } from '@lakehouse/sample-data';
import { LOCAL_CATALOG_DATABASE } from '@lakehouse/storage';
import { UsageError, type CliIO } from '../io';
import { lambdaHandlers } from '../lambda-handlers';
import { terminalLogger } from '../logger';
import { formatTable } from '../table';
import { readQualityReport } from './report';
import { describeRun, exitCodeOf } from './run';

export interface DemoCommandOptions {
  readonly home: string;
  readonly seed: string;
  readonly orders: string;
  readonly defectRate: string;
  readonly firstDay?: string;
  readonly json?: boolean;
}

/** Marks a folder as a demo home, so that `demo` may wipe it and never anything else. */
const MARKER = '.lakehouse-demo-home';

async function freshHome(home: string): Promise<void> {
  const entries = await readdir(home).catch(ifMissing(() => undefined));
  if (entries && entries.length > 0) {
    const ours = await access(join(home, MARKER)).then(
      () => true,
      ifMissing(() => false),
    );
    if (!ours) throw new UsageError(`${home} exists and is not a demo home: choose another --home`);
    await assertHomeFree(home); // never wipe a home a run is using
    await rm(home, { recursive: true, force: true });
  }
  try {
    await createFolder(home);
    await writeFile(
      join(home, MARKER),
      'Created by `lakehouse demo`; the next demo run may delete this folder.\n',
    );
  } catch (error) {
    throw new HomeNotUsableError(
      home,
      `it cannot be created (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

/** A whole number option within min–max, written in plain digits (no `0x10`, `1e3` or empty text). */
function wholeNumber(option: string, text: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** A rate option within 0–1 in decimal notation. */
function rate(option: string, text: string): number {
  const n = /^[0-9]*\.?[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${option} must be a number from 0 to 1, got "${text}"`);
  return n;
}

/** A path as one POSIX shell word. */
const shellQuoted = (path: string) => `'${path.replace(/'/g, `'\\''`)}'`;

/** Orders a demo day generates at most, so the week finishes on a laptop. */
const MAX_DEMO_ORDERS = 100_000;

/** `--first-day`: a calendar date; the default week ends yesterday (UTC). */
function firstDayOf(text: string | undefined, now: Date): string {
  if (text === undefined) return new Date(now.getTime() - WEEK_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (parseDate(text) === undefined)
    throw new UsageError(`--first-day must be a date YYYY-MM-DD, got "${text}"`);
  return text;
}

/** What the demo prints with `--json`: the week's runs, day by day. */
export interface DemoWeek {
  readonly home: string;
  readonly days: readonly {
    /** The day the batch's data is of. */
    readonly date: string;
    /** When its run started (the next morning): the instant the quality trends chart it at. */
    readonly runStart: string;
    readonly events: readonly string[];
    readonly summary: RunSummary;
  }[];
}

/** What a day's run flagged, from the run's structured results (never from its messages' wording). */
interface DayHighlights {
  readonly date: string;
  /** Per dataset whose gate warned or blocked: the breaches. */
  readonly gates: readonly string[];
  /** Per anomaly of a dataset: what was flagged against the days before. */
  readonly anomalies: readonly string[];
}

/** The gates of the run summary that warned or blocked, and the anomalies of the run's quality report. */
async function highlightsOf(date: string, run: LocalRunResult): Promise<DayHighlights> {
  const gates = Object.entries(run.summary.datasets).flatMap(([name, d]) =>
    d.gate && d.gate.action !== 'none'
      ? [`${name} ${d.gate.action === 'block' ? 'blocked' : 'warned'}: ${d.gate.reason}`]
      : [],
  );
  const report = run.qualityReport && (await readQualityReport(run.qualityReport.json));
  const anomalies = Object.entries(report?.datasets ?? {}).flatMap(([name, d]) =>
    d.anomalies.anomalies.map((a) => `${name}: ${a.message}`),
  );
  return { date, gates, anomalies };
}

/** Ready-to-paste queries of the demo's tables, named as in the Glue catalog. */
const QUERIES = [
  `SELECT date, orders, items, revenue FROM ${LOCAL_CATALOG_DATABASE}.daily_sales ORDER BY date`,
  `SELECT department, count(*) AS products FROM ${LOCAL_CATALOG_DATABASE}.products GROUP BY department ORDER BY products DESC LIMIT 5`,
  `SELECT order_id, total_amount, order_timestamp FROM ${LOCAL_CATALOG_DATABASE}.orders ORDER BY total_amount DESC LIMIT 5`,
];

/**
 * `lakehouse demo`: a week of daily batches generated into a fresh home (tools/sample-data), each
 * loaded by its own run through the state machine as `lakehouse run` does, in order: re-sent keys,
 * a defect burst that trips a warn gate and a busy day whose row count is an anomaly, so the
 * quality report has trends over seven runs. Then the week, where the outputs are and queries to
 * paste.
 */
export async function demoCommand(options: DemoCommandOptions, io: CliIO): Promise<number> {
  const home = resolve(options.home);
  const seed = wholeNumber('seed', options.seed, 0, 2 ** 32 - 1);
  const ordersPerDay = wholeNumber('orders', options.orders, 1, MAX_DEMO_ORDERS);
  const defectRate = rate('defect-rate', options.defectRate);
  const firstDay = firstDayOf(options.firstDay, new Date());

  await freshHome(home);
  const incoming = join(home, 'incoming');
  const week = await writeSampleWeek(incoming, { seed, firstDay, ordersPerDay, defectRate });
  if (!options.json)
    io.out(`generated ${week.length} daily batches (seed ${seed}) into ${incoming}; each is one run:\n\n`);
  const logger = terminalLogger(io);
  const days: DemoWeek['days'][number][] = [];
  const highlights: DayHighlights[] = [];
  let last: LocalRunResult | undefined;
  for (const [i, day] of week.entries()) {
    last = await runLocalPipeline({
      raw: day.raw,
      home,
      runStart: day.runStart,
      logger,
      handlers: lambdaHandlers,
    });
    days.push({
      date: day.date,
      runStart: day.runStart.toISOString(),
      events: day.events,
      summary: last.summary,
    });
    highlights.push(await highlightsOf(day.date, last));
    if (!options.json)
      io.out(
        `  ${i + 1}/${week.length}  ${day.date}  run start ${shortInstant(day.runStart.toISOString())}  ${last.summary.runId}  ${last.summary.status}` +
          `${day.events.length > 0 ? `  (${day.events.join(', ')})` : ''}\n`,
      );
  }
  const result: DemoWeek = { home, days };
  if (options.json) io.out(JSON.stringify(result, null, 2) + '\n');
  else io.out(describeWeek(result, highlights, last!));
  return Math.max(...days.map((d) => exitCodeOf(d.summary)));
}

/** `2026-11-26T01:00:00.000Z` as `2026-11-26 01:00` (UTC). */
const shortInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** The week as a table, its gates and anomalies, the last day's run, where the outputs are and what to paste next. */
function describeWeek(week: DemoWeek, highlights: readonly DayHighlights[], last: LocalRunResult): string {
  const total = (s: RunSummary, field: 'rowsIn' | 'accepted' | 'rejected') =>
    Object.values(s.datasets).reduce((n, d) => n + d[field], 0);
  let text =
    '\n' +
    formatTable(
      ['batch of', 'run start', 'status', 'rows in', 'accepted', 'rejected', 'warnings', 'what happened'],
      week.days.map(({ date, runStart, events, summary }) => [
        date,
        shortInstant(runStart),
        summary.status,
        total(summary, 'rowsIn'),
        total(summary, 'accepted'),
        total(summary, 'rejected'),
        summary.warnings?.length ?? 0,
        events.join(', ') || '-',
      ]),
    );
  const lines = (field: 'gates' | 'anomalies') =>
    highlights.flatMap((day) => day[field].map((line) => `  ${day.date}  ${line}`));
  const gates = lines('gates');
  const anomalies = lines('anomalies');
  if (gates.length > 0) text += `\nquality gates:\n${gates.join('\n')}\n`;
  if (anomalies.length > 0) text += `\nanomalies against the days before:\n${anomalies.join('\n')}\n`;
  text += `\nthe last day's run:\n${describeRun(last)}`;
  const home = shellQuoted(week.home);
  text += `\nthe quality report of the last day, with the trends of the week (charted by run start): ${last.qualityReport?.html}\n`;
  text += `\nquery the tables (DuckDB, named as in the Glue catalog), e.g.:\n`;
  for (const sql of QUERIES) text += `  npx lakehouse query "${sql}" --home ${home}\n`;
  text += `  npx lakehouse report --home ${home}\n  npx lakehouse status --home ${home}\n`;
  return text;
}
