import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { datasets } from '@lakehouse/contracts';
import { Monitoring } from '../src/monitoring/monitoring';
import { ACCOUNT, naming, policyOf, resources, stackWithFunctions, synth } from './support';

function monitoringStack(emails: string[] = ['ops@example.com']) {
  const { stack, f, functions } = stackWithFunctions(['trigger']);
  const monitoring = new Monitoring(stack, 'Monitoring', {
    naming,
    key: f.kms.data,
    emails,
  });
  return { stack, monitoring, functions };
}

describe('Monitoring', () => {
  const { stack, monitoring, functions } = monitoringStack();
  monitoring.watchFunction(functions.function('trigger'), 'trigger');
  monitoring.watchDeadLetterQueue('functions-dlq', functions.deadLetterQueue);
  monitoring.watchStateMachine(
    'arn:aws:states:eu-west-1:123456789012:stateMachine:lakehouse-test-pipeline',
    'lakehouse-test-pipeline',
  );
  monitoring.watchGlue(['lakehouse-test-orders'], ['lakehouse-test-tables']);
  monitoring.watchQuality('quality', datasets);
  const text = synth(stack);
  const json = JSON.parse(text);

  it('publishes to an encrypted topic with e-mail subscriptions', () => {
    expect(text).toHaveResourceWithProperties(SnsTopic, {
      name: 'lakehouse-test-alarms',
      kms_master_key_id: expect.stringContaining('Kms_Data'),
    });
    expect(text).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
  });

  it('admits only alarms and event rules of this account and environment to the topic, over TLS', () => {
    const statements = policyOf(Object.values(resources(json, 'aws_sns_topic_policy'))[0]).Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      'AlarmsOfThisAccount',
      'EventRulesOfThisEnvironment',
      'DenyInsecureTransport',
    ]);
    expect(statements[1].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${ACCOUNT}:rule/lakehouse-test-*` },
    });
  });

  it('alarms on function errors and throttles, DLQ depth, failed executions and quality breaches', () => {
    const names = Object.values(resources(json, 'aws_cloudwatch_metric_alarm'))
      .map((a) => a.alarm_name)
      .sort();
    expect(names).toEqual([
      'lakehouse-test-functions-dlq',
      'lakehouse-test-pipeline-executionsfailed',
      'lakehouse-test-pipeline-executionstimedout',
      'lakehouse-test-quality-breach-order_items',
      'lakehouse-test-quality-breach-orders',
      'lakehouse-test-quality-breach-products',
      'lakehouse-test-trigger-errors',
      'lakehouse-test-trigger-throttles',
    ]);
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'lakehouse-test-functions-dlq',
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'lakehouse-test-functions-dlq' },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: [expect.stringContaining('aws_sns_topic.Monitoring_Alarms_Topic')],
    });
  });

  it("alarms when a dataset's quality gate fails, as the quality step publishes it", () => {
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'lakehouse-test-quality-breach-orders',
      namespace: 'Lakehouse',
      metric_name: 'QualityGateBreached',
      dimensions: { service: 'quality', dataset: 'orders' },
      statistic: 'Maximum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringContaining('aws_sns_topic.Monitoring_Alarms_Topic')],
    });
  });

  it('announces failed Glue jobs and crawlers of this environment through EventBridge', () => {
    expect(text).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'lakehouse-test-glue-job-failed',
      event_pattern: JSON.stringify({
        source: ['aws.glue'],
        'detail-type': ['Glue Job State Change'],
        detail: { jobName: ['lakehouse-test-orders'], state: ['FAILED', 'TIMEOUT', 'ERROR', 'STOPPED'] },
      }),
    });
    expect(
      Object.values(resources(json, 'aws_cloudwatch_event_target')).every((t) =>
        String(t.arn).includes('Monitoring_Alarms_Topic'),
      ),
    ).toBe(true);
  });

  it('draws runs, rows, rejects by code, quality, durations, functions and queues', () => {
    const body = JSON.parse(
      String(Object.values(resources(json, 'aws_cloudwatch_dashboard'))[0].dashboard_body),
    );
    const titles = body.widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles).toEqual([
      'Runs',
      'Run duration (ms)',
      'Rows in and accepted',
      'Rejects by code',
      'Quality score',
      'Glue job duration (s)',
      'Lambda errors and throttles',
      'Lambda duration (ms)',
      'Dead-letter queues',
    ]);
    const expression = (title: string) =>
      body.widgets
        .find((w: { properties: { title: string } }) => w.properties.title === title)
        .properties.metrics.map((m: { expression: string }[]) => m[0].expression);
    // A search schema matches metrics with exactly its dimensions: all of those the steps publish.
    expect(expression('Rejects by code')).toEqual([
      `SEARCH('{Lakehouse,code,dataset,service} MetricName="RowsRejected"', 'Sum', 300)`,
    ]);
    expect(expression('Rows in and accepted')).toEqual([
      `SEARCH('{Lakehouse,dataset,service} MetricName="RowsIn"', 'Sum', 300)`,
      `SEARCH('{Lakehouse,dataset,service} MetricName="RowsAccepted"', 'Sum', 300)`,
    ]);
    expect(expression('Quality score')).toEqual([
      `SEARCH('{Lakehouse,dataset,service} MetricName="QualityScore"', 'Minimum', 300)`,
    ]);
  });

  it('draws no quality panels before a function publishes the metrics', () => {
    const { stack: bare, monitoring: watching } = monitoringStack();
    watching.watchGlue(['lakehouse-test-orders'], []);
    const body = JSON.parse(
      String(Object.values(resources(JSON.parse(synth(bare)), 'aws_cloudwatch_dashboard'))[0].dashboard_body),
    );
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
      'Glue job duration (s)',
    ]);
  });

  it('refuses an address that is not one', () => {
    expect(() => monitoringStack(['ops@example.com', 'not-an-address'])).toThrow(
      'LakehouseTopic (test/Monitoring/Alarms): emails holds an address that is not one: not-an-address',
    );
  });
});
