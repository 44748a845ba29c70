/**
 * Whether a saved Terraform plan would change anything, read from `terraform show -json <plan>`.
 * A deploy skips the apply (and its approval) of a plan that changes nothing: `nx affected` marks an
 * environment whenever a project it depends on changes, including through a test-only import.
 */
import type { TerraformPlan } from '@lakehouse/plan-review';

/** Actions that leave the infrastructure and the outputs as they are. */
const UNCHANGED = new Set(['no-op', 'read']);

/** The resource addresses and `output.<name>`s the plan changes, sorted. */
export function plannedChanges(plan: TerraformPlan): string[] {
  const changes = (actions: readonly string[]) => actions.some((action) => !UNCHANGED.has(action));
  return [
    ...plan.resource_changes.filter((r) => changes(r.change.actions)).map((r) => r.address),
    ...Object.entries(plan.output_changes)
      .filter(([, output]) => changes(output.actions))
      .map(([name]) => `output.${name}`),
  ].sort();
}
