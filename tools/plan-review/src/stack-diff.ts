import { diffAttributes, type AttributeChange } from './attribute-diff';
import { compareText } from './json';
import { securityFlags, type SecurityFlag } from './security';
import { blocksOf, settingsOf, type Block, type SynthesizedStack } from './stack';

export type BlockAction = 'add' | 'change' | 'replace' | 'remove';

export interface BlockChange {
  readonly block: Block;
  readonly action: BlockAction;
  /** Changed arguments; for an added or removed block, all of its arguments. */
  readonly attributes: readonly AttributeChange[];
  readonly security: readonly SecurityFlag[];
  /** Why Terraform plans this action, when its plan says (a replacement's reason and the paths forcing it). */
  readonly reason?: string;
}

/** What a change does to one environment: its synthesized configuration, or its Terraform plan. */
export interface StackDiff {
  readonly environment: string;
  /** Sorted by type, then address. */
  readonly added: readonly BlockChange[];
  readonly changed: readonly BlockChange[];
  /** Destroyed and created again; only a Terraform plan knows (the provider decides). */
  readonly replaced: readonly BlockChange[];
  readonly removed: readonly BlockChange[];
  /** Backend, provider, variable and output changes, by path (`terraform.backend.s3.key`). */
  readonly settings: readonly AttributeChange[];
}

export const byTypeThenAddress = (a: BlockChange, b: BlockChange) =>
  compareText(a.block.type, b.block.type) || compareText(a.block.address, b.block.address);

export function blockChange(
  block: Block,
  action: BlockAction,
  attributes: readonly AttributeChange[],
  reason?: string,
): BlockChange {
  return {
    block,
    action,
    attributes,
    security: securityFlags(block, attributes),
    ...(reason ? { reason } : {}),
  };
}

/** Compares an environment's stack at the base and at the head; either side may be absent. */
export function diffStacks(
  environment: string,
  base: SynthesizedStack | undefined,
  head: SynthesizedStack | undefined,
): StackDiff {
  const [before, after] = [blocksOf(base), blocksOf(head)];
  const added: BlockChange[] = [];
  const changed: BlockChange[] = [];
  const removed: BlockChange[] = [];
  for (const [address, block] of after) {
    const old = before.get(address);
    if (!old) added.push(blockChange(block, 'add', diffAttributes(undefined, block.body)));
    else {
      const attributes = diffAttributes(old.body, block.body);
      if (attributes.length > 0) changed.push(blockChange(block, 'change', attributes));
    }
  }
  for (const [address, block] of before)
    if (!after.has(address))
      removed.push(blockChange(block, 'remove', diffAttributes(block.body, undefined)));
  return {
    environment,
    added: added.sort(byTypeThenAddress),
    changed: changed.sort(byTypeThenAddress),
    replaced: [],
    removed: removed.sort(byTypeThenAddress),
    settings: diffAttributes(settingsOf(base), settingsOf(head)),
  };
}

const blockChanges = (diff: StackDiff): BlockChange[] => [
  ...diff.added,
  ...diff.changed,
  ...diff.replaced,
  ...diff.removed,
];

export const hasChanges = (diff: StackDiff): boolean => blockChanges(diff).length + diff.settings.length > 0;

export const securityRelevant = (diff: StackDiff): BlockChange[] =>
  blockChanges(diff).filter((c) => c.security.length > 0);
