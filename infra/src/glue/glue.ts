import { GlueJob } from '@cdktf/provider-aws/lib/glue-job';
import { GlueTrigger } from '@cdktf/provider-aws/lib/glue-trigger';
import { GlueWorkflow } from '@cdktf/provider-aws/lib/glue-workflow';
import { datasets as platformDatasets } from '@lakehouse/contracts';
import {
  compileCrossChecksPlan,
  compileCuratedPlan,
  compilePlan,
  CROSS_CHECKS,
  type Plan,
} from '@lakehouse/engine';
import {
  DELTA_SPARK_CONFS,
  buildGlueWorkflow,
  type GlueJobNode,
  type GlueWorkflowDefinition,
  type JobArgumentValues,
} from '@lakehouse/orchestration';
import {
  datasetReport,
  rawFile,
  rejectedFile,
  rejectedRows,
  runKeys,
  runManifest,
  tablePrefix,
  zoneKeyPrefix,
} from '@lakehouse/storage';
import { Construct } from 'constructs';
import { grantGlueManagedLogs } from '../catalog/catalog';
import type { IGrantable } from '../core/grants';
import { statement } from '../core/policy-document';
import { ServiceRole } from '../core/service-role';
import { PropsValidator } from '../core/validation';
import { LakehouseLogGroup } from '../logs/lakehouse-log-group';
import { grantNetworkInterfaces } from '../network/network-interfaces';
import { crossCheckPart, takesPart, type CrossCheckPart } from './cross-check-parts';
import { GlueAssets, type UploadedAsset } from './glue-assets';
import type { GlueJobSizing, GlueProps } from './glue-props';

export const GLUE_VERSION = '5.0';

/** Glue takes one `--conf` argument: further confs ride in its value, each behind ` --conf `. */
export function sparkConfArgument(confs: Readonly<Record<string, string>>): string {
  return Object.entries(confs)
    .map(([key, value]) => `${key}=${value}`)
    .join(' --conf ');
}

const GLUE_DESCRIBE = [
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcAttribute',
];

/** The number of jobs on the longest path through the workflow (a job runs after its `after` jobs). */
function longestChain(jobs: readonly GlueJobNode[]): number {
  const depth = new Map<string, number>();
  // Jobs come in start order: each job's `after` jobs come before it.
  for (const job of jobs) {
    const before = job.after.map((table) => depth.get(table));
    if (before.includes(undefined))
      throw new Error(`Glue: job ${job.table} is listed before a job it runs after`);
    depth.set(job.table, 1 + Math.max(0, ...(before as number[])));
  }
  return Math.max(...depth.values());
}

/**
 * The Glue side of a run: the runner and each compiled plan uploaded by content hash, one job per
 * dataset and per curated table (Glue 5.0, Delta, the VPC connections, the security
 * configuration, each with its own role), and the workflow whose triggers run them in the
 * foreign-key order — all from `buildGlueWorkflow`, the one definition the local runner uses too.
 */
export class Glue extends Construct {
  readonly workflow: GlueWorkflow;
  readonly workflowName: string;
  readonly definition: GlueWorkflowDefinition;
  readonly jobs: Readonly<Record<string, GlueJob>>;
  readonly plans: Readonly<Record<string, Plan>>;
  /** The cross-checks plan, run in pieces by the dataset jobs (each dataset's part below). */
  readonly crossChecksPlan: Plan;
  readonly crossCheckParts: Readonly<Record<string, CrossCheckPart>>;
  private readonly crossChecksPlanObject: UploadedAsset;
  readonly assets: GlueAssets;
  readonly logGroup: LakehouseLogGroup;
  /** How the jobs are sized: the configured sizing over the defaults. */
  readonly sizing: Required<GlueJobSizing>;
  /** Jobs on the workflow's longest chain (a job starts when the jobs it reads succeeded). */
  readonly longestChain: number;
  /**
   * The longest a workflow run may take: every job on the longest chain running out its timeout
   * on each attempt (Glue retries a failed run `maxRetries` times). The state machine polls the
   * run at least this long, and an execution must be allowed longer.
   */
  readonly longestRunMinutes: number;
  private readonly props: GlueProps;

  constructor(scope: Construct, id: string, props: GlueProps) {
    super(scope, id);
    const sizing: Required<GlueJobSizing> = {
      workerType: 'G.1X',
      maxWorkers: 10,
      autoScaling: true,
      timeoutMinutes: 120,
      maxRetries: 1,
      ...props.sizing,
    };
    new PropsValidator('Glue', scope, id)
      .integer(sizing.maxWorkers, 'sizing.maxWorkers', 2, 299)
      .integer(sizing.timeoutMinutes, 'sizing.timeoutMinutes', 1, 2880)
      .integer(sizing.maxRetries, 'sizing.maxRetries', 0, 10)
      .check(
        props.connectionNames.length > 0,
        'connectionNames is empty: the jobs run in the private subnets',
      )
      .throwIfInvalid();
    this.props = props;
    const { naming, catalog, buckets } = props;
    const registry = props.registry ?? platformDatasets;

    this.assets = new GlueAssets(this, 'Assets', { bucket: buckets.assets, runnerDir: props.runnerDir });
    this.logGroup = new LakehouseLogGroup(this, 'Logs', {
      logGroupName: naming.logGroup('glue', 'jobs'),
      key: props.logsKey,
      retentionDays: props.logRetentionDays,
    });

    const tables = {
      tableName: (t: string) => catalog.qualifiedTableName(t),
      tableLocation: (t: string) => catalog.tableLocation(t),
    };
    const plans: Record<string, Plan> = {};
    for (const contract of registry.ordered)
      plans[contract.name] = compilePlan(contract, 'spark', { ...tables, registry });
    const curated = compileCuratedPlan('spark', tables);
    plans[curated.dataset] = curated;
    this.plans = plans;
    const planObjects = Object.fromEntries(
      Object.entries(plans).map(([table, plan]) => [table, this.assets.plan(table, plan)]),
    );
    // The cross-dataset checks run inside the dataset jobs: only the jobs with a part in them get the plan.
    this.crossChecksPlan = compileCrossChecksPlan('spark', { registry, tableName: tables.tableName });
    this.crossCheckParts = Object.fromEntries(
      registry.names.map((name) => [name, crossCheckPart(this.crossChecksPlan, name)]),
    );
    this.crossChecksPlanObject = this.assets.plan(CROSS_CHECKS, this.crossChecksPlan);

    this.workflowName = naming.name('load');
    this.definition = buildGlueWorkflow({
      registry,
      // A curated table's sources are the tables its compiled plan reads.
      curated: [{ name: curated.dataset, sources: curated.inputs.map((input) => input.dataset) }],
      workflowName: this.workflowName,
      jobName: (table) => naming.name(table),
      jobArguments: (table, kind): JobArgumentValues => ({
        dataset: table,
        'plan-s3-uri': planObjects[table].uri,
        'rejected-prefix': buckets.rejected.s3Uri(zoneKeyPrefix('rejected')),
        'reports-prefix': buckets.reports.s3Uri(zoneKeyPrefix('reports')),
        'state-table': props.bookmarks.tableName,
        'job-name': naming.name(table),
        database: catalog.databaseName,
        'table-location': catalog.tableLocation(table),
        ...(kind === 'dataset' ? { 'quality-gate': JSON.stringify(registry.get(table).quality) } : {}),
        ...(takesPart(this.crossCheckParts[table])
          ? { 'cross-checks-plan-s3-uri': this.crossChecksPlanObject.uri }
          : {}),
      }),
    });

    this.workflow = new GlueWorkflow(this, 'Workflow', {
      name: this.workflowName,
      description: 'Loads a run: the dataset jobs in foreign-key order, then the curated tables',
      maxConcurrentRuns: 1,
    });
    const jobs: Record<string, GlueJob> = {};
    for (const node of this.definition.jobs) {
      jobs[node.table] = this.job(node, planObjects[node.table], sizing);
    }
    this.jobs = jobs;
    this.sizing = sizing;
    this.longestChain = longestChain(this.definition.jobs);
    this.longestRunMinutes = this.longestChain * sizing.timeoutMinutes * (sizing.maxRetries + 1);
    for (const trigger of this.definition.triggers) {
      new GlueTrigger(this, `Trigger-${trigger.name}`, {
        name: trigger.name,
        type: trigger.type,
        workflowName: this.workflowName,
        actions: trigger.actions.map((jobName) => ({ jobName })),
        ...(trigger.predicate
          ? {
              startOnCreation: true,
              predicate: {
                logical: trigger.predicate.logical,
                conditions: trigger.predicate.conditions.map((c) => ({
                  jobName: c.jobName,
                  state: c.state,
                  logicalOperator: c.logicalOperator,
                })),
              },
            }
          : {}),
        dependsOn: Object.values(jobs),
      });
    }
  }

  get workflowArn(): string {
    return this.props.naming.arn('glue', `workflow/${this.workflowName}`);
  }

  /** Start workflow runs and read their state (the state machine's load step). */
  grantStartWorkflow(grantee: IGrantable): void {
    grantee.addToPrincipalPolicy(
      statement(['glue:StartWorkflowRun', 'glue:GetWorkflowRun'], [this.workflowArn]),
    );
  }

  private job(node: GlueJobNode, plan: UploadedAsset, sizing: Required<GlueJobSizing>): GlueJob {
    const { naming, catalog } = this.props;
    const role = new ServiceRole(this, `Role-${node.table}`, {
      roleName: naming.name('job', node.table),
      service: 'glue.amazonaws.com',
      description: `The Glue job loading ${node.table}`,
    });
    this.grantJob(role, node, plan);
    const temp = this.assets.tempDir(node.jobName);
    return new GlueJob(this, `Job-${node.table}`, {
      name: node.jobName,
      description: `Loads ${node.table} with its compiled plan (${node.kind})`,
      roleArn: role.arn,
      glueVersion: GLUE_VERSION,
      command: { name: 'glueetl', scriptLocation: this.assets.script.uri, pythonVersion: '3' },
      workerType: sizing.workerType,
      numberOfWorkers: sizing.maxWorkers,
      timeout: sizing.timeoutMinutes,
      maxRetries: sizing.maxRetries,
      securityConfiguration: catalog.securityConfigurationName,
      connections: [...this.props.connectionNames],
      executionProperty: { maxConcurrentRuns: 1 },
      defaultArguments: {
        ...node.arguments,
        '--job-language': 'python',
        '--datalake-formats': 'delta',
        '--conf': sparkConfArgument(DELTA_SPARK_CONFS),
        '--extra-py-files': this.assets.package.uri,
        // Glue bookmarks do not work with Delta tables: the runner keeps its own in DynamoDB.
        '--job-bookmark-option': 'job-bookmark-disable',
        '--enable-glue-datacatalog': 'true',
        '--enable-auto-scaling': String(sizing.autoScaling),
        '--enable-metrics': 'true',
        '--enable-continuous-cloudwatch-log': 'true',
        '--continuous-log-logGroup': this.logGroup.logGroupName,
        '--TempDir': temp.uri,
      },
      dependsOn: [role.policy, catalog.securityConfiguration],
    });
  }

  /**
   * A dataset job's part in the cross-dataset checks: read the plan; a parent replaces (overwrite:
   * list, read, write, delete) its own run keys; a child reads its parents' run keys and reports.
   */
  private grantCrossChecks(role: ServiceRole, table: string): void {
    const part = this.crossCheckParts[table];
    if (!takesPart(part)) return;
    const { reports } = this.props.buckets;
    // The Parquet folder itself (Spark's existence probe) and the files below it.
    const runKeysObjects = (dataset: string) => [runKeys('*', dataset).key, `${runKeys('*', dataset).key}/*`];
    this.assets.grantRead(role, this.crossChecksPlanObject);
    if (part.writesRunKeys) {
      for (const keys of runKeysObjects(table)) {
        reports.grantReadWrite(role, keys);
        reports.grantDelete(role, keys);
      }
    }
    for (const parent of part.readsRunKeysOf) {
      for (const keys of runKeysObjects(parent)) reports.grantRead(role, keys);
      reports.grantRead(role, datasetReport('*', parent).key);
    }
  }

  /** What one job reads and writes: its own dataset's files, tables, rejects and reports only. */
  private grantJob(role: ServiceRole, node: GlueJobNode, plan: UploadedAsset): void {
    const { naming, buckets, catalog, bookmarks } = this.props;
    const table = node.table;
    this.assets.grantRunnerAndPlan(role, plan);
    this.assets.grantTempDir(role, node.jobName);
    buckets.reports.grantRead(role, runManifest('*').key);
    buckets.reports.grantWrite(role, datasetReport('*', table).key);
    buckets.lakehouse.grantReadWrite(role, `${tablePrefix(table)}*`);
    for (const source of node.after) buckets.lakehouse.grantRead(role, `${tablePrefix(source)}*`);
    if (node.kind === 'dataset') {
      buckets.raw.grantRead(role, rawFile(table, '*').key);
      buckets.rejected.grantWrite(role, rejectedRows(table, '*').key);
      buckets.rejected.grantWrite(role, rejectedFile(table, '*', '*').key);
      this.grantCrossChecks(role, table);
    }
    catalog.grantReadTables(role);
    catalog.grantWriteTables(role);
    bookmarks.grant(role, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    role.addToPrincipalPolicy(statement(['glue:GetWorkflowRunProperties'], [this.workflowArn]));
    role.addToPrincipalPolicy(
      statement(
        ['glue:GetConnection'],
        [
          naming.arn('glue', 'catalog'),
          ...this.props.connectionNames.map((c) => naming.arn('glue', `connection/${c}`)),
        ],
      ),
    );
    this.logGroup.grantWrite(role);
    grantGlueManagedLogs(role, naming);
    grantNetworkInterfaces(role, naming, this.props.placement, {
      describe: GLUE_DESCRIBE,
      tagKey: 'aws-glue-service-resource',
    });
    role.addToPrincipalPolicy(
      statement(['cloudwatch:PutMetricData'], ['*'], {
        sid: 'CloudWatchMetricsHaveNoResourceLevelPermissions',
        conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
      }),
    );
  }
}
