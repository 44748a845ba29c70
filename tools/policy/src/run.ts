import type { Finding, Rule } from './rule';
import { RULES } from './rules';
import type { Stack } from './stack';

/** A finding the code accepted, with the reason written beside the resource. */
export interface Suppressed extends Finding {
  readonly reason: string;
}

export interface PolicyResult {
  readonly environment: string;
  /** The rules that applied to this environment. */
  readonly rules: readonly Rule[];
  readonly resourceCount: number;
  /** Findings nobody accepted: the suite fails on them. */
  readonly failures: readonly Finding[];
  readonly suppressed: readonly Suppressed[];
  /** Suppressions that match no finding (stale: the resource meets the rule now). */
  readonly unused: readonly { readonly check: string; readonly address: string }[];
}

/** A suppression needs a reason a reviewer can check. */
export const MIN_REASON_LENGTH = 20;

/**
 * Runs every rule that applies to the stack's environment. A finding is suppressed only by a
 * suppression of the same rule on the same resource with a written reason; a suppression without
 * one, or naming an unknown rule, is itself a failure.
 */
export function runPolicySuite(stack: Stack, rules: readonly Rule[] = RULES): PolicyResult {
  const applicable = rules.filter((r) => !r.environments || r.environments.includes(stack.environment));
  const findings = applicable.flatMap((rule) => rule.check(stack));
  const known = new Set(rules.map((r) => r.id));
  const failures: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const resource of stack.resources) {
    for (const s of resource.suppressions) {
      if (!known.has(s.id))
        failures.push({
          check: 'SUPPRESSION',
          address: resource.address,
          message: `suppresses unknown rule ${s.id}`,
        });
      else if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
        failures.push({
          check: 'SUPPRESSION',
          address: resource.address,
          message: `suppresses ${s.id} without a reason`,
        });
      }
    }
  }
  const reasonOf = (f: Finding) =>
    stack.byAddress
      .get(f.address)
      ?.suppressions.find(
        (s) =>
          s.id === f.check && typeof s.reason === 'string' && s.reason.trim().length >= MIN_REASON_LENGTH,
      )?.reason;
  for (const finding of findings) {
    const reason = reasonOf(finding);
    if (reason) suppressed.push({ ...finding, reason });
    else failures.push(finding);
  }
  const used = new Set(suppressed.map((s) => `${s.check} ${s.address}`));
  const unused = stack.resources.flatMap((r) =>
    r.suppressions
      .filter((s) => known.has(s.id) && !used.has(`${s.id} ${r.address}`))
      .map((s) => ({ check: s.id, address: r.address })),
  );
  return {
    environment: stack.environment,
    rules: applicable,
    resourceCount: stack.resources.length,
    failures,
    suppressed,
    unused,
  };
}

/** The result as text: one line per failure and per suppression, then a summary. */
export function renderResult(result: PolicyResult, source: string): string {
  const lines = [
    `policy suite: ${result.environment} (${source}): ${result.rules.length} rules on ${result.resourceCount} resources`,
  ];
  for (const f of result.failures) lines.push(`  FAIL       ${f.check} ${f.address}: ${f.message}`);
  for (const s of result.suppressed)
    lines.push(`  SUPPRESSED ${s.check} ${s.address}: ${s.message} — reason: ${s.reason}`);
  for (const u of result.unused)
    lines.push(`  UNUSED     ${u.check} ${u.address}: the suppression matches no finding`);
  lines.push(
    `  ${result.failures.length} failed, ${result.suppressed.length} suppressed, ${result.unused.length} unused suppressions`,
  );
  return lines.join('\n') + '\n';
}
