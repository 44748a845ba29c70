import { DERIVE_FUNCTIONS } from './derive';
import type { ColumnType, ComparisonOperator, DatasetContract, Rule, RuleValue } from './types';
import { compareTimestamps, parseTimestamp, type Timestamp, type TypedValue } from './typing';

const DAY_MS = 86_400_000;

/** What a rule predicate needs besides the row: the run start, for bounds relative to it. */
export interface RuleContext {
  readonly runStart: Date;
}

/** A row's typed values by column; a missing (or null) entry is null or failed typing. */
export type TypedRow = Readonly<Record<string, TypedValue | boolean | null | undefined>>;

export interface CompiledRule {
  readonly rule: Rule;
  /** The columns the rule reads: it is evaluated only when all of them typed to a non-null value. */
  readonly reads: readonly string[];
  /** True when the row satisfies the rule (or the rule does not apply to it). */
  readonly holds: (row: TypedRow) => boolean;
}

export function ruleColumns(rule: Rule): string[] {
  switch (rule.kind) {
    case 'compare':
    case 'range':
    case 'in':
      return [rule.column];
    case 'compareColumns':
      return [rule.left, rule.right];
    case 'derived':
      return [rule.column, rule.source];
  }
}

function compareValues(a: TypedValue | boolean, b: TypedValue | boolean): number {
  if (typeof a === 'object' && typeof b === 'object') return compareTimestamps(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new TypeError(`cannot compare ${typeof a} with ${typeof b}`);
}

const OPERATORS: Record<ComparisonOperator, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** Resolves a rule literal to a typed value of the column's type. */
export function resolveRuleValue(value: RuleValue, type: ColumnType, ctx: RuleContext): TypedValue {
  if (typeof value === 'object') {
    return {
      epochMs: ctx.runStart.getTime() + value.runStartPlusDays * DAY_MS,
      micros: 0,
    } satisfies Timestamp;
  }
  if (type === 'timestamp') {
    const ts = typeof value === 'string' ? parseTimestamp(value) : undefined;
    if (!ts) throw new TypeError(`not a timestamp literal: ${String(value)}`);
    return ts;
  }
  return value;
}

/** Compiles one rule of a contract to a JS predicate over typed rows. */
export function compileRule(contract: DatasetContract, rule: Rule, ctx: RuleContext): CompiledRule {
  const typeOf = (column: string) => contract.columns.find((c) => c.name === column)!.type;
  const reads = ruleColumns(rule);
  const test = ((): ((row: TypedRow) => boolean) => {
    switch (rule.kind) {
      case 'compare': {
        const value = resolveRuleValue(rule.value, typeOf(rule.column), ctx);
        const op = OPERATORS[rule.op];
        return (row) => op(compareValues(row[rule.column]!, value));
      }
      case 'range': {
        const type = typeOf(rule.column);
        const min = rule.min === undefined ? undefined : resolveRuleValue(rule.min, type, ctx);
        const max = rule.max === undefined ? undefined : resolveRuleValue(rule.max, type, ctx);
        return (row) => {
          const v = row[rule.column]!;
          return (
            (min === undefined || compareValues(v, min) >= 0) &&
            (max === undefined || compareValues(v, max) <= 0)
          );
        };
      }
      case 'in': {
        const type = typeOf(rule.column);
        const values = rule.values.map((v) => resolveRuleValue(v, type, ctx));
        return (row) => values.some((v) => compareValues(row[rule.column]!, v) === 0);
      }
      case 'compareColumns': {
        const op = OPERATORS[rule.op];
        return (row) => op(compareValues(row[rule.left]!, row[rule.right]!));
      }
      case 'derived': {
        const op = OPERATORS[rule.op];
        const derive = DERIVE_FUNCTIONS[rule.fn];
        return (row) => op(compareValues(row[rule.column]!, derive(row[rule.source] as Timestamp)));
      }
    }
  })();
  return { rule, reads, holds: (row) => reads.some((c) => row[c] == null) || test(row) };
}

export function compileRules(contract: DatasetContract, ctx: RuleContext): CompiledRule[] {
  return contract.rules.map((rule) => compileRule(contract, rule, ctx));
}
