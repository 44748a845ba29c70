import { ContractError } from '@lakehouse/contracts';
import { terminalLogger } from './logger';

describe('terminalLogger', () => {
  const lines = (debug?: boolean) => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => void (err += t) };
    const logger = terminalLogger(io, { debug }).child({ runId: 'run-1' });
    logger.debug('step started', { step: 'load' });
    logger.error('could not release the files', {
      files: ['f-1'],
      error: new ContractError('orders', 'bad'),
    });
    return err;
  };

  it('writes one readable line per entry to stderr, with its context', () => {
    expect(lines()).toBe(
      'error: could not release the files (runId=run-1, files=["f-1"], error=contract "orders": bad)\n',
    );
  });

  it('shows progress only when asked', () => {
    expect(lines(true)).toMatch(/^debug: step started \(runId=run-1, step=load\)\n/);
  });
});
