import {
  METRICS_NAMESPACE,
  PIPELINE_METRIC,
  PIPELINE_METRIC_DIMENSION as DIMENSION,
} from '@lakehouse/lambda';

/** What the dashboard shows, collected while the stack is built. */
export interface DashboardSources {
  readonly region: string;
  readonly functions: string[];
  readonly queues: string[];
  readonly stateMachines: string[];
  readonly glueJobs: string[];
  /** The quality step's metrics are drawn once a function publishes them (`Monitoring.watchQuality`). */
  qualityMetrics: boolean;
}

type Metric = (string | Record<string, unknown>)[];

const WIDTH = 12;
const HEIGHT = 6;

/**
 * Every series of one of the pipeline's metrics. A search schema matches the metrics with exactly
 * its dimensions, so it names them all: Powertools' `service`, the `dataset` (and a reject's `code`).
 */
const search = (metricName: string, dimensions: readonly string[], stat: string, label: string): Metric => [
  {
    expression: `SEARCH('{${[METRICS_NAMESPACE, ...dimensions].join(',')}} MetricName="${metricName}"', '${stat}', 300)`,
    label,
    id: `e${label.replace(/\W/g, '')}`,
  },
];
const PER_DATASET = [DIMENSION.dataset, DIMENSION.service];
const PER_CODE = [DIMENSION.code, DIMENSION.dataset, DIMENSION.service];

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
  if (s.qualityMetrics) {
    panels.push(
      widget('Rows in and accepted', [
        search(PIPELINE_METRIC.rowsIn, PER_DATASET, 'Sum', 'rows in'),
        search(PIPELINE_METRIC.accepted, PER_DATASET, 'Sum', 'accepted'),
      ]),
      widget('Rejects by code', [search(PIPELINE_METRIC.rejected, PER_CODE, 'Sum', 'rejects')]),
      widget(
        'Quality score',
        [search(PIPELINE_METRIC.qualityScore, PER_DATASET, 'Minimum', 'quality')],
        'Minimum',
      ),
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
