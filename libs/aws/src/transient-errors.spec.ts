import {
  AdapterError,
  AWS_ADAPTER_TRANSIENT_ERRORS,
  CrawlerError,
  CrawlerUnavailableError,
  ExecutionStarterError,
  ExecutionStarterUnavailableError,
  NotifierError,
  NotifierUnavailableError,
  SqlQueryError,
  SqlQueryRefusedError,
  SqlQueryTimeoutError,
  SqlQueryUnavailableError,
} from '.';

describe('error names', () => {
  const errors: AdapterError[] = [
    new NotifierError('t', 'x'),
    new NotifierUnavailableError('t', 'x'),
    new ExecutionStarterError('m', 'n', 'x'),
    new ExecutionStarterUnavailableError('m', 'n', 'x'),
    new CrawlerError('c', 'x'),
    new CrawlerUnavailableError('c', 'x'),
    new SqlQueryRefusedError('w', 'x'),
    new SqlQueryError('w', 'FAILED', 'x'),
    new SqlQueryTimeoutError('w', 1),
    new SqlQueryUnavailableError('w', 'x'),
  ];

  it('are the class names, with distinct codes', () => {
    for (const error of errors) expect(error.name).toBe(error.constructor.name);
    expect(new Set(errors.map((e) => e.code)).size).toBe(errors.length);
  });

  it('list exactly the transient ones for a Step Functions Retry', () => {
    expect([...AWS_ADAPTER_TRANSIENT_ERRORS].sort()).toEqual(
      errors
        .filter((e) => e.transient)
        .map((e) => e.name)
        .sort(),
    );
  });
});
