/** The command was given something it cannot work with (a missing folder, an unknown dataset folder). */
export class PipelineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineInputError';
  }
}
