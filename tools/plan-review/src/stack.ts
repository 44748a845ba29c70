import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isJsonObject, type Json, type JsonObject } from './json';

/** One environment's synthesized Terraform JSON (`cdktf.out/stacks/<env>/cdk.tf.json`). */
export interface SynthesizedStack {
  readonly name: string;
  readonly config: JsonObject;
}

/** A `resource` or `data` block of a stack, addressed as Terraform addresses it. */
export interface Block {
  /** `aws_s3_bucket.raw`, or `data.aws_iam_policy_document.tls`. */
  readonly address: string;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  /** The construct path cdktf records in the block's metadata, e.g. `dev/storage/raw`. */
  readonly constructPath?: string;
  /** The block's arguments, without cdktf's `//` metadata. */
  readonly body: JsonObject;
}

/** The top-level keys of a stack that hold settings rather than resources. */
export const SETTING_KEYS = ['terraform', 'provider', 'variable', 'locals', 'output', 'module'] as const;

const STACK_FILE = 'cdk.tf.json';
const METADATA_KEY = '//';

/** The stack in `stackFolder/cdk.tf.json`, named after the folder, or undefined when there is none. */
export function readStackFolder(stackFolder: string): SynthesizedStack | undefined {
  const file = join(stackFolder, STACK_FILE);
  if (!existsSync(file)) return undefined;
  const config = JSON.parse(readFileSync(file, 'utf8')) as Json;
  if (!isJsonObject(config)) throw new Error(`${file}: not a Terraform JSON object`);
  return { name: basename(stackFolder), config };
}

/**
 * Every stack under `<synthFolder>/stacks/*`, by name. A missing folder holds no stacks: the base
 * of a change that introduces the infrastructure has nothing synthesized.
 */
export function readSynthFolder(synthFolder: string): Map<string, SynthesizedStack> {
  const stacksDir = join(synthFolder, 'stacks');
  const stacks = new Map<string, SynthesizedStack>();
  if (!existsSync(stacksDir)) return stacks;
  for (const name of readdirSync(stacksDir).sort()) {
    const stack = readStackFolder(join(stacksDir, name));
    if (stack) stacks.set(name, stack);
  }
  return stacks;
}

function constructPathOf(block: JsonObject): string | undefined {
  const metadata = block[METADATA_KEY];
  const inner = isJsonObject(metadata) ? metadata['metadata'] : undefined;
  const path = isJsonObject(inner) ? inner['path'] : undefined;
  return typeof path === 'string' ? path : undefined;
}

/** The resource and data blocks of a stack, keyed by address. */
export function blocksOf(stack: SynthesizedStack | undefined): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (const kind of ['resource', 'data'] as const) {
    const byType = stack?.config[kind];
    if (!isJsonObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isJsonObject(byName)) continue;
      for (const [name, block] of Object.entries(byName)) {
        if (!isJsonObject(block)) continue;
        const { [METADATA_KEY]: _metadata, ...body } = block;
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        blocks.set(address, { address, kind, type, constructPath: constructPathOf(block), body });
      }
    }
  }
  return blocks;
}

/** The setting sections of a stack (backend, providers, outputs…), without cdktf's metadata. */
export function settingsOf(stack: SynthesizedStack | undefined): JsonObject {
  const settings: JsonObject = {};
  for (const key of SETTING_KEYS) {
    const value = stack?.config[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}
