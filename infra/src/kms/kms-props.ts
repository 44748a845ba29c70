import type { Naming } from '../core/naming';

export interface KmsProps {
  /** Names and ARNs of this environment. */
  readonly naming: Naming;
  /**
   * Waiting period before a scheduled key deletion completes (7–30 days).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}
