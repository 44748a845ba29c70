import { Construct } from 'constructs';
import { PropsValidator } from '../core/validation';
import { LakehouseQueue } from '../messaging/lakehouse-queue';
import type { FunctionsProps } from './functions-props';
import { LakehouseFunction } from './lakehouse-function';

/**
 * One Lambda function per app spec, each with its own role, log group and the shared dead-letter
 * queue of failed asynchronous invocations.
 */
export class Functions extends Construct {
  readonly functions: Readonly<Record<string, LakehouseFunction>>;
  readonly deadLetterQueue: LakehouseQueue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const names = props.functions.map((f) => f.name);
    const overrides = Object.keys(props.reservedConcurrencyByFunction ?? {});
    new PropsValidator('Functions', scope, id)
      .check(new Set(names).size === names.length, `two functions share a name: ${names.join(', ')}`)
      .check(
        overrides.every((name) => names.includes(name)),
        `reservedConcurrencyByFunction names an unknown function: ${overrides.filter((n) => !names.includes(n)).join(', ')}`,
      )
      .throwIfInvalid();
    const { naming } = props;
    this.deadLetterQueue = new LakehouseQueue(this, 'DeadLetters', {
      queueName: naming.name('functions-dlq'),
      key: props.dataKey,
      retentionSeconds: 1_209_600,
    });
    const functions: Record<string, LakehouseFunction> = {};
    for (const spec of props.functions) {
      const fn = new LakehouseFunction(this, spec.name, {
        naming,
        functionName: naming.name(spec.name),
        bundleDir: spec.bundleDir,
        handler: spec.handler,
        description: spec.description,
        environment: spec.environment,
        memorySize: spec.memorySize,
        timeoutSeconds: spec.timeoutSeconds,
        reservedConcurrency: props.reservedConcurrencyByFunction?.[spec.name] ?? props.reservedConcurrency,
        network: props.network,
        environmentKey: props.dataKey,
        logGroupName: naming.logGroup('lambda', spec.name),
        logsKey: props.logsKey,
        logRetentionDays: props.logRetentionDays,
        deadLetterQueue: this.deadLetterQueue,
      });
      spec.grant?.(fn);
      functions[spec.name] = fn;
    }
    this.functions = functions;
  }

  function(name: string): LakehouseFunction {
    const fn = this.functions[name];
    if (!fn)
      throw new Error(
        `Functions: no function "${name}" (deployed: ${Object.keys(this.functions).join(', ')})`,
      );
    return fn;
  }
}
