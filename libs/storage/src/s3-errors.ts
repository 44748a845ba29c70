import { AdapterError, httpStatusOf, isTransientAwsError, messageOf } from '@lakehouse/aws';
import {
  ObjectNotFoundError,
  ObjectStoreError,
  ObjectStoreUnavailableError,
  ObjectVersionMismatchError,
} from './errors';
import type { ObjectPin } from './object-store';

/**
 * Translates what the S3 client threw (after its own retries) into the store's typed errors, each
 * naming the object. HeadObject errors carry no body, so a 404 there is only "NotFound".
 */
export function s3ErrorOf(operation: string, location: string, error: unknown, pin?: ObjectPin): Error {
  if (error instanceof AdapterError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const status = httpStatusOf(error);
  if (name === 'NoSuchVersion' || (pin?.versionId !== undefined && name === 'InvalidArgument')) {
    return new ObjectVersionMismatchError(location, pin ?? {}, 'S3 holds no such version of it');
  }
  if (name === 'PreconditionFailed' || status === 412) {
    return new ObjectVersionMismatchError(
      location,
      pin ?? {},
      'S3 refused the condition: the object changed',
    );
  }
  if (name === 'NoSuchBucket') {
    return new ObjectStoreError(operation, location, { cause: error, detail: 'the bucket does not exist' });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404)
    return new ObjectNotFoundError(location, pin);
  const detail = `${typeof name === 'string' ? `${name}: ` : ''}${messageOf(error)}`;
  return isTransientAwsError(error)
    ? new ObjectStoreUnavailableError(operation, location, { cause: error, detail })
    : new ObjectStoreError(operation, location, { cause: error, detail });
}
