import { randomUUID } from 'node:crypto';
import { createHandlers as createCatalogHandlers } from '@lakehouse/app-catalog';
import { createHandler as createClaimHandler } from '@lakehouse/app-claim';
import { createHandler as createFailHandler } from '@lakehouse/app-fail';
import { createHandler as createNotifyHandler } from '@lakehouse/app-notify';
import { createHandler as createQualityHandler } from '@lakehouse/app-quality';
import { createHandler as createSettleHandler } from '@lakehouse/app-settle';
import { createHandler as createTriggerHandler } from '@lakehouse/app-trigger';
import { createHandler as createValidateHandler } from '@lakehouse/app-validate';
import { createHandler as createVerifyHandler } from '@lakehouse/app-verify';
import { metrics } from '@lakehouse/lambda';
import type { LocalHandlerFactory } from '@lakehouse/pipeline';
import type { Context } from 'aws-lambda';

/** How long a local invocation may take (what a Lambda function's timeout would say). */
const LOCAL_INVOCATION_MS = 15 * 60_000;

/** The Lambda context of one local invocation of a function. */
function localContext(fn: string): Context {
  const deadline = Date.now() + LOCAL_INVOCATION_MS;
  const name = `lakehouse-local-${fn}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The Lambda apps' own handlers over the local ports: `lakehouse run` invokes the code the cloud
 * deploys (Powertools, event parsing with zod, the SQS batch processor, notify's idempotency on the
 * embedded DynamoDB-API server), each with a Lambda context.
 */
export const lambdaHandlers: LocalHandlerFactory = (ports) => {
  const invoke =
    (fn: string, handler: (event: unknown, context: Context) => Promise<unknown>) => (input: unknown) => {
      // One process runs every function: a fresh invocation starts without the last one's dimensions.
      metrics.clearDimensions();
      return handler(input, localContext(fn));
    };
  const local = () => ports;
  const catalog = createCatalogHandlers(() => ({}));
  const trigger = createTriggerHandler(local);
  return {
    trigger: invoke('trigger', trigger as (event: unknown, context: Context) => Promise<unknown>),
    tasks: {
      claim: invoke('claim', createClaimHandler(local)),
      validate: invoke('validate', createValidateHandler(local)),
      settle: invoke('settle', createSettleHandler(local)),
      catalog: invoke('catalog', catalog.start),
      'catalog-poll': invoke('catalog', catalog.poll),
      verify: invoke('verify', createVerifyHandler(local)),
      quality: invoke('quality', createQualityHandler(local)),
      notify: invoke('notify', createNotifyHandler(local)),
      fail: invoke('fail', createFailHandler(local)),
    },
  };
};
