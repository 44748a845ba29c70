import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClientConfig, SnsNotifier } from '@lakehouse/aws';
import {
  FUNCTION_ENVIRONMENT,
  IDEMPOTENCY_TABLE,
  objectStoreFromEnvironment,
  once,
  requireEnvironment,
  taskHandler,
  tracer,
} from '@lakehouse/lambda';
import type { NotifyInput } from '@lakehouse/orchestration';
import { notifyRun, type NotifyRunPorts } from '@lakehouse/pipeline/steps';
import { createDynamoClient } from '@lakehouse/state';

export interface NotifyPorts extends NotifyRunPorts {
  /** Where each announcement is remembered, so a retried task does not publish it twice. */
  readonly idempotency: { readonly client: DynamoDBClient; readonly tableName: string };
}

/**
 * The notify task (and notify-failure). Publishing to SNS is the one side effect of the pipeline
 * that nothing else makes idempotent: a Lambda retry or a Step Functions retry after a lost answer
 * would send the message again. So the publish is idempotent on (run id, status) with Powertools
 * Idempotency on DynamoDB: a repeated invocation returns the first one's message id.
 */
export function createHandler(ports: () => NotifyPorts) {
  const idempotent = once(() => {
    const p = ports();
    const config = new IdempotencyConfig({ eventKeyJmesPath: '[runId, status]' });
    const publish = makeIdempotent((event: NotifyInput) => notifyRun(p, event), {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: p.idempotency.tableName,
        keyAttr: IDEMPOTENCY_TABLE.partitionKey,
        expiryAttr: IDEMPOTENCY_TABLE.ttlAttribute,
        awsSdkV3Client: p.idempotency.client,
      }),
      config,
    });
    return { config, publish };
  });
  return taskHandler('notify', async (input, context) => {
    const { config, publish } = idempotent();
    config.registerLambdaContext(context); // an invocation about to time out leaves no stale record
    return publish(input);
  });
}

export const handler = createHandler(
  once(() => ({
    notifier: new SnsNotifier({
      client: tracer.captureAWSv3Client(new SNSClient(awsClientConfig())),
      topicArn: requireEnvironment(FUNCTION_ENVIRONMENT.topicArn),
    }),
    objects: objectStoreFromEnvironment(['reports']),
    idempotency: {
      client: tracer.captureAWSv3Client(createDynamoClient()),
      tableName: requireEnvironment(FUNCTION_ENVIRONMENT.idempotencyTable),
    },
  })),
);
