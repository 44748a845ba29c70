import { datasets as defaultRegistry, type DatasetRegistry } from '@lakehouse/contracts';
import {
  crossCheckQueries,
  crossCheckRelationNames,
  resolveCrossChecks,
  runKeyColumns,
} from './cross-checks-sql';
import { dialectOf } from './dialects';
import type { Dialect, Plan, PlanColumn, PlanRelation, PlanStatement } from './plan';
import { sessionStatements } from './plan-statements';
import { relationNames, runKeysRelation, tableColumns, tableRelation } from './relations';

/** The name of the cross-checks plan (and of its statements' prefix). */
export const CROSS_CHECKS = 'cross_checks';

export interface CrossChecksPlanOptions {
  /** @default the platform registry */
  readonly registry?: DatasetRegistry;
  /** The SQL name of a dataset's stored table, e.g. `lakehouse.orders` on Glue. @default the dataset name */
  readonly tableName?: (dataset: string) => string;
}

const column = (name: string, type: PlanColumn['type'], description: string): PlanColumn => ({
  name,
  type,
  nullable: true,
  description,
});

/**
 * The cross-dataset checks of the contracts as one plan (kind `crossChecks`), run after every
 * dataset of the run: it reads each dataset's run keys (`<ds>__run_keys`, the accepted rows of
 * the run, computed by the dataset plans) and the parent tables after the run. DuckDB runs it in
 * the run's session. On Glue a check belongs in its child dataset's job, after that job published
 * (the workflow starts it after its parents' jobs): the child's run keys are in its session, a
 * parent's are written under the run's prefix by the parent's job. A check whose two datasets did
 * not both run and publish is skipped: run a statement only when every run-keys relation it reads
 * was provided. Each check's counts (`cross_check__<name>`: checked, violations) and examples
 * (`cross_check_examples__<name>`: up to five offending rows) are views; the check's name is the
 * counts relation's name after `cross_check__`, its description the relation's description.
 */
export function compileCrossChecksPlan(dialect: Dialect, options: CrossChecksPlanOptions = {}): Plan {
  const d = dialectOf(dialect);
  const registry = options.registry ?? defaultRegistry;
  const tableName = options.tableName ?? ((name: string) => name);
  const checks = resolveCrossChecks(registry);
  const queries = crossCheckQueries(registry, d, tableName);

  const inputs = new Map<string, PlanRelation>();
  const runKeys = (dataset: string) => {
    const relation = runKeysRelation(registry.get(dataset), runKeyColumns(dataset, registry));
    inputs.set(relation.name, relation);
    return relation.name;
  };
  const statements: PlanStatement[] = sessionStatements(d, CROSS_CHECKS);
  const outputs: PlanRelation[] = [];
  for (const [i, { check, child, parent }] of checks.entries()) {
    const q = queries[i];
    const n = crossCheckRelationNames(check.name);
    let reads: string[];
    let examples: PlanColumn[];
    if (check.kind === 'parentHasChildren') {
      reads = [runKeys(parent.name), runKeys(child.name)];
      examples = [tableColumns(parent).find((c) => c.name === parent.primaryKey)!];
    } else {
      const table = tableRelation(parent, tableName(parent.name), 'parentTable');
      inputs.set(table.name, table);
      reads = [runKeys(child.name), table.name];
      const typeOf = (c: string) => tableColumns(child).find((x) => x.name === c)!.type;
      examples = [
        column(child.primaryKey, typeOf(child.primaryKey), `The ${child.name} row.`),
        column(check.via, typeOf(check.via), `The ${parent.name} row it references.`),
        column(`${child.name}_${check.column}`, typeOf(check.column), `Its ${check.column}.`),
        column(
          `${parent.name}_${check.column}`,
          typeOf(check.column),
          `The ${parent.name}'s ${check.column}.`,
        ),
      ];
    }
    statements.push(
      {
        name: `${CROSS_CHECKS}.${check.name}.counts`,
        phase: 'verdicts',
        inputs: reads,
        outputs: [n.counts],
        description: `${check.name}: rows checked and violations.`,
        sql: d.view(n.counts, q.counts),
      },
      {
        name: `${CROSS_CHECKS}.${check.name}.examples`,
        phase: 'verdicts',
        inputs: reads,
        outputs: [n.examples],
        description: `${check.name}: up to five offending rows.`,
        sql: d.view(n.examples, q.examples),
      },
    );
    outputs.push(
      {
        name: n.counts,
        role: 'crossCheckCounts',
        dataset: child.name,
        columns: [
          column('checked', 'BIGINT', 'Rows the check looked at.'),
          column('violations', 'BIGINT', 'Rows that break it.'),
        ],
        description: check.description,
      },
      {
        name: n.examples,
        role: 'crossCheckExamples',
        dataset: child.name,
        columns: examples,
        description: `Up to five rows breaking ${check.name}, in key order.`,
      },
    );
  }
  return {
    formatVersion: 1,
    kind: 'crossChecks',
    dataset: CROSS_CHECKS,
    dialect,
    partitionBy: [],
    sessionSettings: d.sessionSettings,
    inputs: [...inputs.values()],
    outputs,
    statements,
  };
}

/** The run-keys relation names a set of datasets provides (the datasets that ran). */
export const runKeysOf = (ran: Iterable<string>) => new Set([...ran].map((d) => relationNames(d).runKeys));
