import type { Plan } from '@lakehouse/engine';

/** A dataset job's part in the cross-dataset checks, read from the compiled cross-checks plan. */
export interface CrossCheckPart {
  /** Its checks (the plan's outputs of its dataset) run in its job after it published. */
  readonly runsChecks: boolean;
  /** A check of another dataset reads its run keys: it writes them under the run's prefix. */
  readonly writesRunKeys: boolean;
  /** The datasets whose run keys (and report, saying whether they published) its checks read. */
  readonly readsRunKeysOf: readonly string[];
}

/**
 * How the cross-checks plan splits over the dataset jobs, by the rule the Glue runner applies
 * (cross_checks.py `for_dataset`): a statement belongs to the dataset its outputs name, and a
 * run-keys input of another dataset's statement must be written by that input's job.
 */
export function crossCheckPart(plan: Plan, dataset: string): CrossCheckPart {
  const owner = new Map(plan.outputs.map((r) => [r.name, r.dataset]));
  const runKeysOf = new Map(plan.inputs.filter((r) => r.role === 'runKeys').map((r) => [r.name, r.dataset]));
  const checks = plan.statements.filter((s) => s.phase === 'verdicts');
  const own = checks.filter((s) => s.outputs.some((o) => owner.get(o) === dataset));
  const others = checks.filter((s) => !own.includes(s));
  const read = (statements: typeof checks) =>
    statements.flatMap((s) => s.inputs.flatMap((i) => runKeysOf.get(i) ?? []));
  return {
    runsChecks: own.length > 0,
    writesRunKeys: read(others).includes(dataset),
    readsRunKeysOf: [...new Set(read(own).filter((d) => d !== dataset))],
  };
}

/** Whether a job has a part in the checks at all (and so gets the cross-checks plan). */
export const takesPart = (part: CrossCheckPart | undefined): part is CrossCheckPart =>
  Boolean(part && (part.runsChecks || part.writesRunKeys));
