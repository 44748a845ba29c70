import type { BenchCase, Goal } from './cases';
import type { Measurement } from './runner';
import { summarise, type Summary } from './stats';

export interface RunnerResult {
  readonly label: string;
  readonly runs: readonly Measurement[];
  readonly ms: Summary;
  readonly cpuMs: Summary;
  readonly peakRssMb: Summary;
  readonly rows: number;
}

export interface GoalResult extends Goal {
  readonly ratio: number;
  readonly met: boolean;
}

export interface StepShare {
  readonly step: string;
  readonly ms: number;
  readonly share: number;
}

export interface CaseResult {
  readonly name: string;
  readonly data: { readonly name: string; readonly megabytes: number };
  readonly runners: readonly RunnerResult[];
  /** The subject's median time, CPU time and peak memory over each baseline's. */
  readonly ratios: readonly {
    readonly against: string;
    readonly time: number;
    readonly cpu: number;
    readonly memory: number;
  }[];
  readonly goals: readonly GoalResult[];
  /** Where the subject's time went, in its median run; `(outside the trace)` is the rest. */
  readonly steps?: readonly StepShare[];
  /** Runners left out, and why. */
  readonly notes: readonly string[];
}

export function runnerResult(label: string, runs: readonly Measurement[]): RunnerResult {
  return {
    label,
    runs,
    ms: summarise(runs.map((r) => r.ms)),
    cpuMs: summarise(runs.map((r) => r.cpuMs)),
    peakRssMb: summarise(runs.map((r) => r.peakRssMb)),
    rows: runs[0].rows,
  };
}

export function caseResult(
  spec: BenchCase,
  data: CaseResult['data'],
  runners: readonly RunnerResult[],
  notes: readonly string[],
): CaseResult {
  const [subject, ...baselines] = runners;
  const ratios = baselines.map((b) => ({
    against: b.label,
    time: subject.ms.median / b.ms.median,
    cpu: subject.cpuMs.median / b.cpuMs.median,
    memory: subject.peakRssMb.median / b.peakRssMb.median,
  }));
  const goals = (spec.goals ?? []).flatMap((goal) => {
    const r = ratios.find((x) => x.against === goal.against);
    if (!r) return [];
    const ratio = goal.metric === 'time' ? r.time : r.memory;
    return [{ ...goal, ratio, met: ratio <= goal.max }];
  });
  return {
    name: spec.name,
    data,
    runners,
    ratios,
    goals,
    ...(spec.steps ? { steps: stepShares(subject) } : {}),
    notes,
  };
}

/** The subject's peak memory in a case against its peak in a smaller case: flat within 10 %. */
export function flatMemoryGoal(large: CaseResult, small: CaseResult): GoalResult {
  const ratio = large.runners[0].peakRssMb.median / small.runners[0].peakRssMb.median;
  return { against: `itself on ${small.data.name}`, metric: 'memory', max: 1.1, ratio, met: ratio <= 1.1 };
}

function stepShares(subject: RunnerResult): StepShare[] {
  const run = [...subject.runs].sort((a, b) => a.ms - b.ms)[(subject.runs.length - 1) >> 1];
  const totals = new Map<string, number>();
  for (const s of run.steps ?? []) totals.set(s.step, (totals.get(s.step) ?? 0) + s.ms);
  const traced = [...totals.values()].reduce((a, b) => a + b, 0);
  const shares = [...totals].map(([step, ms]) => ({ step, ms, share: ms / run.ms }));
  shares.push({ step: '(outside the trace)', ms: run.ms - traced, share: (run.ms - traced) / run.ms });
  return shares.sort((a, b) => b.ms - a.ms);
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const megabytes = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`);
const times = (ratio: number) => `${ratio.toFixed(2)}×`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map(
      (r) =>
        '  ' +
        r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** The printed block of one case. */
export function formatCase(result: CaseResult): string {
  const size = result.data.megabytes > 0 ? `, ${result.data.megabytes.toFixed(0)} MB of CSV` : '';
  const lines = [`${result.name} — ${result.data.name}${size}`];
  const rows: string[][] = [
    ['runner', 'median', 'min–max', 'spread', 'CPU', 'peak RSS', 'rows', 'subject ÷ runner'],
  ];
  for (const [i, r] of result.runners.entries()) {
    const x = result.ratios[i - 1];
    const ratio = x ? `${times(x.time)} time, ${times(x.cpu)} CPU, ${times(x.memory)} memory` : '';
    rows.push([
      r.label,
      seconds(r.ms.median),
      `${seconds(r.ms.min)}–${seconds(r.ms.max)}`,
      `${Math.round(r.ms.spread * 100)} %`,
      seconds(r.cpuMs.median),
      megabytes(r.peakRssMb.median),
      r.rows > 0 ? r.rows.toLocaleString('en') : '—',
      ratio,
    ]);
  }
  lines.push(table(rows));
  for (const g of result.goals) {
    const what = g.metric === 'time' ? 'time' : 'peak memory';
    lines.push(
      `  goal: ${what} ≤ ${times(g.max)} ${g.against}: ${times(g.ratio)} — ${g.met ? 'met' : 'NOT met'}`,
    );
  }
  for (const note of result.notes) lines.push(`  note: ${note}`);
  if (result.steps) {
    const shown = result.steps.filter((s) => s.share >= 0.01 || s.step.startsWith('('));
    const rest = result.steps.filter((s) => !shown.includes(s));
    const stepRows = shown.map((s) => [s.step, seconds(s.ms), `${(s.share * 100).toFixed(1)} %`]);
    if (rest.length > 0) {
      const ms = rest.reduce((a, s) => a + s.ms, 0);
      const share = rest.reduce((a, s) => a + s.share, 0);
      stepRows.push([`(${rest.length} steps under 1 % each)`, seconds(ms), `${(share * 100).toFixed(1)} %`]);
    }
    lines.push(`  where the subject's time goes (its median run):`);
    lines.push(table(stepRows).replace(/^ {2}/gm, '    '));
  }
  return lines.join('\n');
}
