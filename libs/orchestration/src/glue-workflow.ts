import type { DatasetRegistry } from '@lakehouse/contracts';
import { glueJobArguments, type JobArgumentValues } from './job-arguments';

/** A table rebuilt from other tables after they are loaded (the curated zone). */
export interface CuratedTable {
  readonly name: string;
  /** The tables it reads; its job starts when each of their jobs succeeded. */
  readonly sources: readonly string[];
}

export interface GlueWorkflowSpec {
  readonly registry: DatasetRegistry;
  /** The curated tables and what they read (libs/engine's curated plans). */
  readonly curated: readonly CuratedTable[];
  readonly workflowName: string;
  /** The Glue job name of a dataset's (or curated table's) job. */
  readonly jobName: (table: string) => string;
  /** The job-scoped arguments of a table's job. */
  readonly jobArguments: (table: string, kind: GlueJobNode['kind']) => JobArgumentValues;
}

export interface GlueJobNode {
  readonly table: string;
  readonly kind: 'dataset' | 'curated';
  readonly jobName: string;
  /** The job's default arguments, `--name` → value. */
  readonly arguments: Readonly<Record<string, string>>;
  /** The tables whose jobs must have succeeded before this one starts. */
  readonly after: readonly string[];
}

export interface GlueTriggerNode {
  readonly name: string;
  readonly type: 'ON_DEMAND' | 'CONDITIONAL';
  /** The jobs it starts. */
  readonly actions: readonly string[];
  /** CONDITIONAL only: every listed job SUCCEEDED in this workflow run. */
  readonly predicate?: {
    readonly logical: 'AND';
    readonly conditions: readonly {
      readonly jobName: string;
      readonly state: 'SUCCEEDED';
      readonly logicalOperator: 'EQUALS';
    }[];
  };
}

export interface GlueWorkflowDefinition {
  readonly workflowName: string;
  /** Jobs in start order: the datasets in DAG order, then the curated tables. */
  readonly jobs: readonly GlueJobNode[];
  readonly triggers: readonly GlueTriggerNode[];
}

/**
 * The Glue workflow of a run: one job per dataset and per curated table, started by triggers that
 * follow the foreign keys. The datasets without parents start together (the ON_DEMAND trigger the
 * state machine fires); every other job has a CONDITIONAL trigger on its parents' jobs (or, for a
 * curated table, its sources' jobs) having SUCCEEDED. There is no separate quality job: the
 * cross-dataset checks need the run's keys, which live in the dataset jobs' sessions, so a child's
 * job runs them once it and its parents have published (a parent writes the run keys its child's
 * checks read under the run's prefix); the run's quality step reads them from the jobs' reports.
 */
export function buildGlueWorkflow(spec: GlueWorkflowSpec): GlueWorkflowDefinition {
  const { registry } = spec;
  const known = new Set(registry.names);
  for (const table of spec.curated) {
    if (known.has(table.name)) throw new Error(`curated table "${table.name}" is also a dataset`);
    for (const source of table.sources) {
      if (!registry.has(source))
        throw new Error(`curated table "${table.name}" reads unknown dataset "${source}"`);
    }
  }
  const node = (table: string, kind: GlueJobNode['kind'], after: readonly string[]): GlueJobNode => ({
    table,
    kind,
    jobName: spec.jobName(table),
    arguments: glueJobArguments(spec.jobName(table), spec.jobArguments(table, kind)),
    after,
  });
  const jobs = [
    ...registry.ordered.map((c) => node(c.name, 'dataset', registry.parentsOf(c.name))),
    ...spec.curated.map((t) => node(t.name, 'curated', t.sources)),
  ];

  const roots = jobs.filter((j) => j.after.length === 0);
  const triggers: GlueTriggerNode[] = [
    { name: `${spec.workflowName}-start`, type: 'ON_DEMAND', actions: roots.map((j) => j.jobName) },
    ...jobs
      .filter((j) => j.after.length > 0)
      .map((j): GlueTriggerNode => ({
        name: `${spec.workflowName}-${j.table}`,
        type: 'CONDITIONAL',
        actions: [j.jobName],
        predicate: {
          logical: 'AND',
          conditions: j.after.map((table) => ({
            jobName: spec.jobName(table),
            state: 'SUCCEEDED',
            logicalOperator: 'EQUALS',
          })),
        },
      })),
  ];
  return { workflowName: spec.workflowName, jobs, triggers };
}

/**
 * The order the workflow's triggers start its jobs in, as Glue would when every job succeeds:
 * each wave holds the tables whose jobs start together. A job no trigger ever starts is an error.
 * The local runner executes the DAG in this order.
 */
export function workflowWaves(workflow: GlueWorkflowDefinition): string[][] {
  const tableOf = new Map(workflow.jobs.map((j) => [j.jobName, j.table]));
  const succeeded = new Set<string>();
  const fired = new Set<GlueTriggerNode>();
  const waves: string[][] = [];
  let wave = workflow.triggers.filter((t) => t.type === 'ON_DEMAND').flatMap((t) => t.actions);
  while (wave.length > 0) {
    waves.push(wave.map((job) => tableOf.get(job) ?? job));
    wave.forEach((job) => succeeded.add(job));
    const ready = workflow.triggers.filter(
      (t) =>
        t.type === 'CONDITIONAL' &&
        !fired.has(t) &&
        t.predicate!.conditions.every((c) => succeeded.has(c.jobName)),
    );
    ready.forEach((t) => fired.add(t));
    wave = ready.flatMap((t) => t.actions);
  }
  const never = workflow.jobs.filter((j) => !succeeded.has(j.jobName));
  if (never.length > 0) {
    throw new Error(`no trigger of the workflow starts ${never.map((j) => j.jobName).join(', ')}`);
  }
  return waves;
}
