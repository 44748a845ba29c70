import { isJsonObject, type Json, type JsonObject } from '../src/json';
import { blocksOf, type SynthesizedStack } from '../src/stack';

/**
 * The `terraform show -json` document of a first deploy of a synthesized stack (no terraform binary
 * here): every resource created, in the JSON plan format 1.2. As Terraform writes it, an argument
 * that refers to another resource (`${…}`) is left out of `after` and marked in `after_unknown`, as
 * are the attributes AWS assigns (`id`, `arn`, `tags_all`); a data source that depends on one is
 * read during apply. Nested blocks stay as cdktf writes them: the plan's schema-typed values are
 * beyond what a synth knows.
 */
export function planOfCreation(stack: SynthesizedStack): JsonObject {
  const resourceChanges: Json[] = [];
  const planned: Json[] = [];
  for (const block of [...blocksOf(stack).values()].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    const [after, unknown] = split(block.body);
    const name = block.address.split('.').pop() as string;
    const known = { mode: block.kind === 'data' ? 'data' : 'managed', type: block.type, name };
    if (block.kind === 'data') {
      if (!unknown) continue; // read while planning: in the prior state, not among the changes
      resourceChanges.push({
        address: block.address,
        ...known,
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: changeOf(['read'], after, unknown),
        action_reason: 'read_because_config_unknown',
      });
      continue;
    }
    const afterUnknown = { ...(isJsonObject(unknown) ? unknown : {}), id: true, arn: true, tags_all: true };
    resourceChanges.push({
      address: block.address,
      ...known,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: changeOf(['create'], after, afterUnknown),
    });
    planned.push({
      address: block.address,
      ...known,
      schema_version: 0,
      values: after ?? {},
      sensitive_values: {},
    });
  }
  const outputs = isJsonObject(stack.config['output']) ? stack.config['output'] : {};
  const outputChanges: JsonObject = {};
  for (const [name, output] of Object.entries(outputs)) {
    const [after, unknown] = split(isJsonObject(output) ? output['value'] : null);
    const sensitive = isJsonObject(output) && output['sensitive'] === true;
    outputChanges[name] = { ...changeOf(['create'], after, unknown ?? false), after_sensitive: sensitive };
  }
  return {
    format_version: '1.2',
    terraform_version: '1.14.0',
    planned_values: { root_module: { resources: planned } },
    resource_changes: resourceChanges,
    output_changes: outputChanges,
    configuration: { root_module: {} },
    timestamp: '2025-06-02T09:14:03Z',
    applyable: true,
    complete: true,
    errored: false,
  };
}

function changeOf(actions: string[], after: Json | undefined, afterUnknown: Json | undefined): JsonObject {
  return {
    actions,
    before: null,
    after: after ?? null,
    after_unknown: afterUnknown ?? {},
    before_sensitive: false,
    after_sensitive: {},
  };
}

/** A configuration value split into what is known while planning and the mask of what is not. */
function split(value: Json | undefined): [Json | undefined, Json | undefined] {
  if (typeof value === 'string') return value.includes('${') ? [undefined, true] : [value, undefined];
  if (Array.isArray(value)) {
    const parts = value.map(split);
    const unknown = parts.some(([, mask]) => mask !== undefined);
    return [
      parts.map(([known]) => known ?? null),
      unknown ? parts.map(([, mask]) => mask ?? false) : undefined,
    ];
  }
  if (isJsonObject(value)) {
    const known: JsonObject = {};
    const unknown: JsonObject = {};
    for (const [key, inner] of Object.entries(value)) {
      const [k, u] = split(inner);
      if (k !== undefined) known[key] = k;
      if (u !== undefined) unknown[key] = u;
    }
    return [known, Object.keys(unknown).length > 0 ? unknown : undefined];
  }
  return [value, undefined];
}
