import {
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  ObjectVersionMismatchError,
  OBJECT_STORE_TRANSIENT_ERRORS,
  s3ErrorOf,
} from '.';

// Plain objects shaped like the SDK's errors (name, $metadata): the mapping is a pure function.
const sdkError = (name: string, status?: number, message = name) =>
  Object.assign(new Error(message), { name, ...(status && { $metadata: { httpStatusCode: status } }) });

describe('s3ErrorOf', () => {
  const at = 's3://b/k';

  it('maps what S3 answers to the typed errors, naming the object', () => {
    expect(s3ErrorOf('get', at, sdkError('NoSuchKey', 404))).toBeInstanceOf(ObjectNotFoundError);
    expect(s3ErrorOf('head', at, sdkError('NotFound', 404))).toBeInstanceOf(ObjectNotFoundError);
    expect(s3ErrorOf('get', at, sdkError('PreconditionFailed', 412), { eTag: 'e1' })).toEqual(
      new ObjectVersionMismatchError(at, { eTag: 'e1' }, 'S3 refused the condition: the object changed'),
    );
    expect(s3ErrorOf('get', at, sdkError('NoSuchVersion', 404), { versionId: 'v1' }).message).toBe(
      's3://b/k is not the pinned object (versionId v1): S3 holds no such version of it',
    );
    expect(s3ErrorOf('get', at, sdkError('InvalidArgument', 400), { versionId: 'x' })).toBeInstanceOf(
      ObjectVersionMismatchError,
    );
    expect(s3ErrorOf('put', at, sdkError('NoSuchBucket', 404)).message).toBe(
      'put s3://b/k failed: the bucket does not exist',
    );
  });

  it('keeps transient failures apart from permanent ones', () => {
    const slow = s3ErrorOf('put', at, sdkError('SlowDown', 503, 'Please reduce your request rate.'));
    expect(slow).toBeInstanceOf(ObjectStoreUnavailableError);
    expect(slow.message).toBe(
      'put s3://b/k failed, still unavailable after retries: SlowDown: Please reduce your request rate.',
    );
    expect(s3ErrorOf('get', at, sdkError('TimeoutError'))).toBeInstanceOf(ObjectStoreUnavailableError);
    const denied = s3ErrorOf('get', at, sdkError('AccessDenied', 403, 'Access Denied'));
    expect(denied).toBeInstanceOf(ObjectStoreError);
    expect(denied.message).toBe('get s3://b/k failed: AccessDenied: Access Denied');
    expect(OBJECT_STORE_TRANSIENT_ERRORS).toEqual([slow.name]);
  });

  it('gives every error class a stable name equal to the class name', () => {
    for (const error of [
      new ObjectNotFoundError(at),
      new ObjectVersionMismatchError(at, {}, 'x'),
      new ObjectStoreError('get', at, { detail: 'x' }),
      new ObjectStoreUnavailableError('get', at, { cause: undefined, detail: 'x' }),
    ]) {
      expect(error.name).toBe(error.constructor.name);
    }
  });
});
