/**
 * A saved Terraform plan as `terraform show -json <planfile>` prints it (the JSON output format,
 * format version 1.x): only the parts the review reads. Unknown keys are ignored, as the format asks
 * of readers, so later minor versions still read.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import type { Json } from './json';

const json = z.json() as z.ZodType<Json>;

/**
 * A change of a resource instance or an output. Values are in clear; the masks have the shape of the
 * value with `true` where a value is unknown until apply (`after_unknown`) or sensitive.
 */
const change = z.object({
  actions: z.array(z.string()).min(1),
  before: json.optional(),
  after: json.optional(),
  after_unknown: json.optional(),
  before_sensitive: json.optional(),
  after_sensitive: json.optional(),
  /** The attribute paths whose change forces the replacement. */
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
});

const resourceChange = z.object({
  address: z.string().min(1),
  mode: z.enum(['managed', 'data']),
  type: z.string().min(1),
  /** Set when this change is to an object a failed create-before-destroy left behind. */
  deposed: z.string().optional(),
  /** Set when the resource was moved (a `moved` block) from this address. */
  previous_address: z.string().optional(),
  change,
  /** Why Terraform chose the action, e.g. `replace_because_cannot_update`. */
  action_reason: z.string().optional(),
});

const planDocument = z.object({
  format_version: z
    .string()
    .regex(/^1\.\d+$/, 'unsupported format version: this review reads the 1.x JSON plan format'),
  terraform_version: z.string().optional(),
  // Every plan has it and a state file (also `terraform show -json` output) does not.
  planned_values: z.object({}, 'not a plan: no planned_values (a state file?)'),
  resource_changes: z.array(resourceChange).default([]),
  output_changes: z.record(z.string(), change).default({}),
  errored: z.boolean().default(false),
});

export type TerraformPlan = z.infer<typeof planDocument>;
export type ResourceChange = TerraformPlan['resource_changes'][number];
export type Change = z.infer<typeof change>;

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}${text ? '.' : ''}${String(key)}`),
    '',
  );

/** A plan document from its JSON text; every error names `source` and the place in the document. */
export function parsePlan(text: string, source: string): TerraformPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${source}: not JSON (${(error as Error).message}); give the output of terraform show -json <planfile>`,
    );
  }
  const parsed = planDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = pathText(issue.path);
    throw new Error(`${source}: ${at ? `${at}: ` : ''}${issue.message}`);
  }
  if (parsed.data.errored)
    throw new Error(
      `${source}: the plan errored; Terraform will not apply it, so there is nothing to review`,
    );
  return parsed.data;
}

export const readPlan = (file: string): TerraformPlan => parsePlan(readFileSync(file, 'utf8'), file);
