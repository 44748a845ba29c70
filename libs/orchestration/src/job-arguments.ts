/**
 * The arguments of the Glue runner (apps/glue-jobs), named once. Infra sets the job-scoped ones as
 * each job's default arguments (`glueJobArguments`), the state machine passes the run-scoped ones
 * as properties of the workflow run it starts, and the Python runner reads this list from the
 * generated `job_arguments.json` (`renderJobArgumentsJson`; a test fails when it is stale).
 */

export type JobArgumentScope =
  /** The same for every run: a default argument of the Glue job. */
  | 'job'
  /** Different per run: a property of the Glue workflow run (Glue jobs cannot take per-run arguments from a trigger). */
  | 'run';

export interface JobArgumentSpec {
  /** The name without the leading `--`. */
  readonly name: string;
  readonly required: boolean;
  readonly scope: JobArgumentScope;
  /** `s3-uri`: must start with `s3://`; `choice`: one of `choices` (case-insensitive). */
  readonly kind: 'text' | 's3-uri' | 'json' | 'choice';
  readonly choices?: readonly string[];
  readonly description: string;
}

export const GLUE_JOB_ARGUMENTS = [
  {
    name: 'dataset',
    required: true,
    scope: 'job',
    kind: 'text',
    description: "the plan's dataset (a contract's name, or a curated table such as daily_sales)",
  },
  {
    name: 'plan-s3-uri',
    required: true,
    scope: 'job',
    kind: 's3-uri',
    description: 'the compiled Spark plan JSON, uploaded beside the script',
  },
  {
    name: 'manifest-s3-uri',
    required: true,
    scope: 'run',
    kind: 's3-uri',
    description: "the run manifest (the run's files per dataset), written by the claim step",
  },
  { name: 'rejected-prefix', required: true, scope: 'job', kind: 's3-uri', description: 's3://…/rejected' },
  { name: 'reports-prefix', required: true, scope: 'job', kind: 's3-uri', description: 's3://…/reports' },
  {
    name: 'state-table',
    required: true,
    scope: 'job',
    kind: 'text',
    description: 'the DynamoDB control table (bookmarks)',
  },
  { name: 'job-name', required: true, scope: 'job', kind: 'text', description: "the bookmark's job name" },
  {
    name: 'database',
    required: false,
    scope: 'job',
    kind: 'text',
    description: 'the Glue Data Catalog database made current before the plan runs',
  },
  {
    name: 'table-location',
    required: false,
    scope: 'job',
    kind: 'text',
    description: "the table's expected Delta location, checked against the plan",
  },
  {
    name: 'quality-gate',
    required: false,
    scope: 'job',
    kind: 'json',
    description: 'the contract\'s quality spec as JSON: {"thresholds":{…},"onBreach":"warn"|"block"}',
  },
  {
    name: 'cross-checks-plan-s3-uri',
    required: false,
    scope: 'job',
    kind: 's3-uri',
    description:
      "the compiled cross-checks plan, only for a dataset job that runs a check (the child's) or writes run keys a check reads (a parent's)",
  },
  {
    name: 'publish-allowed',
    required: false,
    scope: 'job',
    kind: 'choice',
    choices: ['auto', 'true', 'false'],
    description: 'auto (decide from the quality gate) or an explicit decision of the caller',
  },
] as const satisfies readonly JobArgumentSpec[];

export type JobArgumentName = (typeof GLUE_JOB_ARGUMENTS)[number]['name'];
type ScopedName<S extends JobArgumentScope> = Extract<
  (typeof GLUE_JOB_ARGUMENTS)[number],
  { scope: S }
>['name'];
type RequiredName = Extract<(typeof GLUE_JOB_ARGUMENTS)[number], { required: true }>['name'];

/** The arguments Glue itself passes to a job run a workflow started: they locate the run properties. */
export const GLUE_WORKFLOW_RUN_ARGUMENTS = ['WORKFLOW_NAME', 'WORKFLOW_RUN_ID'] as const;

/** The workflow run properties the state machine sets when it starts the Glue workflow. */
export const RUN_PROPERTIES = { manifest: 'manifest-s3-uri' } as const satisfies Record<
  string,
  ScopedName<'run'>
>;

/** The job-scoped values of one Glue job, by argument name. */
export type JobArgumentValues = { readonly [N in ScopedName<'job'> & RequiredName]: string } & {
  readonly [N in Exclude<ScopedName<'job'>, RequiredName>]?: string;
};

/**
 * A Glue job's default arguments (`--name` → value) from its job-scoped values; an unknown name
 * or a missing required value is an error naming the job.
 */
export function glueJobArguments(job: string, values: JobArgumentValues): Record<string, string> {
  const known = new Map<string, JobArgumentSpec>(GLUE_JOB_ARGUMENTS.map((a) => [a.name, a]));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values) as [string, string | undefined][]) {
    const spec = known.get(name);
    if (!spec || spec.scope !== 'job') throw new Error(`Glue job ${job}: "${name}" is not a job argument`);
    if (value === undefined) continue;
    if (spec.kind === 's3-uri' && !value.startsWith('s3://'))
      throw new Error(`Glue job ${job}: --${name} must be an s3:// URI (got "${value}")`);
    out[`--${name}`] = value;
  }
  for (const spec of GLUE_JOB_ARGUMENTS) {
    if (spec.required && spec.scope === 'job' && !(`--${spec.name}` in out)) {
      throw new Error(`Glue job ${job}: --${spec.name} is required`);
    }
  }
  return out;
}

/**
 * The Spark confs Delta needs on Glue besides `--datalake-formats delta`. They must be set before
 * the SparkContext starts, so infra passes them as the jobs' `--conf`, and the runner checks that
 * its session has them.
 */
export const DELTA_SPARK_CONFS = {
  'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension',
  'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog',
} as const;

/** The JSON file the Python runner reads its argument names from (apps/glue-jobs). */
export const JOB_ARGUMENTS_JSON_PATH = 'apps/glue-jobs/src/lakehouse_runner/job_arguments.json';

export function renderJobArgumentsJson(): string {
  const document = {
    $comment:
      'Generated from libs/orchestration/src/job-arguments.ts by `npx nx run orchestration:generate`; do not edit.',
    arguments: GLUE_JOB_ARGUMENTS,
    workflowRunArguments: GLUE_WORKFLOW_RUN_ARGUMENTS,
    deltaSparkConfs: DELTA_SPARK_CONFS,
  };
  return JSON.stringify(document, null, 2) + '\n';
}
