import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { DatasetRegistry } from '@lakehouse/contracts';
import { METRICS_NAMESPACE, PIPELINE_METRIC, PIPELINE_METRIC_DIMENSION } from '@lakehouse/lambda';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { Naming } from '../core/naming';
import { LakehouseTopic } from '../messaging/lakehouse-topic';
import type { LakehouseFunction } from '../functions/lakehouse-function';
import type { LakehouseQueue } from '../messaging/lakehouse-queue';
import { dashboardBody, type DashboardSources } from './dashboard';
import type { MetricAlarmProps, MonitoringProps } from './monitoring-props';

/**
 * The alarm topic (KMS, TLS-only, e-mail subscriptions from config; CloudWatch alarms and this
 * environment's EventBridge rules may publish), the alarms (state machine
 * failures, Glue job and crawler failures via EventBridge, dead-letter queues holding a message,
 * Lambda errors and throttles, quality breaches) and a dashboard of the pipeline.
 */
export class Monitoring extends Construct {
  readonly topic: LakehouseTopic;
  readonly topicArn: string;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly naming: Naming;
  private readonly sources: DashboardSources;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { naming } = props;
    this.naming = naming;
    this.sources = {
      region: naming.region,
      functions: [],
      queues: [],
      stateMachines: [],
      glueJobs: [],
      qualityMetrics: false,
    };

    this.topic = new LakehouseTopic(this, 'Alarms', {
      topicName: naming.name('alarms'),
      displayName: `Lakehouse ${naming.environment} alarms`,
      key: props.key,
      emails: props.emails,
      publishers: [
        {
          sid: 'AlarmsOfThisAccount',
          service: 'cloudwatch.amazonaws.com',
          conditions: { StringEquals: { 'aws:SourceAccount': naming.accountId } },
        },
        {
          sid: 'EventRulesOfThisEnvironment',
          service: 'events.amazonaws.com',
          conditions: {
            StringEquals: { 'aws:SourceAccount': naming.accountId },
            ArnLike: { 'aws:SourceArn': naming.arn('events', `rule/${naming.prefix}-*`) },
          },
        },
      ],
    });
    this.topicArn = this.topic.arn;

    new CloudwatchDashboard(this, 'Dashboard', {
      dashboardName: naming.name('pipeline'),
      dashboardBody: Lazy.stringValue({ produce: () => dashboardBody(this.sources) }),
    });
  }

  /** An alarm on one metric, notifying the topic. */
  alarm(props: MetricAlarmProps): CloudwatchMetricAlarm {
    const alarm = new CloudwatchMetricAlarm(this, `Alarm-${props.id}`, {
      alarmName: this.naming.name(props.id),
      alarmDescription: props.description,
      namespace: props.namespace,
      metricName: props.metricName,
      dimensions: { ...props.dimensions },
      statistic: props.statistic ?? 'Sum',
      period: props.periodSeconds ?? 300,
      evaluationPeriods: 1,
      threshold: props.threshold ?? 0,
      comparisonOperator: props.comparison ?? 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [this.topicArn],
      okActions: [this.topicArn],
    });
    this.alarms.push(alarm);
    return alarm;
  }

  /** Any message in a dead-letter queue is an alarm (`id` names it, e.g. `ingestion-dlq`). */
  watchDeadLetterQueue(id: string, queue: LakehouseQueue): void {
    this.alarm({
      id,
      description: `${queue.queueName} holds a message that failed every retry`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queue.queueName },
      statistic: 'Maximum',
    });
    this.sources.queues.push(queue.queueName);
  }

  /** Errors and throttles of a function are alarms. */
  watchFunction(fn: LakehouseFunction, appName: string): void {
    for (const metricName of ['Errors', 'Throttles']) {
      this.alarm({
        id: `${appName}-${metricName.toLowerCase()}`,
        description: `${fn.functionName}: ${metricName.toLowerCase()} in the last 5 minutes`,
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: { FunctionName: fn.functionName },
      });
    }
    this.sources.functions.push(fn.functionName);
  }

  /** Failed and timed-out executions are alarms. */
  watchStateMachine(stateMachineArn: string, stateMachineName: string): void {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      this.alarm({
        id: `pipeline-${metricName.toLowerCase()}`,
        description: `${stateMachineName}: ${metricName} in the last 5 minutes`,
        namespace: 'AWS/States',
        metricName,
        dimensions: { StateMachineArn: stateMachineArn },
      });
    }
    this.sources.stateMachines.push(stateMachineArn);
  }

  /**
   * A dataset whose quality gate failed in a run (`QualityGateBreached`, published by the `service`
   * running the quality step) is an alarm; the dashboard draws that service's rows, rejects by code
   * and scores.
   */
  watchQuality(service: string, registry: DatasetRegistry): void {
    for (const contract of registry.ordered) {
      this.alarm({
        id: `quality-breach-${contract.name}`,
        description: `${contract.name}: a run's quality gate failed (a metric under its contract's threshold)`,
        namespace: METRICS_NAMESPACE,
        metricName: PIPELINE_METRIC.qualityGateBreached,
        dimensions: {
          [PIPELINE_METRIC_DIMENSION.service]: service,
          [PIPELINE_METRIC_DIMENSION.dataset]: contract.name,
        },
        statistic: 'Maximum',
        threshold: 0,
        comparison: 'GreaterThanThreshold',
      });
    }
    this.sources.qualityMetrics = true;
  }

  /** Glue jobs that fail, time out or stop, and crawlers that fail, are announced on the topic. */
  watchGlue(jobNames: readonly string[], crawlerNames: readonly string[]): void {
    const rules: [string, string, Record<string, unknown>][] = [
      [
        'glue-job-failed',
        'Glue Job State Change',
        { jobName: [...jobNames], state: ['FAILED', 'TIMEOUT', 'ERROR', 'STOPPED'] },
      ],
      [
        'glue-crawler-failed',
        'Glue Crawler State Change',
        { crawlerName: [...crawlerNames], state: ['Failed'] },
      ],
    ];
    for (const [name, detailType, detail] of rules) {
      const rule = new CloudwatchEventRule(this, `Rule-${name}`, {
        name: this.naming.name(name),
        description: `${detailType}: failures of this environment`,
        eventPattern: JSON.stringify({ source: ['aws.glue'], 'detail-type': [detailType], detail }),
      });
      new CloudwatchEventTarget(this, `Target-${name}`, { rule: rule.name, arn: this.topicArn });
    }
    this.sources.glueJobs.push(...jobNames);
  }
}
