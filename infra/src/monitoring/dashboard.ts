import type { PipelineMetricNames } from './monitoring-props';

/** What the dashboard shows, collected while the stack is built. */
export interface DashboardSources {
  readonly region: string;
  readonly functions: string[];
  readonly queues: string[];
  readonly stateMachines: string[];
  readonly glueJobs: string[];
  readonly pipelineMetrics?: PipelineMetricNames;
}

type Metric = (string | Record<string, unknown>)[];

const WIDTH = 12;
const HEIGHT = 6;

const search = (namespace: string, metricName: string, stat: string, label: string): Metric => [
  {
    expression: `SEARCH('{${namespace}} MetricName="${metricName}"', '${stat}', 300)`,
    label,
    id: `e${label.replace(/\W/g, '')}`,
  },
];

/** The CloudWatch dashboard body: runs, durations, rows, rejects by code, quality, functions, queues, Glue. */
export function dashboardBody(s: DashboardSources): string {
  const widget = (title: string, metrics: Metric[], stat = 'Sum') => ({
    title,
    metrics,
    stat,
    view: 'timeSeries',
    region: s.region,
    period: 300,
  });
  const perStateMachine = (metricName: string) =>
    s.stateMachines.map((arn): Metric => ['AWS/States', metricName, 'StateMachineArn', arn]);
  const panels = [
    widget(
      'Runs',
      ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut'].flatMap(
        perStateMachine,
      ),
    ),
    widget('Run duration (ms)', perStateMachine('ExecutionTime'), 'Average'),
  ];
  const m = s.pipelineMetrics;
  if (m) {
    panels.push(
      widget('Rows in, accepted, rejected', [
        search(m.namespace, m.rowsIn, 'Sum', 'rows in'),
        search(m.namespace, m.accepted, 'Sum', 'accepted'),
        search(m.namespace, m.rejected, 'Sum', 'rejected'),
      ]),
      widget('Rejects by code', [search(m.namespace, m.rejected, 'Sum', 'rejects')]),
      widget('Quality score', [search(m.namespace, m.qualityScore, 'Minimum', 'quality')], 'Minimum'),
    );
  }
  panels.push(
    widget(
      'Glue job duration (s)',
      s.glueJobs.map((job): Metric => [
        'Glue',
        'glue.driver.aggregate.elapsedTime',
        'JobName',
        job,
        'JobRunId',
        'ALL',
        'Type',
        'count',
      ]),
    ),
    widget(
      'Lambda errors and throttles',
      s.functions.flatMap((fn): Metric[] => [
        ['AWS/Lambda', 'Errors', 'FunctionName', fn],
        ['AWS/Lambda', 'Throttles', 'FunctionName', fn],
      ]),
    ),
    widget(
      'Lambda duration (ms)',
      s.functions.map((fn): Metric => ['AWS/Lambda', 'Duration', 'FunctionName', fn]),
      'p95',
    ),
    widget(
      'Dead-letter queues',
      s.queues.map((q): Metric => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', q]),
      'Maximum',
    ),
  );
  const widgets = panels
    .filter((p) => p.metrics.length > 0)
    .map((properties, i) => ({
      type: 'metric',
      x: (i % 2) * WIDTH,
      y: Math.floor(i / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties,
    }));
  return JSON.stringify({ widgets });
}
