import { DERIVE_SIGNATURES } from './derive';
import { LakehouseError } from './errors';
import { ruleColumns } from './rules';
import type { QualitySpec } from './documents/quality';
import type { ColumnType, DatasetContract, DerivedColumn, Rule, RuleValue } from './types';
import { parseDate, parseTimestamp } from './typing';

/** Thresholds of docs/contracts.md "Quality"; uniqueness is reported but has none. */
export const DEFAULT_THRESHOLDS = {
  completeness: 0.95,
  validity: 0.97,
  accuracy: 0.98,
  consistency: 0.99,
} as const;
export const DEFAULT_MAX_REJECT_RATIO = 0.2;

/** What a contract author writes; everything optional has the documented default. */
export interface ContractSpec extends Omit<
  DatasetContract,
  'foreignKeys' | 'partitionBy' | 'derived' | 'rules' | 'quality' | 'maxRejectRatio' | 'crossChecks'
> {
  /** @default [] */
  readonly foreignKeys?: DatasetContract['foreignKeys'];
  /** @default [] (unpartitioned) */
  readonly partitionBy?: DatasetContract['partitionBy'];
  /** @default [] */
  readonly derived?: readonly DerivedColumn[];
  /** @default [] */
  readonly rules?: readonly Rule[];
  /** @default { thresholds: DEFAULT_THRESHOLDS, onBreach: 'warn' } */
  readonly quality?: Partial<QualitySpec>;
  /** @default 0.2 */
  readonly maxRejectRatio?: number;
  /** @default [] */
  readonly crossChecks?: DatasetContract['crossChecks'];
}

/** Raised when a contract is inconsistent; the message names the dataset and the column or rule. */
export class ContractError extends LakehouseError {
  readonly code = 'INVALID_CONTRACT';
  constructor(
    readonly dataset: string,
    detail: string,
  ) {
    super(`contract "${dataset}": ${detail}`);
  }
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const ORDERED: readonly ColumnType[] = ['int', 'double', 'date', 'timestamp'];
const NUMERIC: readonly ColumnType[] = ['int', 'double'];

function comparable(a: ColumnType | 'boolean', b: ColumnType | 'boolean'): boolean {
  return a === b || (NUMERIC.includes(a as ColumnType) && NUMERIC.includes(b as ColumnType));
}

/** Checks a literal against the type of the column it is compared with. */
function literalFits(value: RuleValue, type: ColumnType): boolean {
  if (typeof value === 'object') return type === 'timestamp';
  switch (type) {
    case 'int':
      return Number.isInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && parseDate(value) !== undefined;
    case 'timestamp':
      return typeof value === 'string' && parseTimestamp(value) !== undefined;
    case 'string':
      return typeof value === 'string';
  }
}

/**
 * Builds a dataset contract and checks it: names, primary key, foreign-key and partition columns,
 * derived columns, and every rule's columns and literal types. Fails loudly at definition time.
 */
export function defineContract(spec: ContractSpec): DatasetContract {
  const fail = (detail: string): never => {
    throw new ContractError(spec.name, detail);
  };
  if (!IDENTIFIER.test(spec.name)) fail(`dataset name must match ${IDENTIFIER}`);
  if (spec.columns.length === 0) fail('has no columns');

  const types = new Map<string, ColumnType>();
  for (const c of spec.columns) {
    if (!IDENTIFIER.test(c.name)) fail(`column "${c.name}" must match ${IDENTIFIER}`);
    if (types.has(c.name)) fail(`column "${c.name}" is declared twice`);
    types.set(c.name, c.type);
  }
  const column = (name: string, role: string): ColumnType =>
    types.get(name) ?? fail(`${role} names unknown column "${name}"`);

  column(spec.primaryKey, 'primary key');
  if (!spec.columns.find((c) => c.name === spec.primaryKey)!.required) {
    fail(`primary key column "${spec.primaryKey}" must be required`);
  }
  for (const fk of spec.foreignKeys ?? []) column(fk.column, `foreign key to ${fk.references.dataset}`);
  for (const p of spec.partitionBy ?? []) column(p, 'partitionBy');
  if (spec.latestBy !== undefined && column(spec.latestBy, 'latestBy') !== 'timestamp') {
    fail(`latestBy column "${spec.latestBy}" must be a timestamp`);
  }

  const derived = spec.derived ?? [];
  for (const d of derived) {
    if (!IDENTIFIER.test(d.name) || types.has(d.name))
      fail(`derived column "${d.name}" clashes or is not a valid name`);
    const sig = DERIVE_SIGNATURES[d.fn] ?? fail(`derived column "${d.name}" uses unknown function "${d.fn}"`);
    const from = column(d.column, `derived column "${d.name}"`);
    if (from !== sig.from)
      fail(`derived column "${d.name}": ${d.fn} needs a ${sig.from} column, "${d.column}" is ${from}`);
    if (sig.to !== d.type)
      fail(`derived column "${d.name}" is declared ${d.type} but ${d.fn} yields ${sig.to}`);
  }

  const ruleNames = new Set<string>();
  for (const rule of spec.rules ?? []) {
    const where = `rule "${rule.name}"`;
    if (!IDENTIFIER.test(rule.name) || ruleNames.has(rule.name))
      fail(`${where}: name is invalid or repeated`);
    ruleNames.add(rule.name);
    for (const c of ruleColumns(rule)) column(c, where);
    checkRuleTypes(
      rule,
      (name) => types.get(name)!,
      (detail) => fail(`${where}: ${detail}`),
    );
  }

  for (const check of spec.crossChecks ?? []) {
    const where = `cross-check "${check.name}"`;
    if (!IDENTIFIER.test(check.name) || ruleNames.has(check.name))
      fail(`${where}: name is invalid or repeated`);
    ruleNames.add(check.name);
    if (!(spec.foreignKeys ?? []).some((fk) => fk.column === check.via)) {
      fail(`${where}: via "${check.via}" is not a foreign-key column`);
    }
    if (check.kind === 'matchesParent') column(check.column, where);
  }

  const maxRejectRatio = spec.maxRejectRatio ?? DEFAULT_MAX_REJECT_RATIO;
  if (!(maxRejectRatio >= 0 && maxRejectRatio <= 1))
    fail(`maxRejectRatio must be within 0–1, got ${maxRejectRatio}`);
  const quality: QualitySpec = {
    thresholds: spec.quality?.thresholds ?? DEFAULT_THRESHOLDS,
    onBreach: spec.quality?.onBreach ?? 'warn',
  };
  for (const [metric, t] of Object.entries(quality.thresholds)) {
    if (!(t >= 0 && t <= 1)) fail(`quality threshold "${metric}" must be within 0–1, got ${t}`);
  }

  return deepFreeze({
    ...spec,
    foreignKeys: spec.foreignKeys ?? [],
    partitionBy: spec.partitionBy ?? [],
    derived,
    rules: spec.rules ?? [],
    crossChecks: spec.crossChecks ?? [],
    quality,
    maxRejectRatio,
  });
}

function checkRuleTypes(rule: Rule, typeOf: (c: string) => ColumnType, fail: (d: string) => never): void {
  switch (rule.kind) {
    case 'compare': {
      const type = typeOf(rule.column);
      if (rule.op !== '=' && rule.op !== '!=' && !ORDERED.includes(type)) {
        fail(`"${rule.op}" needs an ordered column, "${rule.column}" is ${type}`);
      }
      if (!literalFits(rule.value, type))
        fail(`value ${JSON.stringify(rule.value)} is not a ${type} ("${rule.column}")`);
      return;
    }
    case 'range': {
      const type = typeOf(rule.column);
      if (!ORDERED.includes(type)) fail(`a range needs an ordered column, "${rule.column}" is ${type}`);
      if (rule.min === undefined && rule.max === undefined) fail('a range needs min, max or both');
      for (const bound of [rule.min, rule.max]) {
        if (bound !== undefined && !literalFits(bound, type)) {
          fail(`bound ${JSON.stringify(bound)} is not a ${type} ("${rule.column}")`);
        }
      }
      return;
    }
    case 'in': {
      const type = typeOf(rule.column);
      if (rule.values.length === 0) fail('an empty set accepts nothing');
      for (const v of rule.values)
        if (!literalFits(v, type)) fail(`value ${JSON.stringify(v)} is not a ${type} ("${rule.column}")`);
      return;
    }
    case 'compareColumns': {
      const [l, r] = [typeOf(rule.left), typeOf(rule.right)];
      if (!comparable(l, r)) fail(`cannot compare "${rule.left}" (${l}) with "${rule.right}" (${r})`);
      return;
    }
    case 'derived': {
      const sig = DERIVE_SIGNATURES[rule.fn] ?? fail(`unknown function "${rule.fn}"`);
      const source = typeOf(rule.source);
      if (source !== sig.from) fail(`${rule.fn} needs a ${sig.from} column, "${rule.source}" is ${source}`);
      const type = typeOf(rule.column);
      if (!comparable(type, sig.to))
        fail(`cannot compare "${rule.column}" (${type}) with ${rule.fn}() (${sig.to})`);
      return;
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
