import type { DatasetContract } from '@lakehouse/contracts';
import type { SqlDialect } from './dialects';
import type { PlanStatement } from './plan';
import { tableColumns } from './relations';

/** The setup statements every plan starts with: one SET per session setting of the dialect. */
export function sessionStatements(d: SqlDialect, plan: string): PlanStatement[] {
  return Object.entries(d.sessionSettings).map(([name, value], i) => ({
    name: `${plan}.session.${i + 1}`,
    phase: 'setup',
    inputs: [],
    outputs: [],
    description: `Session setting ${name} = ${value}, which the plan relies on.`,
    sql: d.set(name, value),
  }));
}

/**
 * A relation computed once: DuckDB one CREATE OR REPLACE TEMPORARY TABLE; Spark a replaced view
 * then `CACHE TABLE` of it (`<name>.cache`). Each replaces what a retried step left behind.
 */
export function materializedStatements(
  statement: Omit<PlanStatement, 'sql'>,
  d: SqlDialect,
  relation: string,
  query: string,
): PlanStatement[] {
  const [first, ...rest] = d.materialize(relation, query);
  return [
    { ...statement, sql: first },
    ...rest.map((sql) => ({
      name: `${statement.name}.cache`,
      phase: statement.phase,
      inputs: [relation],
      outputs: [relation],
      description: `Computes ${relation} once, for the statements that read it.`,
      sql,
    })),
  ];
}

/**
 * Spark: creates a dataset's Delta table when it does not exist, with the contract's columns,
 * partitioning and location, so that a plan reading it never fails on a table not created yet.
 */
export function createTableStatement(
  plan: string,
  contract: DatasetContract,
  table: string,
  location: string | undefined,
  d: SqlDialect,
): PlanStatement {
  const columns = tableColumns(contract).map(
    (c) => `${d.ident(c.name)} ${d.type(c.type)}${c.nullable ? '' : ' NOT NULL'}`,
  );
  return {
    name: `${plan}.create_table.${contract.name}`,
    phase: 'setup',
    inputs: [],
    outputs: [table],
    description: `Creates the Delta table of ${contract.name} on the first run, so that reading it never fails.`,
    sql: [
      `CREATE TABLE IF NOT EXISTS ${table} (`,
      `  ${columns.join(',\n  ')}`,
      ')',
      'USING DELTA',
      ...(contract.partitionBy.length > 0
        ? [`PARTITIONED BY (${contract.partitionBy.map((p) => d.ident(p)).join(', ')})`]
        : []),
      ...(location ? [`LOCATION ${d.string(location)}`] : []),
    ].join('\n'),
  };
}
