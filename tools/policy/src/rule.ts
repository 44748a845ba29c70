import type { Resource, Stack } from './stack';

/** One failed check on one resource (the shape the plan review reads). */
export interface Finding {
  /** The Checkov id of the rule, e.g. `CKV_AWS_19`. */
  readonly check: string;
  readonly address: string;
  readonly message: string;
}

export interface Rule {
  /** The Checkov id the rule implements (or `LAKEHOUSE_…` for the project's own). */
  readonly id: string;
  /** What the rule requires, in one line. */
  readonly title: string;
  /**
   * The environments the rule applies to.
   * @default every environment
   */
  readonly environments?: readonly string[];
  /** The failures on this stack. */
  check(stack: Stack): Finding[];
}

/** A rule checking each resource of some types on its own. */
export function perResource(
  id: string,
  title: string,
  types: readonly string[],
  problem: (resource: Resource, stack: Stack) => string | undefined,
  environments?: readonly string[],
): Rule {
  return {
    id,
    title,
    environments,
    check: (stack) =>
      types
        .flatMap((type) => stack.ofType(type))
        .flatMap((resource) => {
          const message = problem(resource, stack);
          return message ? [{ check: id, address: resource.address, message }] : [];
        }),
  };
}
