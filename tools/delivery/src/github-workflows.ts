import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Where GitHub reads workflows and the repository's own (composite) actions. */
export const WORKFLOWS_DIR = '.github/workflows';
export const ACTIONS_DIR = '.github/actions';

export type Permissions = 'read-all' | 'write-all' | Readonly<Record<string, 'read' | 'write' | 'none'>>;

export interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface Job {
  readonly name?: string;
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly permissions?: Permissions;
  readonly environment?: string | { readonly name: string };
  readonly concurrency?:
    string | { readonly group: string; readonly 'cancel-in-progress'?: boolean | string };
  /** A reusable workflow (`./.github/workflows/x.yml`) this job calls. */
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly steps?: readonly Step[];
}

export interface Workflow {
  readonly name?: string;
  readonly on: unknown;
  readonly permissions?: Permissions;
  readonly jobs: Readonly<Record<string, Job>>;
}

export interface CompositeAction {
  readonly runs: { readonly using: string; readonly steps?: readonly Step[] };
}

export interface YamlFile<T> {
  /** Relative to the workspace root, e.g. `.github/workflows/deploy.yml`. */
  readonly path: string;
  readonly source: string;
  readonly document: T;
}

function readYaml<T>(root: string, path: string): YamlFile<T> {
  const source = readFileSync(join(root, path), 'utf8');
  return { path, source, document: parse(source) as T };
}

export function readWorkflows(root: string): YamlFile<Workflow>[] {
  return readdirSync(join(root, WORKFLOWS_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => readYaml<Workflow>(root, `${WORKFLOWS_DIR}/${f}`));
}

/** Each `.github/actions/<name>/action.yml`. */
export function readActions(root: string): YamlFile<CompositeAction>[] {
  return readdirSync(join(root, ACTIONS_DIR))
    .sort()
    .map((name) => readYaml<CompositeAction>(root, `${ACTIONS_DIR}/${name}/action.yml`));
}

export const needsOf = (job: Job): readonly string[] =>
  job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs;

export const environmentOf = (job: Job): string | undefined =>
  typeof job.environment === 'string' ? job.environment : job.environment?.name;

/** Every step of the workflows and actions, with where it is. */
export function allSteps(
  workflows: readonly YamlFile<Workflow>[],
  actions: readonly YamlFile<CompositeAction>[],
): { readonly where: string; readonly step: Step; readonly job?: Job }[] {
  return [
    ...workflows.flatMap(({ path, document }) =>
      Object.entries(document.jobs).flatMap(([id, job]) =>
        (job.steps ?? []).map((step) => ({ where: `${path} ${id}`, step, job })),
      ),
    ),
    ...actions.flatMap(({ path, document }) =>
      (document.runs.steps ?? []).map((step) => ({ where: path, step })),
    ),
  ];
}
