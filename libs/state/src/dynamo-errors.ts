// Classifying the SDK's errors in one place: the stores translate them into typed StateErrors.

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export function isResourceNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

export function isResourceInUse(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceInUseException';
}

/**
 * An operation the server does not implement. dynalite answers UnknownOperationException for
 * UpdateTimeToLive; other emulators say UnrecognizedClientException/"not supported".
 */
export function isUnsupportedOperation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'UnknownOperationException' ||
    /unknown ?operation|not (yet )?(supported|implemented)/i.test(error.message)
  );
}
