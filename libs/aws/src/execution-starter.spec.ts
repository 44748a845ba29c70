import {
  ExecutionStarterError,
  ExecutionStarterUnavailableError,
  EXECUTION_STARTER_TRANSIENT_ERRORS,
  executionArnOf,
  executionInput,
  executionNameOf,
  executionStartErrorOf,
  isExecutionAlreadyStarted,
} from '.';

const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:lakehouse-dev-run';
const sdkError = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('executionNameOf', () => {
  it("keeps a run id that is a valid name, so the console shows the run's id", () => {
    expect(executionNameOf('run-4f0c1b2a')).toBe('run-4f0c1b2a');
    expect(executionNameOf(`run-${'a'.repeat(40)}-a2`)).toBe(`run-${'a'.repeat(40)}-a2`);
  });

  it('hashes any other run id into a valid name, always the same for the same id', () => {
    for (const runId of ['run 1', 'run:1', 'run/1', '[run]*?', 'rün', 'r'.repeat(81)]) {
      const name = executionNameOf(runId);
      expect(name).toMatch(/^h-[0-9a-f]{64}$/);
      expect(name.length).toBeLessThanOrEqual(80);
      expect(executionNameOf(runId)).toBe(name);
    }
    expect(executionNameOf('run 1')).not.toBe(executionNameOf('run 2'));
    const hashed = executionNameOf('run 1');
    expect(executionNameOf(hashed)).not.toBe(hashed); // a run id that looks like a hash cannot collide with one
    expect(() => executionNameOf('')).toThrow(TypeError);
  });
});

describe('StartExecution outcomes', () => {
  it('derives the ARN of an existing execution from the state machine ARN', () => {
    expect(executionArnOf(machine, 'run-1')).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:lakehouse-dev-run:run-1',
    );
    expect(() => executionArnOf('arn:aws:sns:eu-west-1:1:topic', 'run-1')).toThrow(/not a state machine ARN/);
  });

  it('takes ExecutionAlreadyExists as "already started", and only that', () => {
    expect(isExecutionAlreadyStarted(sdkError('ExecutionAlreadyExists'))).toBe(true);
    expect(isExecutionAlreadyStarted(sdkError('StateMachineDoesNotExist'))).toBe(false);
  });

  it('surfaces other errors typed, naming the state machine and the execution', () => {
    const missing = executionStartErrorOf(
      machine,
      'run-1',
      sdkError('StateMachineDoesNotExist', 'State Machine Does Not Exist'),
    );
    expect(missing).toBeInstanceOf(ExecutionStarterError);
    expect(missing.message).toBe(
      `starting execution run-1 of ${machine} failed: StateMachineDoesNotExist: State Machine Does Not Exist`,
    );
    for (const transient of ['ExecutionLimitExceeded', 'ThrottlingException', 'KmsThrottlingException']) {
      const error = executionStartErrorOf(machine, 'run-1', sdkError(transient));
      expect(error).toBeInstanceOf(ExecutionStarterUnavailableError);
      expect(EXECUTION_STARTER_TRANSIENT_ERRORS).toContain(error.name);
    }
  });

  it('refuses an input Step Functions would refuse, before sending it', () => {
    expect(executionInput(machine, 'run-1', { runId: 'run-1' })).toBe('{"runId":"run-1"}');
    expect(() => executionInput(machine, 'run-1', { blob: 'x'.repeat(262_144) })).toThrow(
      /run-1 of .* failed: the input has 262155 bytes; Step Functions takes 262144/,
    );
  });
});
