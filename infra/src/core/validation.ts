import type { IConstruct } from 'constructs';

/** A props value a construct refuses. The message names the construct (its class and path). */
export class ConstructValidationError extends Error {
  constructor(
    readonly constructName: string,
    readonly constructPath: string,
    message: string,
  ) {
    super(`${constructName} (${constructPath}): ${message}`);
    this.name = 'ConstructValidationError';
  }
}

/** Collects the problems of a props object, then throws once with all of them. */
export class PropsValidator {
  private readonly problems: string[] = [];

  constructor(
    private readonly constructName: string,
    private readonly scope: IConstruct,
    private readonly id: string,
  ) {}

  check(ok: boolean, problem: string): this {
    if (!ok) this.problems.push(problem);
    return this;
  }

  integer(value: number | undefined, field: string, min: number, max: number): this {
    return this.check(
      value === undefined || (Number.isInteger(value) && value >= min && value <= max),
      `${field} must be an integer from ${min} to ${max} (got ${value})`,
    );
  }

  throwIfInvalid(): void {
    if (this.problems.length === 0) return;
    const path = [...this.scope.node.scopes.map((s) => s.node.id).filter(Boolean), this.id].join('/');
    throw new ConstructValidationError(this.constructName, path, this.problems.join('; '));
  }
}
