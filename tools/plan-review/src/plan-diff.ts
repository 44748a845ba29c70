import { childPath, diffAttributes, type AttributeChange } from './attribute-diff';
import { compareText, isJsonObject, type Json, type JsonObject } from './json';
import { sensitiveMarker, UNKNOWN_MARKER } from './masking';
import type { Change, ResourceChange, TerraformPlan } from './plan-document';
import type { Block } from './stack';
import {
  blockChange,
  byTypeThenAddress,
  type BlockAction,
  type BlockChange,
  type StackDiff,
} from './stack-diff';

/** Whether a mask (`after_unknown`, `…_sensitive`) marks anything. */
const marksAnything = (mask: Json | undefined): boolean =>
  mask === true ||
  (Array.isArray(mask) && mask.some(marksAnything)) ||
  (isJsonObject(mask) && Object.values(mask).some(marksAnything));

/**
 * The value with every place its mask marks `true` replaced: Terraform leaves an unknown attribute
 * out of `after` (null in a list) and writes a sensitive value in clear, so both are put back as
 * markers for the diff to compare and the review to show.
 */
function overlay(
  value: Json | undefined,
  mask: Json | undefined,
  replace: (value: Json | undefined) => Json,
) {
  if (mask === true) return replace(value);
  if (!marksAnything(mask)) return value;
  if (Array.isArray(mask)) {
    const list: Json[] = Array.isArray(value) ? [...value] : [];
    mask.forEach((inner, i) => {
      if (marksAnything(inner)) list[i] = overlay(list[i], inner, replace) ?? null;
    });
    return list;
  }
  const object: JsonObject = isJsonObject(value) ? { ...value } : {};
  for (const [key, inner] of Object.entries(mask as JsonObject))
    if (marksAnything(inner)) object[key] = overlay(object[key], inner, replace) ?? null;
  return object;
}

/** Before and after as the review compares them: unknown and sensitive values as markers. */
function sidesOf(change: Change): [Json | undefined, Json | undefined] {
  const before = overlay(change.before ?? undefined, change.before_sensitive, sensitiveMarker);
  const after = overlay(
    overlay(change.after ?? undefined, change.after_sensitive, sensitiveMarker),
    change.after_unknown,
    () => UNKNOWN_MARKER,
  );
  return [before, after];
}

const isNothing = (value: Json | undefined) => value === undefined || value === null;

/** The changed attributes; an attribute null or absent on both sides (a schema default) is no change. */
function attributesOf(change: Change, path = ''): AttributeChange[] {
  const [before, after] = sidesOf(change);
  return diffAttributes(before, after, path).filter((a) => !(isNothing(a.before) && isNothing(a.after)));
}

/** Terraform's action lists, as the review groups them. No-op and read change nothing. */
function actionOf(actions: readonly string[]): BlockAction | 'none' | undefined {
  switch (actions.join(',')) {
    case 'no-op':
    case 'read':
      return 'none';
    case 'create':
      return 'add';
    case 'update':
      return 'change';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'delete':
    case 'forget':
      return 'remove';
    default:
      return undefined;
  }
}

function reasonOf(resource: ResourceChange): string | undefined {
  const { action_reason, previous_address, change } = resource;
  const forcedBy = (change.replace_paths ?? []).map((path) =>
    path.reduce<string>((text, key) => childPath(text, key), ''),
  );
  const parts = [
    action_reason,
    forcedBy.length > 0 ? `forced by ${forcedBy.join(', ')}` : undefined,
    change.actions.includes('forget') ? 'forgotten: removed from the state, left in AWS' : undefined,
    previous_address ? `moved from ${previous_address}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function blockOf(resource: ResourceChange): Block {
  const { before, after } = resource.change;
  const body = isJsonObject(after) ? after : isJsonObject(before) ? before : {};
  return {
    address: resource.deposed ? `${resource.address} (deposed ${resource.deposed})` : resource.address,
    kind: resource.mode === 'data' ? 'data' : 'resource',
    type: resource.type,
    body,
  };
}

/**
 * What a saved Terraform plan does to one environment, in the review's terms: resources created,
 * updated, replaced and destroyed with their changed attributes, and the outputs that change.
 * `source` names the plan file in errors.
 */
export function diffPlan(environment: string, plan: TerraformPlan, source: string): StackDiff {
  const groups: Record<BlockAction, BlockChange[]> = { add: [], change: [], replace: [], remove: [] };
  for (const resource of plan.resource_changes) {
    const action = actionOf(resource.change.actions);
    if (action === undefined)
      throw new Error(
        `${source}: ${resource.address}: actions ${JSON.stringify(resource.change.actions)} are not ones this review knows`,
      );
    if (action === 'none') continue;
    groups[action].push(
      blockChange(blockOf(resource), action, attributesOf(resource.change), reasonOf(resource)),
    );
  }
  const settings = Object.entries(plan.output_changes)
    .sort(([a], [b]) => compareText(a, b))
    .filter(([, output]) => actionOf(output.actions) !== 'none')
    .flatMap(([name, output]) => attributesOf(output, childPath('output', name)));
  return {
    environment,
    added: groups.add.sort(byTypeThenAddress),
    changed: groups.change.sort(byTypeThenAddress),
    replaced: groups.replace.sort(byTypeThenAddress),
    removed: groups.remove.sort(byTypeThenAddress),
    settings,
  };
}
