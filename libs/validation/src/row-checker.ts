import {
  compileRules,
  DERIVE_FUNCTIONS,
  parseValue,
  REJECT,
  rejectCode,
  type DatasetContract,
  type Timestamp,
  type TypedRow,
} from '@lakehouse/contracts';
import { normaliseHeader } from './reader';
import type { AcceptedValue, SchemaDrift } from './verdict';

export interface RowCheck {
  /** Step-1 codes in verdict order: MALFORMED_ROW, NOT_NULL:*, TYPE:* (column order), RULE:* (rule order). */
  readonly codes: readonly string[];
  readonly values: Record<string, AcceptedValue>;
}

export interface HeaderLayout {
  /** Contract column name → index in the file's header (absent for a missing optional column). */
  readonly index: ReadonlyMap<string, number>;
  readonly missingRequired: readonly string[];
  readonly duplicated: readonly string[];
  readonly drift: SchemaDrift;
}

/** Maps a file's header onto the contract: trimmed, case-insensitive, column order free. */
export function layoutHeader(contract: DatasetContract, header: readonly string[]): HeaderLayout {
  const names = header.map(normaliseHeader);
  const known = new Set(contract.columns.map((c) => c.name));
  const index = new Map<string, number>();
  const duplicated = new Set<string>();
  names.forEach((name, i) => {
    if (!known.has(name)) return;
    if (index.has(name)) duplicated.add(name);
    else index.set(name, i);
  });
  const missing = contract.columns.filter((c) => !index.has(c.name));
  return {
    index,
    missingRequired: missing.filter((c) => c.required).map((c) => c.name),
    duplicated: [...duplicated],
    drift: {
      extraColumns: names.filter((n) => !known.has(n)),
      missingOptionalColumns: missing.filter((c) => !c.required).map((c) => c.name),
    },
  };
}

const MALFORMED_ROW: readonly string[] = Object.freeze([REJECT.MALFORMED_ROW]);
const NO_CODES: readonly string[] = Object.freeze([]);

/**
 * Builds the step-1 check (docs/contracts.md, "Verdict order") for one file layout: field count,
 * NOT_NULL, TYPE, then the rules over the columns that typed. Cells are trimmed; an empty cell is
 * null. The codes of a row are read-only (shared when there are none).
 */
export function createRowChecker(
  contract: DatasetContract,
  layout: HeaderLayout,
  headerWidth: number,
  runStart: Date,
) {
  const rules = compileRules(contract, { runStart }).map((r) => ({
    holds: r.holds,
    code: rejectCode(REJECT.RULE, r.rule.name),
  }));
  const columns = contract.columns.map((c) => ({
    name: c.name,
    type: c.type,
    required: c.required,
    at: layout.index.get(c.name),
    nullCode: rejectCode(REJECT.NOT_NULL, c.name),
    typeCode: rejectCode(REJECT.TYPE, c.name),
  }));
  const derived = contract.derived.map((d) => ({
    name: d.name,
    column: d.column,
    derive: DERIVE_FUNCTIONS[d.fn],
  }));

  return (cells: readonly string[]): RowCheck => {
    if (cells.length !== headerWidth) return { codes: MALFORMED_ROW, values: {} };
    let nulls: string[] | undefined;
    let types: string[] | undefined;
    // Null cells are null here, untyped ones absent: rules skip both (TypedRow).
    const values: Record<string, AcceptedValue> = {};
    for (const col of columns) {
      const text = col.at === undefined ? '' : cells[col.at].trim();
      if (text === '') {
        values[col.name] = null;
        if (col.required) (nulls ??= []).push(col.nullCode);
        continue;
      }
      const value = parseValue(col.type, text);
      if (value === undefined) (types ??= []).push(col.typeCode);
      else values[col.name] = value;
    }
    let broken: string[] | undefined;
    for (const rule of rules) if (!rule.holds(values as TypedRow)) (broken ??= []).push(rule.code);
    if (nulls || types || broken)
      return { codes: [...(nulls ?? []), ...(types ?? []), ...(broken ?? [])], values };
    for (const d of derived) {
      const source = values[d.column];
      values[d.name] = source === undefined || source === null ? null : d.derive(source as Timestamp);
    }
    return { codes: NO_CODES, values };
  };
}
