import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { datasets, PIPELINE_STEP_NAMES, type PipelineStep } from '@lakehouse/contracts';
import { DAILY_SALES } from '@lakehouse/engine';
import { FUNCTION_ENVIRONMENT, IDEMPOTENCY_TABLE } from '@lakehouse/lambda';
import type { HandlerStep } from '@lakehouse/orchestration';
import { bucketEnvironmentVariable } from '@lakehouse/storage';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Catalog } from '../catalog/catalog';
import type { EnvironmentConfig } from '../config/environment-config';
import { Naming } from '../core/naming';
import { Functions } from '../functions/functions';
import type { FunctionSpec } from '../functions/functions-props';
import type { LakehouseFunction } from '../functions/lakehouse-function';
import { Glue } from '../glue/glue';
import { Ingestion } from '../ingestion/ingestion';
import { Kms } from '../kms/kms';
import { LakehouseTopic } from '../messaging/lakehouse-topic';
import { Monitoring } from '../monitoring/monitoring';
import { Network } from '../network/network';
import { Orchestration } from '../orchestration/orchestration';
import { Query } from '../query/query';
import { State } from '../state/state';
import { Storage } from '../storage/storage';
import type { LakehouseApp } from './lambda-apps';
import type { LakehouseStackProps } from './lakehouse-stack-props';
import { useRemoteState } from './remote-state';
import { STEP_ACCESS, type StepResources, type StepVariable } from './step-access';

/** The steps run by a Lambda function: every step but the Glue workflow's. */
const FUNCTION_STEPS = PIPELINE_STEP_NAMES.filter((s): s is Exclude<PipelineStep, 'load'> => s !== 'load');

/** What an app's steps may touch (the Glue workflow's `load` is no function's). */
const stepAccess = (app: LakehouseApp) => app.steps.flatMap((s) => (s === 'load' ? [] : [STEP_ACCESS[s]]));
const stepVariables = (app: LakehouseApp): StepVariable[] => [
  ...new Set(stepAccess(app).flatMap((a) => a.variables)),
];

/**
 * One environment of the lakehouse: the keys, the network, the buckets of the storage zones, the
 * state tables, the catalog and query workgroup, the Glue jobs and workflow, the ingestion queue,
 * the alarm and run topics, and — with the Lambda apps — the functions and the state machine.
 */
export class LakehouseStack extends TerraformStack {
  readonly naming: Naming;
  readonly kms: Kms;
  readonly network: Network;
  readonly storage: Storage;
  readonly state: State;
  readonly catalog: Catalog;
  readonly query: Query;
  readonly glue: Glue;
  readonly ingestion: Ingestion;
  readonly monitoring: Monitoring;
  readonly notifications: LakehouseTopic;
  readonly functions?: Functions;
  readonly orchestration?: Orchestration;

  constructor(scope: Construct, props: LakehouseStackProps) {
    const { config } = props;
    super(scope, config.name);
    const naming = new Naming(config.name, config.accountId, config.region);
    this.naming = naming;

    new AwsProvider(this, 'aws', {
      region: config.region,
      allowedAccountIds: [config.accountId],
      defaultTags: [{ tags: { project: naming.project, environment: config.name, 'managed-by': 'cdktf' } }],
    });
    useRemoteState(this, {
      bucket: config.remoteState.bucket,
      key: config.remoteState.key ?? `lakehouse/${config.name}/terraform.tfstate`,
      region: config.region,
      kmsKeyId: config.remoteState.kmsKeyId,
    });

    const protect = config.protections.deletionProtection;
    const logRetentionDays = config.logs.retentionDays;
    this.kms = new Kms(this, 'Kms', { naming, deletionWindowDays: protect ? 30 : 7 });
    const { kms } = this;
    this.network = new Network(this, 'Network', {
      naming,
      cidr: config.network.cidr,
      azCount: config.network.azCount,
      interfaceEndpoints: config.network.interfaceEndpoints,
      natGateway: config.network.natGateway,
      logsKey: kms.logs,
      logRetentionDays,
    });
    this.storage = new Storage(this, 'Storage', {
      naming,
      dataKey: kms.data,
      forceDestroy: config.protections.forceDestroy,
      lifecycle: config.storage,
    });
    this.state = new State(this, 'State', {
      naming,
      key: kms.state,
      deletionProtection: protect,
      idempotency: props.apps?.some((app) => stepVariables(app).includes('idempotencyTable'))
        ? IDEMPOTENCY_TABLE
        : undefined,
    });
    this.catalog = new Catalog(this, 'Catalog', {
      naming,
      tablesBucket: this.storage.buckets.lakehouse,
      tables: [...datasets.names, DAILY_SALES],
      dataKey: kms.data,
      logsKey: kms.logs,
      manageEncryptionSettings: config.catalog.manageEncryptionSettings,
    });
    this.query = new Query(this, 'Query', {
      naming,
      resultsBucket: this.storage.buckets.athenaResults,
      bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
      forceDestroy: config.protections.forceDestroy,
    });
    this.glue = new Glue(this, 'Glue', {
      naming,
      runnerDir: props.glueRunnerDir,
      buckets: this.storage.buckets,
      catalog: this.catalog,
      bookmarks: this.state.tables.control,
      connectionNames: this.network.glueConnectionNames,
      placement: this.network.gluePlacement,
      logsKey: kms.logs,
      logRetentionDays,
      sizing: config.glue,
    });
    this.ingestion = new Ingestion(this, 'Ingestion', {
      naming,
      bucket: this.storage.buckets.raw,
      key: kms.data,
      maxReceiveCount: config.ingestion.maxReceiveCount,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      naming,
      key: kms.data,
      emails: config.alarms.emails,
    });
    this.notifications = new LakehouseTopic(this, 'Runs', {
      topicName: naming.name('runs'),
      displayName: `Lakehouse ${config.name} runs`,
      key: kms.data,
    });
    this.monitoring.watchDeadLetterQueue('ingestion-dlq', this.ingestion.deadLetterQueue);
    this.monitoring.watchGlue(
      this.glue.definition.jobs.map((j) => j.jobName),
      [this.catalog.crawlerName],
    );

    if (!props.apps && config.ingestion.schedule) {
      throw new Error(
        `LakehouseStack ${config.name}: ingestion.schedule needs the Lambda apps (the schedule invokes the trigger)`,
      );
    }
    if (props.apps) {
      const { functions, orchestration } = this.addApps(config, props.apps, logRetentionDays);
      this.functions = functions;
      this.orchestration = orchestration;
    }

    new TerraformOutput(this, 'buckets', {
      value: Object.fromEntries(
        Object.entries(this.storage.buckets).map(([zone, b]) => [zone, b.bucketName]),
      ),
    });
    new TerraformOutput(this, 'alarm_topic_arn', { value: this.monitoring.topicArn });
  }

  /** The functions, the trigger's queue, the state machine and each function's grants. */
  private addApps(config: EnvironmentConfig, apps: readonly LakehouseApp[], logRetentionDays: number) {
    const { naming, kms } = this;
    const covered = new Set(apps.flatMap((a) => a.steps));
    const missing = FUNCTION_STEPS.filter((s) => !covered.has(s));
    if (missing.length > 0)
      throw new Error(`LakehouseStack ${config.name}: no app runs the step(s) ${missing.join(', ')}`);
    const twice = FUNCTION_STEPS.filter((s) => apps.filter((a) => a.steps.includes(s)).length > 1);
    if (twice.length > 0)
      throw new Error(`LakehouseStack ${config.name}: two apps run the step(s) ${twice.join(', ')}`);

    const { runTimeoutMinutes } = config.orchestration;
    const glue = this.glue;
    if (runTimeoutMinutes <= glue.longestRunMinutes) {
      throw new Error(
        `LakehouseStack ${config.name}: orchestration.runTimeoutMinutes (${runTimeoutMinutes}) must be longer than ` +
          `the Glue workflow may run: ${glue.longestRunMinutes} min (${glue.longestChain} jobs in a row × ` +
          `glue.timeoutMinutes ${glue.sizing.timeoutMinutes} × ${glue.sizing.maxRetries + 1} attempts)`,
      );
    }
    const executionTimeoutSeconds = runTimeoutMinutes * 60;
    // Each value from the construct that creates the resource; a lazy value, since a variable is
    // only computed for the functions whose steps read it.
    const variableValues: Record<StepVariable, () => string> = {
      pipeline: () => naming.prefix,
      stateTablePrefix: () => naming.tablePrefix,
      stateMachineArn: () => naming.stateMachineArn,
      // The lease lasts as long as the execution may run, so no second run starts beside it.
      leaseTtlSeconds: () => String(executionTimeoutSeconds),
      crawler: () => this.catalog.crawlerName,
      database: () => this.catalog.databaseName,
      athenaWorkGroup: () => this.query.workgroupName,
      topicArn: () => this.notifications.arn,
      idempotencyTable: () => this.state.requireIdempotency().tableName,
    };
    const specs: FunctionSpec[] = apps.map((app) => {
      const zones = [...new Set(stepAccess(app).flatMap((a) => a.zones))];
      const variables = stepVariables(app);
      return {
        name: app.name,
        bundleDir: app.bundleDir,
        handler: app.handler,
        description: app.description,
        memorySize: app.memorySize,
        timeoutSeconds: app.timeoutSeconds ?? (app.steps.includes('register') ? 60 : 900),
        environment: {
          ...Object.fromEntries(
            zones.map((z) => [bucketEnvironmentVariable(z), this.storage.buckets[z].bucketName]),
          ),
          ...Object.fromEntries(variables.map((v) => [FUNCTION_ENVIRONMENT[v], variableValues[v]()])),
          // Powertools names the logs, metrics and traces after the app; stack traces map to the sources.
          POWERTOOLS_SERVICE_NAME: app.name,
          NODE_OPTIONS: '--enable-source-maps',
          ...app.environment,
        },
      };
    });
    const functions = new Functions(this, 'Functions', {
      naming,
      functions: specs,
      network: this.network.functionNetwork,
      dataKey: kms.data,
      logsKey: kms.logs,
      logRetentionDays,
      reservedConcurrency: config.lambda.reservedConcurrency,
      reservedConcurrencyByFunction: config.lambda.reservedConcurrencyByFunction,
    });
    const runnerOf = (step: PipelineStep): LakehouseFunction =>
      functions.function(apps.find((a) => a.steps.includes(step))!.name);
    const handlers = Object.fromEntries(
      FUNCTION_STEPS.filter((s) => s !== 'register').map((s) => [s, runnerOf(s)]),
    ) as Record<HandlerStep, LakehouseFunction>;
    const orchestration = new Orchestration(this, 'Orchestration', {
      naming,
      handlers,
      glue: this.glue,
      key: kms.data,
      logsKey: kms.logs,
      logRetentionDays,
      executionTimeoutSeconds,
    });

    const resources: StepResources = {
      storage: this.storage,
      state: this.state,
      catalog: this.catalog,
      query: this.query,
      notifications: this.notifications,
      orchestration,
    };
    for (const app of apps) {
      const fn = functions.function(app.name);
      for (const step of app.steps) if (step !== 'load') STEP_ACCESS[step].grant(fn, resources);
      this.monitoring.watchFunction(fn, app.name);
    }
    const trigger = apps.find((a) => a.steps.includes('register'))!;
    const schedule = config.ingestion.schedule;
    if (schedule && trigger.scheduledInput === undefined) {
      throw new Error(
        `LakehouseStack ${config.name}: ingestion.schedule is set but app ${trigger.name} declares no scheduledInput`,
      );
    }
    this.ingestion.connect(runnerOf('register'), {
      schedule: schedule && {
        expression: schedule.expression,
        timeZone: schedule.timeZone,
        input: trigger.scheduledInput,
      },
    });
    this.monitoring.watchDeadLetterQueue('functions-dlq', functions.deadLetterQueue);
    this.monitoring.watchStateMachine(orchestration.arn, orchestration.stateMachineName);
    // Powertools names each metric's `service` after the app (POWERTOOLS_SERVICE_NAME).
    this.monitoring.watchQuality(apps.find((a) => a.steps.includes('quality'))!.name, datasets);
    return { functions, orchestration };
  }
}
