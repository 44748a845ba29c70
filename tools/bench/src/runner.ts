import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { StepTime, Task } from './tasks';
import { completion, spawnTypeScript, WORKSPACE } from './workspace';

/** Debian's Python, where `apt-get install python3-pandas` puts pandas. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * What runs in a measured process: a task of tasks.ts, the pandas script on a raw folder, or a
 * command of the workspace (measured from outside, with everything it starts, by time_command.py).
 */
export type Work =
  | { readonly task: Task }
  | { readonly pandas: string }
  | { readonly command: readonly string[]; readonly env?: Readonly<Record<string, string>> };

export interface Measurement {
  readonly ms: number;
  /** CPU time of every thread: less sensitive than wall time to other work on a shared machine. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly rows: number;
  readonly steps?: readonly StepTime[];
}

/** Runs one piece of work in a fresh process and returns what it measured. */
export async function measure(work: Work): Promise<Measurement> {
  const out = await completion(...start(work));
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Measurement;
}

function start(work: Work): [ReturnType<typeof spawn>, string] {
  if ('task' in work)
    return [
      spawnTypeScript('tools/bench/src/child.ts', [JSON.stringify(work.task)]),
      `the ${work.task.kind} task`,
    ];
  if ('pandas' in work)
    return [
      spawn(SYSTEM_PYTHON, [join(WORKSPACE, 'tools/bench/src/pandas_baseline.py'), work.pandas], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      'the pandas baseline',
    ];
  return [
    spawn('python3', [join(WORKSPACE, 'tools/bench/src/time_command.py'), ...work.command], {
      cwd: WORKSPACE,
      env: { ...process.env, ...work.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    `\`${work.command.join(' ')}\``,
  ];
}

/** Whether the pandas baseline can run: Debian's python3 with python3-pandas installed. */
export async function pandasAvailable(): Promise<boolean> {
  if (!existsSync(SYSTEM_PYTHON)) return false;
  try {
    await completion(
      spawn(SYSTEM_PYTHON, ['-c', 'import pandas'], { stdio: ['ignore', 'pipe', 'pipe'] }),
      'python',
    );
    return true;
  } catch {
    return false;
  }
}

export interface LoadSummary {
  readonly start: number;
  readonly mean: number;
  readonly max: number;
  readonly end: number;
}

/** Samples the 1-minute load average while the bench runs: the machine is shared. */
export class LoadMonitor {
  private readonly samples: number[] = [loadavg()[0]];
  private readonly timer = setInterval(() => this.samples.push(loadavg()[0]), 5000).unref();

  /** The samples so far. */
  sample(): LoadSummary {
    const mean = this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
    return { start: this.samples[0], mean, max: Math.max(...this.samples), end: this.samples.at(-1)! };
  }

  stop(): LoadSummary {
    clearInterval(this.timer);
    this.samples.push(loadavg()[0]);
    return this.sample();
  }
}
