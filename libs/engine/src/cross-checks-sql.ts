import type { CrossCheck, DatasetContract, DatasetRegistry } from '@lakehouse/contracts';
import { MAX_CROSS_CHECK_EXAMPLES } from '@lakehouse/quality';
import type { SqlDialect } from './dialects';
import { relationNames } from './relations';

/** A cross-check with the datasets it spans resolved from its foreign key. */
export interface ResolvedCrossCheck {
  readonly check: CrossCheck;
  readonly child: DatasetContract;
  readonly parent: DatasetContract;
}

export function resolveCrossChecks(registry: DatasetRegistry): ResolvedCrossCheck[] {
  return registry.ordered.flatMap((child) =>
    child.crossChecks.map((check) => {
      const fk = child.foreignKeys.find((f) => f.column === check.via)!;
      return { check, child, parent: registry.get(fk.references.dataset) };
    }),
  );
}

/**
 * The columns of a dataset's accepted rows that the checks read: the primary key, and for a
 * child the `via` and compared columns. Empty when the dataset takes part in no check.
 */
export function runKeyColumns(dataset: string, registry: DatasetRegistry): string[] {
  const columns = new Set<string>();
  for (const { check, child, parent } of resolveCrossChecks(registry)) {
    if (parent.name === dataset && check.kind === 'parentHasChildren') columns.add(parent.primaryKey);
    if (child.name === dataset) {
      columns.add(child.primaryKey).add(check.via);
      if (check.kind === 'matchesParent') columns.add(check.column);
    }
  }
  return [...columns];
}

/** Keeps the run's accepted keys (a few columns) for the checks that run after every dataset. */
export function runKeysSql(contract: DatasetContract, columns: readonly string[], d: SqlDialect): string {
  return `SELECT ${columns.map((c) => d.ident(c)).join(', ')} FROM ${relationNames(contract.name).accepted}`;
}

/** One check's query: one row (checked, violations), and the query of up to five offending rows. */
export interface CrossCheckQueries {
  readonly name: string;
  readonly description: string;
  readonly counts: string;
  readonly examples: string;
}

/**
 * The SQL of each check. `parentHasChildren`: accepted parent rows of the run without an accepted
 * child row in the run. `matchesParent`: accepted child rows of the run whose column differs from
 * the parent row they reference in the parent's table after this run's merge (children whose
 * parent is missing are the FK check's business, not counted here).
 */
export function crossCheckQueries(
  registry: DatasetRegistry,
  d: SqlDialect,
  tableName: (dataset: string) => string = (n) => n,
): CrossCheckQueries[] {
  return resolveCrossChecks(registry).map(({ check, child, parent }) => {
    const via = d.ident(check.via);
    const pk = d.ident(parent.primaryKey);
    if (check.kind === 'parentHasChildren') {
      const from = [
        `FROM ${relationNames(parent.name).runKeys} AS p`,
        `LEFT JOIN (SELECT DISTINCT ${via} AS _key FROM ${relationNames(child.name).runKeys}) AS c ON c._key = p.${pk}`,
      ].join('\n');
      return {
        name: check.name,
        description: check.description,
        counts: `SELECT COUNT(*) AS checked, COALESCE(SUM(CASE WHEN c._key IS NULL THEN 1 ELSE 0 END), 0) AS violations\n${from}`,
        examples: `SELECT p.${pk}\n${from}\nWHERE c._key IS NULL\nORDER BY p.${pk}\nLIMIT ${MAX_CROSS_CHECK_EXAMPLES}`,
      };
    }
    const column = d.ident(check.column);
    const childPk = d.ident(child.primaryKey);
    const from = `FROM ${relationNames(child.name).runKeys} AS k\nJOIN ${tableName(parent.name)} AS t ON t.${pk} = k.${via}`;
    const differs = `NOT (t.${column} = k.${column})`;
    return {
      name: check.name,
      description: check.description,
      counts: `SELECT COUNT(*) AS checked, COALESCE(SUM(CASE WHEN ${differs} THEN 1 ELSE 0 END), 0) AS violations\n${from}`,
      examples: [
        `SELECT k.${childPk}, k.${via}, k.${column} AS ${d.ident(`${child.name}_${check.column}`)}, t.${column} AS ${d.ident(`${parent.name}_${check.column}`)}`,
        from,
        `WHERE ${differs}`,
        `ORDER BY k.${childPk}`,
        `LIMIT ${MAX_CROSS_CHECK_EXAMPLES}`,
      ].join('\n'),
    };
  });
}

/** The relation names of one check's results. */
export const crossCheckRelationNames = (name: string) => ({
  counts: `cross_check__${name}`,
  examples: `cross_check_examples__${name}`,
});
