import type { QualitySpec } from './documents/quality';

/** The column types a raw CSV cell can be typed to (see docs/contracts.md, "Typing"). */
export type ColumnType = 'int' | 'double' | 'timestamp' | 'date' | 'string';

/** Types a derived column can have (derived values are computed, never read from a file). */
export type DerivedType = ColumnType | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** A null (empty cell) in a required column is `NOT_NULL:<col>`. */
  readonly required: boolean;
  readonly description?: string;
}

export interface ForeignKey {
  readonly column: string;
  readonly references: { readonly dataset: string; readonly column: string };
}

/** Functions that derive a value from one column. Each is implemented once per backend. */
export type DeriveFunction = 'utcDate' | 'isWeekendUtc';

export interface DerivedColumn {
  readonly name: string;
  readonly type: DerivedType;
  readonly fn: DeriveFunction;
  readonly column: string;
  readonly description?: string;
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A bound or literal in a rule. Numbers for int/double columns, `YYYY-MM-DD` strings for
 * date columns, ISO 8601 instants for timestamp columns, or an instant relative to the run start.
 */
export type RuleValue = number | string | { readonly runStartPlusDays: number };

/**
 * The rule vocabulary. Rules are data: each compiles to a JS predicate (libs/contracts) and to a
 * SQL expression (libs/engine). A rule is evaluated only when every column it reads is non-null
 * and typed; otherwise it holds (null and TYPE are reported by their own codes).
 */
export type Rule =
  /** `column op value` */
  | {
      readonly kind: 'compare';
      readonly name: string;
      readonly column: string;
      readonly op: ComparisonOperator;
      readonly value: RuleValue;
    }
  /** `min <= column <= max` (inclusive; either bound may be omitted) */
  | {
      readonly kind: 'range';
      readonly name: string;
      readonly column: string;
      readonly min?: RuleValue;
      readonly max?: RuleValue;
    }
  /** `column ∈ values` */
  | {
      readonly kind: 'in';
      readonly name: string;
      readonly column: string;
      readonly values: readonly (number | string)[];
    }
  /** `left op right`, two columns of comparable types */
  | {
      readonly kind: 'compareColumns';
      readonly name: string;
      readonly left: string;
      readonly op: ComparisonOperator;
      readonly right: string;
    }
  /** `column op fn(source)`, e.g. date = utcDate(order_timestamp) */
  | {
      readonly kind: 'derived';
      readonly name: string;
      readonly column: string;
      readonly op: ComparisonOperator;
      readonly fn: DeriveFunction;
      readonly source: string;
    };

export type RuleKind = Rule['kind'];

/**
 * Checks that span a dataset and its parent, over the run's accepted rows, reported as
 * consistency warnings (they never reject a row). Both follow a foreign key (`via`).
 */
export type CrossCheck =
  /** Every accepted parent row of the run has at least one accepted row of this dataset in the run. */
  | {
      readonly kind: 'parentHasChildren';
      readonly name: string;
      readonly via: string;
      readonly description: string;
    }
  /** `column` of each accepted row equals `column` of the parent row it references through `via`. */
  | {
      readonly kind: 'matchesParent';
      readonly name: string;
      readonly via: string;
      readonly column: string;
      readonly description: string;
    };

export interface DatasetContract {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** The single-column primary key: deduplication and upsert key. */
  readonly primaryKey: string;
  readonly foreignKeys: readonly ForeignKey[];
  /** Hive partition columns of the stored table. */
  readonly partitionBy: readonly string[];
  readonly derived: readonly DerivedColumn[];
  readonly rules: readonly Rule[];
  /**
   * Deduplication winner: the row with the latest value of this column (a timestamp), then the
   * later file, then the later row. Without it, the later file then the later row wins.
   */
  readonly latestBy?: string;
  readonly quality: QualitySpec;
  /** Cross-dataset consistency checks against the parents of this dataset. */
  readonly crossChecks: readonly CrossCheck[];
  /** A file with more than this share of rows rejected at step 1 is quarantined whole. */
  readonly maxRejectRatio: number;
}
