import { createLogger, errorFields, type LogEntry } from './logger';
import { ContractError } from './define';

describe('createLogger', () => {
  it('hands every entry to the adapter with the fields of its parents merged', () => {
    const entries: LogEntry[] = [];
    const logger = createLogger((e) => entries.push(e)).child({ runId: 'run-1' });
    logger.info('run started', { files: 3 });
    logger.child({ step: 'settle' }).error('could not archive', { file: 'raw/orders/a.csv', runId: 'run-2' });
    expect(entries).toEqual([
      { level: 'info', message: 'run started', fields: { runId: 'run-1', files: 3 } },
      {
        level: 'error',
        message: 'could not archive',
        fields: { runId: 'run-2', step: 'settle', file: 'raw/orders/a.csv' },
      },
    ]);
  });

  it('describes a thrown value by name, message and the code of a typed error', () => {
    expect(errorFields(new ContractError('orders', 'bad'))).toEqual({
      name: 'ContractError',
      message: 'contract "orders": bad',
      code: 'INVALID_CONTRACT',
    });
    expect(errorFields('boom')).toEqual({ message: 'boom' });
  });
});
