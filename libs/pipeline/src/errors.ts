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

/** The local home cannot be used for this run; the CLI prints the message and exits 1. */
export class LocalHomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another run holds the home: one run per home at a time. */
export class HomeInUseError extends LocalHomeError {
  constructor(
    readonly home: string,
    readonly lockFile: string,
    readonly holder: {
      readonly pid: number;
      readonly host: string;
      readonly since: string;
      readonly runId?: string;
    },
  ) {
    const run = holder.runId ? `run ${holder.runId}, ` : '';
    super(
      `the home ${home} is in use by process ${holder.pid} on ${holder.host || 'an unknown host'} (${run}since ${holder.since || 'an unknown time'}): one run per home at a time; if that process has ended, remove ${lockFile}`,
    );
  }
}

/** The home cannot be created or written (read-only, under /proc, a file…). */
export class HomeNotUsableError extends LocalHomeError {
  constructor(
    readonly home: string,
    readonly reason: string,
  ) {
    super(`the home ${home} cannot be used: ${reason}`);
  }
}
