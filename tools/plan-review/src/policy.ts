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

/** The policy suite as the review uses it: the failures of every check on one stack. */
export type PolicySuite = (stack: SynthesizedStack) => readonly PolicyFailure[];

/** The policy suite's verdict on a change: failures at the head, split by whether the change made them. */
export interface PolicyComparison {
  /** Failing at the head and not at the base: this change introduces them. */
  readonly introduced: readonly PolicyFailure[];
  /** Failing at both. */
  readonly remaining: readonly PolicyFailure[];
  /** Failing at the base and not at the head: this change fixes them. */
  readonly fixed: readonly PolicyFailure[];
}

const keyOf = (f: PolicyFailure) => `${f.check} ${f.address}`;
const byCheckThenAddress = (a: PolicyFailure, b: PolicyFailure) =>
  compareText(a.check, b.check) || compareText(a.address, b.address) || compareText(a.message, b.message);

/** Runs the suite on both sides (an absent side has no failures) and compares. */
export function comparePolicies(
  suite: PolicySuite,
  base: SynthesizedStack | undefined,
  head: SynthesizedStack | undefined,
): PolicyComparison {
  const before = base ? [...suite(base)] : [];
  const after = head ? [...suite(head)] : [];
  const beforeKeys = new Set(before.map(keyOf));
  const afterKeys = new Set(after.map(keyOf));
  return {
    introduced: after.filter((f) => !beforeKeys.has(keyOf(f))).sort(byCheckThenAddress),
    remaining: after.filter((f) => beforeKeys.has(keyOf(f))).sort(byCheckThenAddress),
    fixed: before.filter((f) => !afterKeys.has(keyOf(f))).sort(byCheckThenAddress),
  };
}
