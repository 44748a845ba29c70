import { compareText } from './json';
import type { SynthesizedStack } from './stack';

/** One failed check of the policy suite on one block of a synthesized stack. */
export interface PolicyFailure {
  /** Checkov-style id, e.g. `CKV_AWS_19`. */
  readonly check: string;
  /** The block's address, e.g. `aws_s3_bucket.raw`. */
  readonly address: string;
  readonly message: string;
}

/** A failure the code accepts, with the reason written beside the resource. */
export interface PolicySuppression extends PolicyFailure {
  readonly reason: string;
}

/** What the policy suite says about one stack. */
export interface PolicyVerdict {
  readonly failures: readonly PolicyFailure[];
  readonly suppressed: readonly PolicySuppression[];
}

/** The policy suite as the review uses it. */
export type PolicySuite = (stack: SynthesizedStack) => PolicyVerdict;

/** The policy suite's verdict on a change, split by whether the change made each finding. */
export interface PolicyComparison {
  /** Failing at the head and not at the base: this change introduces them. */
  readonly introduced: readonly PolicyFailure[];
  /** Failing at both. */
  readonly remaining: readonly PolicyFailure[];
  /** Failing at the base and not at the head: this change fixes them. */
  readonly fixed: readonly PolicyFailure[];
  /** Accepted at the head and not at the base: a rule this change chose not to meet. */
  readonly newlySuppressed: readonly PolicySuppression[];
}

/** The suite could not check a side: it refuses what it cannot read rather than pass it. */
export interface PolicyError {
  readonly error: string;
}

export const isPolicyError = (outcome: PolicyComparison | PolicyError): outcome is PolicyError =>
  'error' in outcome;

const keyOf = (f: PolicyFailure) => `${f.check} ${f.address}`;
const byCheckThenAddress = (a: PolicyFailure, b: PolicyFailure) =>
  compareText(a.check, b.check) || compareText(a.address, b.address) || compareText(a.message, b.message);
const NO_VERDICT: PolicyVerdict = { failures: [], suppressed: [] };

function verdictOf(suite: PolicySuite, side: string, stack: SynthesizedStack | undefined): PolicyVerdict {
  if (!stack) return NO_VERDICT;
  try {
    return suite(stack);
  } catch (error) {
    throw new Error(`at the ${side}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs the suite on both sides (an absent side has no findings) and compares. */
export function comparePolicies(
  suite: PolicySuite,
  base: SynthesizedStack | undefined,
  head: SynthesizedStack | undefined,
): PolicyComparison | PolicyError {
  let before: PolicyVerdict, after: PolicyVerdict;
  try {
    [before, after] = [verdictOf(suite, 'base', base), verdictOf(suite, 'head', head)];
  } catch (error) {
    return { error: (error as Error).message };
  }
  const failingBefore = new Set(before.failures.map(keyOf));
  const failingAfter = new Set(after.failures.map(keyOf));
  const suppressedBefore = new Set(before.suppressed.map(keyOf));
  return {
    introduced: after.failures.filter((f) => !failingBefore.has(keyOf(f))).sort(byCheckThenAddress),
    remaining: after.failures.filter((f) => failingBefore.has(keyOf(f))).sort(byCheckThenAddress),
    fixed: before.failures.filter((f) => !failingAfter.has(keyOf(f))).sort(byCheckThenAddress),
    newlySuppressed: after.suppressed.filter((s) => !suppressedBefore.has(keyOf(s))).sort(byCheckThenAddress),
  };
}
