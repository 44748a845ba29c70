import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  executionArnOf,
  executionInput,
  executionNameOf,
  executionStartErrorOf,
  isExecutionAlreadyStarted,
  type ExecutionRequest,
  type ExecutionStarted,
  type ExecutionStarter,
} from './execution-starter';

// The SDK client is loaded on first use: importing this library must not load every AWS client (~1 s each).
const sdk = () => import('./commands/sfn');

export interface SfnExecutionStarterOptions {
  /** Build it with `new SFNClient(awsClientConfig(settings))`: timeouts and retries come from there. */
  readonly client: SFNClient;
  readonly stateMachineArn: string;
}

/** Starts a Step Functions execution named after the run (IAM: `states:StartExecution` on the state machine). */
export class SfnExecutionStarter implements ExecutionStarter {
  constructor(private readonly options: SfnExecutionStarterOptions) {}

  async start(request: ExecutionRequest): Promise<ExecutionStarted> {
    const { client, stateMachineArn } = this.options;
    const name = executionNameOf(request.runId);
    const input = executionInput(stateMachineArn, name, request.input);
    try {
      const { StartExecutionCommand } = await sdk();
      const output = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
      return {
        name,
        executionArn: output.executionArn ?? executionArnOf(stateMachineArn, name),
        alreadyStarted: false,
      };
    } catch (error) {
      if (isExecutionAlreadyStarted(error)) {
        return { name, executionArn: executionArnOf(stateMachineArn, name), alreadyStarted: true };
      }
      throw executionStartErrorOf(stateMachineArn, name, error);
    }
  }
}
