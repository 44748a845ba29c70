import type { ColumnType, DeriveFunction, DerivedType } from './types';
import { isWeekendUtc, utcDateOf, type Timestamp } from './typing';

/** What each derive function reads and yields; used to type-check contracts. */
export const DERIVE_SIGNATURES: Record<DeriveFunction, { from: ColumnType; to: DerivedType }> = {
  utcDate: { from: 'timestamp', to: 'date' },
  isWeekendUtc: { from: 'timestamp', to: 'boolean' },
};

/** The JS implementation of each derive function (the SQL one lives in libs/engine). */
export const DERIVE_FUNCTIONS: Record<DeriveFunction, (value: Timestamp) => string | boolean> = {
  utcDate: utcDateOf,
  isWeekendUtc,
};
