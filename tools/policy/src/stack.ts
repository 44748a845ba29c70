import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A resource block of a synthesized stack, as Terraform addresses it. */
export interface Resource {
  /** `aws_s3_bucket.Storage_raw_Bucket_1A2B3C4D` */
  readonly address: string;
  readonly type: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** Rules this resource is allowed to fail, each with the reason written beside it in the code. */
  readonly suppressions: readonly { readonly id: string; readonly reason: string }[];
}

/** One environment's synthesized Terraform JSON (`cdk.tf.json`), ready for the rules. */
export interface Stack {
  /** The environment (`dev`, `staging`, `prod`): the provider's default `environment` tag, else the folder name. */
  readonly environment: string;
  /** The project the resources are named after (the provider's default `project` tag). @default 'lakehouse' */
  readonly project: string;
  readonly resources: readonly Resource[];
  /** Resources by address. */
  readonly byAddress: ReadonlyMap<string, Resource>;
  /** Resources of one type. */
  ofType(type: string): readonly Resource[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function defaultTag(config: Json, tag: string): string | undefined {
  const providers = isObject(config.provider) ? config.provider.aws : undefined;
  const first = Array.isArray(providers) ? providers[0] : providers;
  const tags = isObject(first) && Array.isArray(first.default_tags) ? first.default_tags[0]?.tags : undefined;
  return isObject(tags) && typeof tags[tag] === 'string' ? (tags[tag] as string) : undefined;
}

/** Reads the stack JSON; `name` is used for the environment when the provider carries no tag. */
export function stackFromJson(config: Json, name: string): Stack {
  const resources: Resource[] = [];
  const byType = isObject(config.resource) ? config.resource : {};
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) continue;
    for (const [name, block] of Object.entries(byName)) {
      if (!isObject(block)) continue;
      const { '//': comment, ...body } = block;
      const suppressions =
        isObject(comment) && Array.isArray(comment.suppressions) ? comment.suppressions : [];
      resources.push({ address: `${type}.${name}`, type, body, suppressions });
    }
  }
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  return {
    environment: defaultTag(config, 'environment') ?? name,
    project: defaultTag(config, 'project') ?? 'lakehouse',
    resources,
    byAddress,
    ofType: (type) => resources.filter((r) => r.type === type),
  };
}

/** Reads `<dir>/cdk.tf.json` (or the file itself); the folder's name stands for the environment. */
export function readStack(path: string): Stack {
  const file = path.endsWith('.json') ? path : `${path.replace(/\/$/, '')}/cdk.tf.json`;
  return stackFromJson(JSON.parse(readFileSync(file, 'utf8')) as Json, basename(dirname(file)));
}

/** `${aws_s3_bucket.x.id}` → `aws_s3_bucket.x`; undefined for anything else. */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(value);
  return match?.[1];
}

/** The resources of `type` whose `attribute` references `target` (e.g. the versioning of a bucket). */
export function resourcesReferencing(
  stack: Stack,
  type: string,
  attribute: string,
  target: Resource,
): Resource[] {
  return stack.ofType(type).filter((r) => referencedAddress(r.body[attribute]) === target.address);
}

/** A block Terraform writes as a list of one object (`rule = [{…}]`) or as the object itself. */
export function block(value: unknown): Json | undefined {
  if (Array.isArray(value)) return isObject(value[0]) ? value[0] : undefined;
  return isObject(value) ? value : undefined;
}

export { isObject };
