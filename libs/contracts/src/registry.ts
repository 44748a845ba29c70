import { ContractError } from './define';
import { orderItems } from './datasets/order-items';
import { orders } from './datasets/orders';
import { products } from './datasets/products';
import type { DatasetContract } from './types';

/** A checked set of contracts: foreign keys resolve, and the datasets are in dependency order. */
export interface DatasetRegistry {
  /** Contracts in DAG order: every dataset after the datasets its foreign keys reference. */
  readonly ordered: readonly DatasetContract[];
  /** The contract of a dataset; throws a message listing the known names. */
  get(name: string): DatasetContract;
  has(name: string): boolean;
  readonly names: readonly string[];
  /** Datasets referenced by this dataset's foreign keys. */
  parentsOf(name: string): readonly string[];
}

/**
 * Checks every foreign key (known dataset, referencing its primary key with the same type) and
 * orders the datasets parents-first; ties keep declaration order. A cycle is refused.
 */
export function createRegistry(contracts: readonly DatasetContract[]): DatasetRegistry {
  const byName = new Map<string, DatasetContract>();
  for (const c of contracts) {
    if (byName.has(c.name)) throw new ContractError(c.name, 'is declared twice in the registry');
    byName.set(c.name, c);
  }
  for (const c of contracts) {
    for (const fk of c.foreignKeys) {
      const parent = byName.get(fk.references.dataset);
      if (!parent)
        throw new ContractError(
          c.name,
          `foreign key "${fk.column}" references unknown dataset "${fk.references.dataset}"`,
        );
      if (parent.primaryKey !== fk.references.column) {
        throw new ContractError(
          c.name,
          `foreign key "${fk.column}" must reference the primary key of ${parent.name} ("${parent.primaryKey}")`,
        );
      }
      const childType = c.columns.find((col) => col.name === fk.column)!.type;
      const parentType = parent.columns.find((col) => col.name === parent.primaryKey)!.type;
      if (childType !== parentType) {
        throw new ContractError(
          c.name,
          `foreign key "${fk.column}" is ${childType} but ${parent.name}.${parent.primaryKey} is ${parentType}`,
        );
      }
    }
  }

  for (const c of contracts) {
    for (const check of c.crossChecks) {
      if (check.kind !== 'matchesParent') continue;
      const parent = byName.get(c.foreignKeys.find((fk) => fk.column === check.via)!.references.dataset)!;
      const mine = c.columns.find((col) => col.name === check.column)!.type;
      const theirs = parent.columns.find((col) => col.name === check.column)?.type;
      if (mine !== theirs) {
        throw new ContractError(
          c.name,
          `cross-check "${check.name}": ${parent.name} has no ${mine} column "${check.column}"`,
        );
      }
    }
  }

  const ordered: DatasetContract[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: DatasetContract, path: string[]) => {
    if (state.get(c.name) === 'done') return;
    if (state.get(c.name) === 'visiting') {
      throw new ContractError(c.name, `foreign keys form a cycle: ${[...path, c.name].join(' -> ')}`);
    }
    state.set(c.name, 'visiting');
    for (const fk of c.foreignKeys) visit(byName.get(fk.references.dataset)!, [...path, c.name]);
    state.set(c.name, 'done');
    ordered.push(c);
  };
  for (const c of contracts) visit(c, []);

  return {
    ordered,
    names: ordered.map((c) => c.name),
    has: (name) => byName.has(name),
    get(name) {
      const c = byName.get(name);
      if (!c) throw new Error(`unknown dataset "${name}" (known: ${[...byName.keys()].join(', ')})`);
      return c;
    },
    parentsOf: (name) => [...new Set(byName.get(name)?.foreignKeys.map((fk) => fk.references.dataset) ?? [])],
  };
}

/** The platform's datasets. Adding a dataset = adding a contract file and listing it here. */
export const datasets: DatasetRegistry = createRegistry([products, orders, orderItems]);
