import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one Powertools setup of every Lambda app: a JSON logger, CloudWatch metrics in the embedded
 * metric format and X-Ray tracing, all named by the function's service (POWERTOOLS_SERVICE_NAME,
 * set by infra per function). Handlers import these instances; nothing else creates its own.
 */
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? 'lakehouse';

/** The CloudWatch namespace of the pipeline's metrics (dashboards and alarms read it). */
export const METRICS_NAMESPACE = 'Lakehouse';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** The keys every log line of a run carries, so one run (or one file) can be followed across functions. */
export interface Correlation {
  readonly runId?: string;
  readonly fileKey?: string;
}
