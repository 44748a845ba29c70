/**
 * One measurement in a fresh process: `child.ts <task JSON>`. Prints one JSON line: the measured
 * milliseconds (wall and CPU, every thread of the process), the process's peak resident memory,
 * and what the task reports (rows, steps).
 */
import { runTask, type Task } from './tasks';

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as Task;
  let ms = 0;
  let cpuMs = 0;
  const result = await runTask(task, async (work) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const value = await work();
    ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
    return value;
  });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs, peakRssMb, ...result }) + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
