import { compareText } from './json';
import type { EnvironmentReview } from './markdown';
import { comparePolicies, type PolicySuite } from './policy';
import type { SynthesizedStack } from './stack';
import { diffStacks } from './stack-diff';

export interface ReviewInput {
  readonly base: ReadonlyMap<string, SynthesizedStack>;
  readonly head: ReadonlyMap<string, SynthesizedStack>;
  /** Environments in promotion order; stacks not named here follow, sorted. */
  readonly environmentOrder?: readonly string[];
  readonly policySuite?: PolicySuite;
}

/** Environment names in the given order; names not in it follow, sorted. */
export function orderedEnvironments(names: Iterable<string>, order: readonly string[]): string[] {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** One review per environment that has a stack at the base or at the head. */
export function reviewStacks({
  base,
  head,
  environmentOrder = [],
  policySuite,
}: ReviewInput): EnvironmentReview[] {
  return orderedEnvironments([...base.keys(), ...head.keys()], environmentOrder).map((environment) => {
    const [before, after] = [base.get(environment), head.get(environment)];
    return {
      diff: diffStacks(environment, before, after),
      policy: policySuite ? comparePolicies(policySuite, before, after) : undefined,
    };
  });
}
