import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { awsClientConfig, SfnExecutionStarter, type ExecutionStarter } from '@lakehouse/aws';
import { datasets } from '@lakehouse/contracts';
import {
  FUNCTION_ENVIRONMENT,
  logger,
  metrics,
  once,
  parseEvent,
  requireEnvironment,
  stateStoreFromEnvironment,
  tracer,
  withPowertools,
} from '@lakehouse/lambda';
import { ExecutionInput } from '@lakehouse/orchestration';
import {
  decideRunStart,
  registerArrival,
  type DecideRunStartInput,
  type DecideRunStartPorts,
  type RegisterArrivalPorts,
} from '@lakehouse/pipeline/steps';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { notificationContent } from './s3-events';

export interface TriggerPorts extends RegisterArrivalPorts, DecideRunStartPorts {
  readonly starter: ExecutionStarter;
  readonly run: DecideRunStartInput;
}

/**
 * The trigger: SQS messages carrying S3 notifications of the raw bucket. Each file is registered
 * once in the file registry (a duplicate, late or out-of-order notification changes nothing); a
 * key outside `raw/<known dataset>/`, holding `..` or not `.csv` is logged, counted and
 * acknowledged. A message that cannot be read is reported as a batch item failure, so only it is
 * redelivered (and reaches the DLQ after maxReceiveCount). Then, once per batch, if a run can start
 * it is started: one execution named by the run id (already started = success).
 */
export function createHandler(ports: () => TriggerPorts) {
  return withPowertools(async (event: unknown, context) => {
    const sqs = parseEvent(SqsSchema, event, 'SQS event') as SQSEvent;
    const p = ports();
    const response = await processPartialResponse(
      sqs,
      (record: SQSRecord) => registerMessage(p, record),
      new BatchProcessor(EventType.SQS),
      { context },
    );
    await startRunIfReady(p);
    return response;
  });
}

async function registerMessage(ports: TriggerPorts, record: SQSRecord): Promise<void> {
  const content = notificationContent(record.messageId, record.body);
  if (content.kind === 'test') {
    logger.info('S3 test event acknowledged', { messageId: record.messageId });
    return;
  }
  for (const ignored of content.ignored) logger.info('not an object creation, ignored', { event: ignored });
  for (const arrival of content.arrivals) {
    const outcome = await registerArrival(ports, arrival);
    if (outcome.outcome === 'refused') {
      logger.warn('key refused', { fileKey: arrival.key, bucket: arrival.bucket, reason: outcome.reason });
      metrics.addMetric('ArrivalsRefused', MetricUnit.Count, 1);
    } else {
      logger.info(`file ${outcome.outcome}`, { fileKey: arrival.key, fileId: outcome.fileId });
      metrics.addMetric(
        outcome.outcome === 'registered' ? 'FilesRegistered' : 'DuplicateNotifications',
        MetricUnit.Count,
        1,
      );
    }
  }
}

async function startRunIfReady(ports: TriggerPorts): Promise<void> {
  const decision = await decideRunStart(ports, ports.run);
  if (!decision.start) {
    logger.info('no run started', { reason: decision.reason });
    return;
  }
  const input = ExecutionInput.parse({ ...decision, pipeline: ports.run.pipeline });
  const started = await ports.starter.start({ runId: decision.runId, input });
  logger.appendKeys({ runId: decision.runId });
  logger.info(started.alreadyStarted ? 'run already started' : 'run started', {
    execution: started.executionArn,
    files: decision.fileIds.length,
  });
  if (!started.alreadyStarted) metrics.addMetric('RunsStarted', MetricUnit.Count, 1);
}

export const handler = createHandler(
  once(() => ({
    state: stateStoreFromEnvironment(),
    registry: datasets,
    starter: new SfnExecutionStarter({
      client: tracer.captureAWSv3Client(new SFNClient(awsClientConfig())),
      stateMachineArn: requireEnvironment(FUNCTION_ENVIRONMENT.stateMachineArn),
    }),
    run: {
      pipeline: requireEnvironment(FUNCTION_ENVIRONMENT.pipeline),
      requiredDatasets: process.env[FUNCTION_ENVIRONMENT.requiredDatasets]?.split(',').filter(Boolean),
    },
  })),
);
