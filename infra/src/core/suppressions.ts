import type { TerraformResource } from 'cdktf';

/** A policy rule deliberately not met by one resource, and why. */
export interface Suppression {
  /** The Checkov id of the rule, e.g. `CKV_AWS_18`. */
  readonly id: string;
  readonly reason: string;
}

/** Where the policy suite reads suppressions: the resource's `//` comment block, which Terraform ignores. */
export const SUPPRESSIONS_KEY = 'suppressions';

/**
 * Records in the synthesized JSON that `resource` does not meet rule `id`, with the reason.
 * The policy suite accepts the finding only with a reason and lists every suppression it used.
 */
export function suppress(resource: TerraformResource, id: string, reason: string): void {
  if (!/^CKV2?_AWS_\d+$/.test(id)) throw new Error(`suppress: "${id}" is not a Checkov AWS rule id`);
  if (reason.trim().length < 20)
    throw new Error(`suppress ${id}: give a reason a reviewer can check (got "${reason}")`);
  const existing = (suppressionsOf.get(resource) ?? []).concat({ id, reason });
  suppressionsOf.set(resource, existing);
  resource.addOverride(`//.${SUPPRESSIONS_KEY}`, existing);
}

const suppressionsOf = new WeakMap<TerraformResource, Suppression[]>();
