import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { createLogger, type Logger as LoggerPort } from '@lakehouse/contracts';

/**
 * The one Powertools setup of every Lambda app: a JSON logger, CloudWatch metrics in the embedded
 * metric format and X-Ray tracing, all named by the function's service (POWERTOOLS_SERVICE_NAME,
 * set by infra per function). Handlers import these instances; nothing else creates its own.
 */
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? 'lakehouse';

/** The CloudWatch namespace of the pipeline's metrics (dashboards and alarms read it). */
export const METRICS_NAMESPACE = 'Lakehouse';

/**
 * The pipeline's own metrics, named once: the steps emit them, the dashboard searches them. Each
 * is per dataset (dimension `dataset`); `RowsRejected` also per reject code (dimension `code`).
 */
export const PIPELINE_METRIC = {
  rowsIn: 'RowsIn',
  accepted: 'RowsAccepted',
  rejected: 'RowsRejected',
  /** 0–100, the mean of the five quality metrics. */
  qualityScore: 'QualityScore',
  /** 1 when a dataset's quality gate failed in the run (warn or block), 0 when it passed. */
  qualityGateBreached: 'QualityGateBreached',
} as const;

/**
 * The dimensions of the pipeline's metrics: `service` is the one Powertools adds to every metric
 * (the app's POWERTOOLS_SERVICE_NAME); the steps add `dataset` and, to `RowsRejected`, `code`. An
 * alarm must name every dimension of the metric it watches.
 */
export const PIPELINE_METRIC_DIMENSION = { service: 'service', dataset: 'dataset', code: 'code' } as const;

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/**
 * The libraries' Logger port over the Powertools logger, for a library function that takes one:
 * its entries are JSON lines with the Lambda context and the run's correlation keys, like the
 * handler's own.
 */
export const portLogger: LoggerPort = createLogger(({ level, message, fields }) =>
  logger[level](message, fields),
);

/** The keys every log line of a run carries, so one run (or one file) can be followed across functions. */
export interface Correlation {
  readonly runId?: string;
  readonly fileKey?: string;
}
