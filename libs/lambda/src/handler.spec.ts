import type { Context } from 'aws-lambda';
import { MalformedEventError } from './malformed-event';
import { taskHandler } from './handler';
import { portLogger } from './powertools';
import { stdoutLines } from '../test/stdout-lines';

const context = { functionName: 'lakehouse-test-validate', awsRequestId: 'req-1' } as Context;
const RUN = 'run-0123456789abcdef0123456789abcdef01234567';
const file = { fileId: `f-${'0'.repeat(31)}1`, dataset: 'orders', bucket: 'raw', key: 'raw/orders/a b.csv' };

describe('a task handler', () => {
  it('returns the step output checked against the state document, with step metrics in EMF', async () => {
    const handler = taskHandler('validate', async (input) => ({
      fileId: input.file.fileId,
      dataset: input.file.dataset,
      status: 'VALIDATED',
      rowsIn: 3,
      rejectedRows: 0,
    }));
    let output: unknown;
    const lines = await stdoutLines(async () => {
      output = await handler({ runId: RUN, runStart: '2024-06-01T00:00:00Z', file }, context);
    });
    expect(output).toEqual({
      fileId: file.fileId,
      dataset: 'orders',
      status: 'VALIDATED',
      rowsIn: 3,
      rejectedRows: 0,
    });
    const emf = lines.find((l) => l._aws && (l as { step?: string }).step === 'validate');
    expect(emf).toMatchObject({
      service: 'lakehouse',
      step: 'validate',
      StepSucceeded: 1,
      StepDuration: expect.any(Number),
    });
    expect(JSON.stringify(emf)).toContain('"Namespace":"Lakehouse"');
  });

  it('logs a failure with the run id and file key as correlation keys, and counts it', async () => {
    const handler = taskHandler('validate', async () => {
      throw Object.assign(new Error('disk on fire'), { name: 'ObjectStoreUnavailableError' });
    });
    const lines = await stdoutLines(() =>
      handler({ runId: RUN, runStart: '2024-06-01T00:00:00Z', file }, context),
    );
    const log = lines.find((l) => l.level === 'ERROR');
    expect(log).toMatchObject({
      message: 'invocation failed',
      runId: RUN,
      fileKey: 'raw/orders/a b.csv',
      function_request_id: 'req-1',
      error: expect.objectContaining({ name: 'ObjectStoreUnavailableError', message: 'disk on fire' }),
    });
    expect(lines.find((l) => l._aws)).toMatchObject({ StepFailed: 1 });
    // The keys belong to that invocation only.
    const next = await stdoutLines(() => handler({ runId: 'x' }, context));
    expect(next.find((l) => l.level === 'ERROR')).not.toHaveProperty('fileKey');
  });

  it('refuses an output that is not what the state document says, rather than passing it on', async () => {
    const handler = taskHandler('validate', async () => ({ status: 'MAYBE' }) as never);
    await expect(handler({ runId: RUN, runStart: '2024-06-01T00:00:00Z', file }, context)).rejects.toThrow(
      /status/,
    );
  });

  it('refuses a malformed event with a MalformedEventError naming the fields', async () => {
    const handler = taskHandler('claim', async () => {
      throw new Error('not reached');
    });
    await expect(handler({ runId: 'bad id!', fileIds: [] }, context)).rejects.toThrow(
      new MalformedEventError('claim task input', [
        'runId: a run id is 1–80 characters of [A-Za-z0-9_-]',
        'pipeline: Invalid input: expected string, received undefined',
        'runStart: Invalid input: expected string, received undefined',
        'fileIds: Too small: expected array to have >=1 items',
      ]),
    );
  });

  it('gives a library the Logger port over the same JSON logger, correlation keys included', async () => {
    const handler = taskHandler('validate', async (input) => {
      portLogger.child({ dataset: input.file.dataset }).warn('row refused', { row: 3, column: 'qty' });
      return {
        fileId: input.file.fileId,
        dataset: 'orders',
        status: 'VALIDATED',
        rowsIn: 1,
        rejectedRows: 1,
      };
    });
    const lines = await stdoutLines(() =>
      handler({ runId: RUN, runStart: '2024-06-01T00:00:00Z', file }, context),
    );
    expect(lines.find((l) => l.message === 'row refused')).toMatchObject({
      level: 'WARN',
      runId: RUN,
      fileKey: file.key,
      dataset: 'orders',
      row: 3,
      column: 'qty',
      function_name: 'lakehouse-test-validate',
    });
  });
});
