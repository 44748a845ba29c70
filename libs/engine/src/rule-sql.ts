import {
  parseTimestamp,
  ruleColumns,
  type ColumnType,
  type ComparisonOperator,
  type DatasetContract,
  type Rule,
  type RuleValue,
} from '@lakehouse/contracts';
import { dialectOf, type SqlDialect } from './dialects';
import type { Dialect } from './plan';
import { deriveSql } from './typing-sql';

const MICROS_PER_DAY = 86_400_000_000;
const MICROS_PER_MS = 1000;

/** How a rule expression refers to the row's typed columns and to the run's start. */
export interface RuleSqlScope {
  /** SQL for the typed value of a column (NULL when null or untyped). @default the quoted name */
  readonly column?: (name: string) => string;
  /** SQL for the run start TIMESTAMP. @default `_run_start` */
  readonly runStart?: string;
}

const SQL_OPERATORS: Record<ComparisonOperator, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/**
 * Compiles one rule of the vocabulary to a boolean SQL expression that is TRUE when the row
 * satisfies the rule — and TRUE when any column the rule reads is NULL (empty or untyped), as in
 * the JS predicate: nulls and bad types are reported by their own codes, never as RULE. The
 * expression is never NULL, so `NOT (…)` is the violation.
 */
export function ruleToSql(
  rule: Rule,
  dialect: Dialect | SqlDialect,
  contract: DatasetContract,
  scope: RuleSqlScope = {},
): string {
  const d = typeof dialect === 'string' ? dialectOf(dialect) : dialect;
  const col = scope.column ?? ((name: string) => d.ident(name));
  const runStart = scope.runStart ?? '_run_start';
  const typeOf = (name: string): ColumnType => {
    const c = contract.columns.find((x) => x.name === name);
    if (!c) throw new Error(`rule "${rule.name}" reads unknown column "${name}" of ${contract.name}`);
    return c.type;
  };
  const literal = (value: RuleValue, type: ColumnType) => ruleLiteral(value, type, d, runStart);
  const test = ((): string => {
    switch (rule.kind) {
      case 'compare':
        return `${col(rule.column)} ${SQL_OPERATORS[rule.op]} ${literal(rule.value, typeOf(rule.column))}`;
      case 'range': {
        const type = typeOf(rule.column);
        const bounds = [
          rule.min === undefined ? undefined : `${col(rule.column)} >= ${literal(rule.min, type)}`,
          rule.max === undefined ? undefined : `${col(rule.column)} <= ${literal(rule.max, type)}`,
        ].filter((b) => b !== undefined);
        return bounds.join(' AND ');
      }
      case 'in': {
        const type = typeOf(rule.column);
        return `${col(rule.column)} IN (${rule.values.map((v) => literal(v, type)).join(', ')})`;
      }
      case 'compareColumns':
        return `${col(rule.left)} ${SQL_OPERATORS[rule.op]} ${col(rule.right)}`;
      case 'derived':
        return `${col(rule.column)} ${SQL_OPERATORS[rule.op]} ${deriveSql(rule.fn, col(rule.source), d)}`;
    }
  })();
  const nulls = ruleColumns(rule).map((c) => `${col(c)} IS NULL`);
  return `(${[...new Set(nulls)].join(' OR ')} OR (${test}))`;
}

/**
 * A rule literal typed like the column it is compared with. Doubles go through CAST('…' AS
 * DOUBLE) because a bare `0.1` is a DECIMAL in both engines; instants are written as epoch
 * microseconds so that no session time zone can shift them.
 */
export function ruleLiteral(
  value: RuleValue,
  type: ColumnType,
  d: SqlDialect,
  runStart = '_run_start',
): string {
  if (typeof value === 'object') {
    const micros = Math.round(value.runStartPlusDays * MICROS_PER_DAY);
    return d.fromEpochMicros(`${d.epochMicros(runStart)} + ${micros}`);
  }
  switch (type) {
    case 'int':
      return Number(value) < 0 ? `(${value})` : String(value);
    case 'double':
      return `CAST('${String(value)}' AS DOUBLE)`;
    case 'date':
      return `DATE '${String(value)}'`;
    case 'timestamp': {
      const ts = parseTimestamp(String(value));
      if (!ts) throw new Error(`not a timestamp literal: ${String(value)}`);
      const micros = BigInt(ts.epochMs) * BigInt(MICROS_PER_MS) + BigInt(ts.micros);
      return `${d.fromEpochMicros(micros.toString())} /* ${String(value)} */`;
    }
    case 'string':
      return d.string(String(value));
  }
}
