import { isTransientAwsError, isTransientFsError } from '.';

const sdkError = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('isTransientAwsError', () => {
  it.each([
    ['throttling', sdkError('ThrottlingException')],
    ['S3 slow down', sdkError('SlowDown')],
    ['a timeout', sdkError('TimeoutError')],
    ['a 5xx', sdkError('Whatever', { $metadata: { httpStatusCode: 502 } })],
    ['a 429', sdkError('Whatever', { $metadata: { httpStatusCode: 429 } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an error the SDK marks retryable', sdkError('Other', { $retryable: { throttling: false } })],
  ])('retries %s', (_what, error) => expect(isTransientAwsError(error)).toBe(true));

  it.each([
    ['access denied', sdkError('AccessDenied', { $metadata: { httpStatusCode: 403 } })],
    ['a missing resource', sdkError('ResourceNotFoundException', { $metadata: { httpStatusCode: 400 } })],
    ['a validation error', sdkError('ValidationException')],
    ['a non-error', 'boom'],
    ['nothing', undefined],
  ])('does not retry %s', (_what, error) => expect(isTransientAwsError(error)).toBe(false));
});

describe('isTransientFsError', () => {
  it('retries running out of descriptors or a busy file, not a missing one', () => {
    expect(isTransientFsError(Object.assign(new Error(), { code: 'EMFILE' }))).toBe(true);
    expect(isTransientFsError(Object.assign(new Error(), { code: 'EBUSY' }))).toBe(true);
    expect(isTransientFsError(Object.assign(new Error(), { code: 'ENOENT' }))).toBe(false);
    expect(isTransientFsError(null)).toBe(false);
  });
});
