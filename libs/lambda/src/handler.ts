import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { LAMBDA_TASKS, type LambdaTask, type TaskInput, type TaskOutput } from '@lakehouse/orchestration';
import type { Context } from 'aws-lambda';
import { parseEvent } from './malformed-event';
import { logger, metrics, tracer, type Correlation } from './powertools';

/**
 * What every handler does around its work, as Powertools' middlewares would: the Lambda context
 * in each log line, the cold start as a metric and a trace annotation, a `## handler` subsegment,
 * the error logged with its name, metrics flushed and the run's correlation keys cleared after
 * each invocation (an execution environment serves many runs).
 */
export function withPowertools<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const segment = parent?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (segment) {
      tracer.setSegment(segment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await handler(event, context);
    } catch (error) {
      logger.error('invocation failed', error as Error);
      if (segment) tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      segment?.close();
      if (parent) tracer.setSegment(parent);
      metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

/** Sets the run's correlation keys on every following log line (and as trace annotations). */
export function correlate(keys: Correlation): void {
  const present = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
  logger.appendKeys(present);
  if (tracer.isTracingEnabled()) for (const [k, v] of Object.entries(present)) tracer.putAnnotation(k, v);
}

/**
 * A Step Functions task handler: the event is parsed with the task's input schema from the state
 * document (a malformed one is a MalformedEventError naming each field), the step runs, and its
 * result is checked against the output schema before it goes back into the execution's state.
 * Each invocation counts StepSucceeded or StepFailed and its StepDuration, by step.
 */
export function taskHandler<T extends LambdaTask>(
  task: T,
  step: (input: TaskInput<T>, context: Context) => Promise<TaskOutput<T>>,
): (event: unknown, context: Context) => Promise<TaskOutput<T>> {
  const schema = LAMBDA_TASKS[task];
  return withPowertools(async (event: unknown, context: Context) => {
    metrics.addDimension('step', schema.step);
    const started = Date.now();
    try {
      const input = parseEvent(schema.input, event, `${task} task input`) as TaskInput<T>;
      correlate(correlationOf(input));
      const output = schema.output.parse(await step(input, context)) as TaskOutput<T>;
      metrics.addMetric('StepSucceeded', MetricUnit.Count, 1);
      return output;
    } catch (error) {
      metrics.addMetric('StepFailed', MetricUnit.Count, 1);
      throw error;
    } finally {
      metrics.addMetric('StepDuration', MetricUnit.Milliseconds, Date.now() - started);
    }
  });
}

function correlationOf(input: unknown): Correlation {
  const { runId, file } = input as { runId?: string; file?: { key?: string } };
  return { runId, fileKey: file?.key };
}
