import { LakehouseError } from '@lakehouse/contracts';

/** The command was given something it cannot work with (a missing folder, an unknown dataset folder). */
export class PipelineInputError extends LakehouseError {
  readonly code = 'INVALID_PIPELINE_INPUT';
}

/** The engine's summary lacks a file the run gave it: the run cannot settle that file. */
export class MissingFileOutcomeError extends LakehouseError {
  readonly code = 'MISSING_FILE_OUTCOME';
  constructor(readonly key: string) {
    super(`the engine reported nothing for ${key}`);
  }
}
