// Every refused conditional write surfaces as one of these, never as a bare
// ConditionalCheckFailedException: callers (Lambda handlers, Step Functions Catch clauses on the
// error name, the local pipeline) branch on the outcome, not on DynamoDB internals.

import { LakehouseError } from '@lakehouse/contracts';

/** Base class: `code` is stable for programs, `name` is the class name (what Step Functions matches). */
export abstract class StateError extends LakehouseError {}

/** A file identity that cannot be keyed (no bucket/key, or neither versionId nor eTag). */
export class InvalidFileIdentityError extends StateError {
  readonly code = 'INVALID_FILE_IDENTITY';
}

/** A run id that is not a valid Step Functions execution name, or a bad attempt number. */
export class InvalidRunIdError extends StateError {
  readonly code = 'INVALID_RUN_ID';
}

/** `FileRegistry.insert` found the same file identity already registered. */
export class AlreadyRegisteredError extends StateError {
  readonly code = 'ALREADY_REGISTERED';
  constructor(
    readonly fileId: string,
    readonly status: string,
  ) {
    super(`file ${fileId} is already registered (status ${status})`);
  }
}

export class FileNotFoundError extends StateError {
  readonly code = 'FILE_NOT_FOUND';
  constructor(readonly fileId: string) {
    super(`file ${fileId} is not registered`);
  }
}

/** A status change the lifecycle does not allow from the file's current status. */
export class InvalidTransitionError extends StateError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly fileId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`file ${fileId}: ${from} → ${to} is not an allowed transition`);
  }
}

/** The file is claimed by another run (a double claim, or a stale run writing after a takeover). */
export class AlreadyClaimedError extends StateError {
  readonly code = 'ALREADY_CLAIMED';
  constructor(
    readonly fileId: string,
    readonly heldBy: string,
    readonly requestedBy: string,
  ) {
    super(`file ${fileId} is claimed by run ${heldBy}, not ${requestedBy}`);
  }
}

/** A write that needs the file to be claimed by this run found it unclaimed. */
export class NotClaimedError extends StateError {
  readonly code = 'NOT_CLAIMED';
  constructor(
    readonly fileId: string,
    readonly runId: string,
  ) {
    super(`file ${fileId} is not claimed by run ${runId}`);
  }
}

/** Only files not yet validated-and-done can be claimed. */
export class NotPendingError extends StateError {
  readonly code = 'NOT_PENDING';
  constructor(
    readonly fileId: string,
    readonly status: string,
  ) {
    super(`file ${fileId} is ${status}, not pending`);
  }
}

export class RunNotFoundError extends StateError {
  readonly code = 'RUN_NOT_FOUND';
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
  }
}

/** A run write that needs RUNNING (steps, dataset summaries) or a second, different final status. */
export class InvalidRunTransitionError extends StateError {
  readonly code = 'INVALID_RUN_TRANSITION';
  constructor(
    readonly runId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`run ${runId}: ${from} → ${to} is not allowed (a finished run is immutable)`);
  }
}

/** A bookmark commit based on a version that is no longer current: someone committed in between. */
export class StaleBookmarkError extends StateError {
  readonly code = 'STALE_BOOKMARK';
  constructor(
    readonly job: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      `bookmark of job ${job}: commit based on version ${expectedVersion} refused, current version is ${actualVersion}`,
    );
  }
}

/** Another holder has an unexpired lease on the pipeline. */
export class LeaseHeldError extends StateError {
  readonly code = 'LEASE_HELD';
  constructor(
    readonly pipeline: string,
    readonly holder: string,
    readonly expiresAt: number,
  ) {
    super(`pipeline ${pipeline} is leased by ${holder} until ${new Date(expiresAt).toISOString()}`);
  }
}

/** Why a holder no longer holds its lease. */
export type LeaseLossReason = 'EXPIRED' | 'TAKEN_OVER' | 'RELEASED';

/** The caller's lease is gone (expired, released, or taken over): it must stop writing. */
export class LeaseLostError extends StateError {
  readonly code = 'LEASE_LOST';
  constructor(
    readonly pipeline: string,
    readonly holder: string,
    readonly token: number,
    readonly reason: LeaseLossReason,
    readonly currentHolder?: string,
  ) {
    super(
      `pipeline ${pipeline}: lease of ${holder} (token ${token}) is lost: ${reason}` +
        (currentHolder ? `, now held by ${currentHolder}` : ''),
    );
  }
}

/** The circuit breaker refuses new runs; `retryAt` says when it half-opens (or the trial times out). */
export class CircuitOpenError extends StateError {
  readonly code = 'CIRCUIT_OPEN';
  constructor(
    readonly pipeline: string,
    readonly state: 'OPEN' | 'HALF_OPEN',
    readonly consecutiveFailures: number,
    readonly retryAt: number,
    readonly lastFailure?: string,
  ) {
    super(
      state === 'OPEN'
        ? `circuit of pipeline ${pipeline} is open after ${consecutiveFailures} consecutive failures` +
            (lastFailure ? ` (last: ${lastFailure})` : '') +
            `; it half-opens at ${new Date(retryAt).toISOString()}`
        : `circuit of pipeline ${pipeline} is half-open and its one trial run is in progress; ` +
            `another trial is allowed after ${new Date(retryAt).toISOString()}`,
    );
  }
}

/** Optimistic retries gave up because other writers kept changing the item. */
export class ConcurrentUpdateError extends StateError {
  readonly code = 'CONCURRENT_UPDATE';
}

/** An existing table's keys or indexes differ from the definitions this code expects. */
export class TableSchemaMismatchError extends StateError {
  readonly code = 'TABLE_SCHEMA_MISMATCH';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`table ${table} does not match the expected definition: ${detail}`);
  }
}

/** A record would exceed DynamoDB's item size limit: refused before it is sent, naming what it is. */
export class StateItemTooLargeError extends StateError {
  readonly code = 'STATE_ITEM_TOO_LARGE';
  constructor(
    readonly what: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${what} is ${bytes} bytes, over the ${limit}-byte budget of a state record`);
  }
}
