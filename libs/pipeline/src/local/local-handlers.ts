import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ExecutionStarter, Notifier, SqlQuery } from '@lakehouse/aws';
import type { DatasetRegistry } from '@lakehouse/contracts';
import { ExecutionInput, LAMBDA_TASKS, type LambdaTask } from '@lakehouse/orchestration';
import type { StateStore } from '@lakehouse/state';
import type { ObjectStore } from '@lakehouse/storage';
import type { SQSEvent } from 'aws-lambda';
import {
  assessRunQuality,
  claimRun,
  decideRunStart,
  markRunFailed,
  notifyRun,
  pollCatalogUpdate,
  registerArrival,
  settleRun,
  startCatalogUpdate,
  validateRunFile,
  verifyTables,
  type DecideRunStartInput,
} from '../steps';

/** What the handlers of a local run work with: the local adapters of every port. */
export interface LocalHandlerPorts {
  readonly objects: ObjectStore;
  readonly state: StateStore;
  readonly registry: DatasetRegistry;
  readonly notifier: Notifier;
  readonly sql: SqlQuery;
  /** The catalog database the local views are named in. */
  readonly database: string;
  /** The Powertools idempotency table of the notify handler, on the embedded server. */
  readonly idempotency: { readonly client: DynamoDBClient; readonly tableName: string };
  readonly leaseTtlMs?: number;
  /** Starts an execution of the state machine (the local interpreter). */
  readonly starter: ExecutionStarter;
  /** The trigger's settings: the pipeline, and the datasets a run waits for. */
  readonly run: DecideRunStartInput;
  /** The trigger's clock: the run start of the run it starts (`--run-start`). @default Date.now */
  readonly clock?: () => number;
}

/** The handlers a local run calls: the trigger (an SQS event of S3 notifications) and every Lambda task. */
export interface LocalHandlers {
  readonly trigger: (event: SQSEvent) => Promise<unknown>;
  readonly tasks: { readonly [T in LambdaTask]: (input: unknown) => Promise<unknown> };
}

export type LocalHandlerFactory = (ports: LocalHandlerPorts) => LocalHandlers;

/** A task over its step: the input and output checked against the state document's schemas. */
function task<T extends LambdaTask>(name: T, step: (input: never) => Promise<unknown>) {
  return async (raw: unknown) => {
    const schema = LAMBDA_TASKS[name];
    return schema.output.parse(await step(schema.input.parse(raw) as never));
  };
}

/**
 * The steps themselves as the handlers, without the Lambda wrapping (Powertools, the SQS batch
 * processor, idempotency): what the library's own tests run the definition with. `lakehouse run`
 * runs the Lambda apps' handlers instead (apps/cli), over the same steps.
 */
export const stepHandlers: LocalHandlerFactory = (ports) => ({
  async trigger(event) {
    for (const record of event.Records) {
      const notification = JSON.parse(record.body) as {
        Records: {
          s3: { bucket: { name: string }; object: { key: string; eTag?: string; size?: number } };
        }[];
      };
      for (const { s3 } of notification.Records) {
        await registerArrival(ports, {
          bucket: s3.bucket.name,
          key: decodeURIComponent(s3.object.key.replace(/\+/g, '%20')),
          eTag: s3.object.eTag,
          size: s3.object.size,
        });
      }
    }
    const decision = await decideRunStart(ports, ports.run);
    if (!decision.start) return { started: false, reason: decision.reason };
    const input = ExecutionInput.parse({ ...decision, pipeline: ports.run.pipeline });
    return ports.starter.start({ runId: decision.runId, input });
  },
  tasks: {
    claim: task('claim', (input) => claimRun(ports, input)),
    validate: task('validate', async (input) => (await validateRunFile(ports, input)).verdict),
    settle: task('settle', (input) => settleRun(ports, input)),
    catalog: task('catalog', (input) => startCatalogUpdate({}, input)),
    'catalog-poll': task('catalog-poll', (input) => pollCatalogUpdate({}, input)),
    verify: task('verify', (input) => verifyTables(ports, input)),
    quality: task('quality', async (input) => (await assessRunQuality(ports, input)).output),
    notify: task('notify', (input) => notifyRun(ports, input)),
    fail: task('fail', (input) => markRunFailed(ports, input)),
  },
});
