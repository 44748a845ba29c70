import {
  compileRules,
  DERIVE_FUNCTIONS,
  parseValue,
  REJECT,
  rejectCode,
  type DatasetContract,
  type Timestamp,
  type TypedRow,
  type TypedValue,
} from '@lakehouse/contracts';
import { normaliseHeader } from './reader';
import type { AcceptedValue, SchemaDrift } from './verdict';

export interface RowCheck {
  /** Step-1 codes in verdict order: MALFORMED_ROW, NOT_NULL:*, TYPE:* (column order), RULE:* (rule order). */
  readonly codes: string[];
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

/**
 * Builds the step-1 check (docs/contracts.md, "Verdict order") for one file layout: field count, NOT_NULL, TYPE, then the
 * rules over the columns that typed. Cells are trimmed; an empty cell is null.
 */
export function createRowChecker(
  contract: DatasetContract,
  layout: HeaderLayout,
  headerWidth: number,
  runStart: Date,
) {
  const rules = compileRules(contract, { runStart });
  const columns = contract.columns.map((c) => ({ ...c, at: layout.index.get(c.name) }));

  return (cells: readonly string[]): RowCheck => {
    if (cells.length !== headerWidth) return { codes: [REJECT.MALFORMED_ROW], values: {} };
    const nulls: string[] = [];
    const types: string[] = [];
    const typed: Record<string, TypedValue | undefined> = {};
    const values: Record<string, AcceptedValue> = {};
    for (const col of columns) {
      const text = col.at === undefined ? '' : cells[col.at].trim();
      if (text === '') {
        values[col.name] = null;
        if (col.required) nulls.push(rejectCode(REJECT.NOT_NULL, col.name));
        continue;
      }
      const value = parseValue(col.type, text);
      if (value === undefined) types.push(rejectCode(REJECT.TYPE, col.name));
      else typed[col.name] = values[col.name] = value;
    }
    const broken = rules
      .filter((r) => !r.holds(typed as TypedRow))
      .map((r) => rejectCode(REJECT.RULE, r.rule.name));
    const codes = [...nulls, ...types, ...broken];
    if (codes.length === 0) {
      for (const d of contract.derived) {
        const source = typed[d.column];
        values[d.name] = source === undefined ? null : DERIVE_FUNCTIONS[d.fn](source as Timestamp);
      }
    }
    return { codes, values };
  };
}
