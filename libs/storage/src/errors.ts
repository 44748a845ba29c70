import { AdapterError } from '@lakehouse/aws';
import type { ObjectPin } from './object-store';

// Every error of an ObjectStore names the object (s3://bucket/key or the local path) and has a
// stable name a Step Functions Catch/Retry can match.

const describePin = (pin?: ObjectPin) =>
  [pin?.versionId && `versionId ${pin.versionId}`, pin?.eTag && `eTag ${pin.eTag}`]
    .filter(Boolean)
    .join(', ');

/** A key (or prefix) that is not a valid object key: refused before any I/O. */
export class InvalidObjectKeyError extends AdapterError {
  override readonly name = 'InvalidObjectKeyError';
  readonly code = 'INVALID_OBJECT_KEY';
  readonly transient = false;
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** A zone the store was not given a bucket or folder for. */
export class ZoneNotConfiguredError extends AdapterError {
  override readonly name = 'ZoneNotConfiguredError';
  readonly code = 'ZONE_NOT_CONFIGURED';
  readonly transient = false;
  constructor(
    readonly zone: string,
    detail: string,
  ) {
    super(`zone ${zone} is not configured: ${detail}`);
  }
}

export class ObjectNotFoundError extends AdapterError {
  override readonly name = 'ObjectNotFoundError';
  readonly code = 'OBJECT_NOT_FOUND';
  readonly transient = false;
  constructor(
    readonly location: string,
    readonly pin?: ObjectPin,
  ) {
    super(`no object at ${location}${pin && describePin(pin) ? ` (${describePin(pin)})` : ''}`);
  }
}

/**
 * A read, copy or delete pinned to a versionId or an eTag found another object under the key:
 * the run was started for a file that has since been replaced (or the store keeps no versions).
 */
export class ObjectVersionMismatchError extends AdapterError {
  override readonly name = 'ObjectVersionMismatchError';
  readonly code = 'OBJECT_VERSION_MISMATCH';
  readonly transient = false;
  constructor(
    readonly location: string,
    readonly expected: ObjectPin,
    readonly found: string,
  ) {
    super(`${location} is not the pinned object (${describePin(expected)}): ${found}`);
  }
}

/** A transient failure (throttling, timeout, 5xx, connection) that outlasted the retries. */
export class ObjectStoreUnavailableError extends AdapterError {
  override readonly name = 'ObjectStoreUnavailableError';
  readonly code = 'OBJECT_STORE_UNAVAILABLE';
  readonly transient = true;
  constructor(
    readonly operation: string,
    readonly location: string,
    options: { cause: unknown; detail: string },
  ) {
    super(`${operation} ${location} failed, still unavailable after retries: ${options.detail}`, {
      cause: options.cause,
    });
  }
}

/** Any other failure: access denied, a missing bucket, a key the local file system cannot hold… */
export class ObjectStoreError extends AdapterError {
  override readonly name = 'ObjectStoreError';
  readonly code = 'OBJECT_STORE_FAILED';
  readonly transient = false;
  constructor(
    readonly operation: string,
    readonly location: string,
    options: { cause?: unknown; detail: string },
  ) {
    super(`${operation} ${location} failed: ${options.detail}`, { cause: options.cause });
  }
}

/** The names of the errors worth a Step Functions Retry. */
export const OBJECT_STORE_TRANSIENT_ERRORS = ['ObjectStoreUnavailableError'] as const;
