import { LakehouseError } from '@lakehouse/contracts';

// The engine's conditions, each with a stable name and code (a state machine's Catch matches the
// name), like libs/state's errors.

export abstract class EngineError extends LakehouseError {}

/** A run manifest names a dataset the registry does not know. */
export class UnknownDatasetError extends EngineError {
  readonly code = 'UNKNOWN_DATASET';
  constructor(
    readonly dataset: string,
    readonly known: readonly string[],
  ) {
    super(`manifest names unknown dataset "${dataset}" (known: ${known.join(', ')})`);
  }
}

/** A manifest key that would lead outside the home folder (`raw/../…`): keys are data, not paths to follow. */
export class UnsafeKeyError extends EngineError {
  readonly code = 'UNSAFE_KEY';
  constructor(
    readonly key: string,
    readonly home: string,
  ) {
    super(`manifest key "${key}" is not a file below the home ${home}`);
  }
}

/** A statement of a compiled plan failed in DuckDB; names the statement so the log points at the plan. */
export class PlanStatementError extends EngineError {
  readonly code = 'PLAN_STATEMENT_FAILED';
  constructor(
    readonly statement: string,
    cause: unknown,
  ) {
    super(`plan statement ${statement} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

