import type { CrossDatasetCheck } from '@lakehouse/contracts';
import { formatPercent } from './format';

/** The most examples a check carries: enough to investigate, small enough for a report line. */
export const MAX_CROSS_CHECK_EXAMPLES = 5;

function example(row: Readonly<Record<string, unknown>>): string {
  return Object.entries(row)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** One human line: `orders_have_items: 3 of 120 violate (2.5%) — every order has at least one item; e.g. order_id=7, order_id=9`. */
export function describeCrossCheck(check: CrossDatasetCheck): string {
  if (check.violations === 0) return `${check.name}: ok, ${check.checked} checked — ${check.description}`;
  const rate = check.checked > 0 ? ` (${formatPercent(check.violations / check.checked)})` : '';
  const examples = check.examples.slice(0, MAX_CROSS_CHECK_EXAMPLES).map(example);
  const eg = examples.length > 0 ? `; e.g. ${examples.join(', ')}` : '';
  return `${check.name}: ${check.violations} of ${check.checked} violate${rate} — ${check.description}${eg}`;
}
